"""The PostgreSQL event store: append with an expected version, read a stream or a range.

Version convention (stated once, here): events in a stream are numbered 1, 2, 3 …;
`expected_version` is the stream's version *before* the append — 0 for a stream that must
not exist yet — as in KurrentDB's `append_to_stream(stream, events, current_version)`.
(Marten's `expectedVersion` means the version after the append: the opposite.)

`append_to_stream` runs inside the caller's transaction, so the events and the service's
own state change commit together or not at all.
"""

from __future__ import annotations

import contextlib
import json
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from psycopg import Connection

from liudong_events.catalog import SCHEMA_VERSION, EventData, type_of
from liudong_events.envelope import Envelope
from liudong_events.ids import new_id

NOTIFY_CHANNEL = "liudong_events"
APPEND_LOCK = 0x11D0_E7E7  # the advisory lock key every append to `events` takes


class WrongExpectedVersion(Exception):
    """Someone appended to the stream since the caller read it."""

    def __init__(self, stream_id: str, expected: int, actual: int) -> None:
        super().__init__(f"stream {stream_id}: expected version {expected}, found {actual}")
        self.stream_id, self.expected, self.actual = stream_id, expected, actual


@dataclass(frozen=True)
class NewEvent:
    data: EventData
    partition_key: str


@dataclass(frozen=True)
class StreamAppend:
    """Events for one stream, to follow `expected_version` (see the module docstring)."""

    stream_id: str
    expected_version: int
    events: Sequence[NewEvent]


def append_to_stream(
    conn: Connection[Any],
    stream_id: str,
    events: Sequence[NewEvent],
    expected_version: int,
    *,
    actor: dict[str, str] | None = None,
) -> None:
    """Append `events` to one stream after `expected_version`, in the caller's transaction."""
    append_to_streams(conn, [StreamAppend(stream_id, expected_version, events)], actor=actor)


def append_to_streams(
    conn: Connection[Any],
    appends: Sequence[StreamAppend],
    *,
    actor: dict[str, str] | None = None,
) -> None:
    """Append to several streams at once; all or none. The caller owns the transaction.

    A lock is taken last in the transaction and held to its commit so that positions
    become visible in the order they are assigned: a relay reading `position > last` can
    then never skip an event whose transaction commits late (the reasoning of
    eventsourcing's `_lock_table`). It is an advisory transaction lock that every append
    takes, rather than LOCK TABLE, so the service's role needs no UPDATE right on the
    append-only `events`. Call this as the last statement before the commit: it serialises
    only this insert-and-commit, not the work before it.
    """
    if not conn.info.transaction_status:
        raise RuntimeError("append_to_streams must run inside a transaction")
    # Rows straight from the events (JSON from pydantic's serializer): a batch import
    # appends hundreds of thousands; relays and readers build envelopes from the rows.
    recorded, who = datetime.now(UTC), json.dumps(actor) if actor else None
    rows = [
        (
            a.stream_id,
            a.expected_version + i,
            new_id(),
            type_of(e.data),
            SCHEMA_VERSION,
            e.partition_key,
            e.data.model_dump_json(),
            recorded,
            who,
        )
        for a in appends
        for i, e in enumerate(a.events, start=1)
    ]
    # A clerk's command in two round trips (the lock with the versions, then the rows with
    # the NOTIFY) rather than four; COPY, for an import's many rows, cannot be pipelined.
    with conn.pipeline() if len(rows) < COPY_FROM else contextlib.nullcontext():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (APPEND_LOCK,))
        actual = dict(
            conn.execute(
                "SELECT stream_id, max(version) FROM events"
                " WHERE stream_id = ANY(%s) GROUP BY stream_id",
                ([a.stream_id for a in appends],),
            ).fetchall()
        )
        for a in appends:
            if int(actual.get(a.stream_id, 0)) != a.expected_version:
                raise WrongExpectedVersion(
                    a.stream_id, a.expected_version, int(actual.get(a.stream_id, 0))
                )
        insert_rows(conn, "events", EVENT_COLUMNS, rows)
        conn.execute(f"NOTIFY {NOTIFY_CHANNEL}")


EVENT_COLUMNS = (
    "stream_id",
    "version",
    "event_id",
    "type",
    "schema_version",
    "partition_key",
    "data",
    "recorded_at",
    "actor",
)
COPY_FROM = 20  # rows: from here on COPY beats a pipelined INSERT per row (batch imports)


def array_literal(items: Iterable[str]) -> str:
    """A PostgreSQL array as text, for elements that need no quoting (ids, pinyin letters):
    written straight into COPY, far cheaper than adapting a list element by element."""
    return "{" + ",".join(items) + "}"


def _copy_text(value: Any) -> str:
    """A value in COPY's text format, made here rather than by psycopg's row writer (a few
    times cheaper, and a rebuild or an import writes millions)."""
    if isinstance(value, str):
        if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
            return (
                value.replace("\\", "\\\\")
                .replace("\t", "\\t")
                .replace("\n", "\\n")
                .replace("\r", "\\r")
            )
        return value
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, int | float | Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, date):  # a datetime too
        return value.isoformat()
    raise TypeError(type(value).__name__)


def insert_rows(
    conn: Connection[Any], table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Insert many rows: COPY when there are many, else one pipelined INSERT per row.
    `table` and `columns` are the caller's constants, never input."""
    if not rows:
        return
    names = ", ".join(columns)
    with conn.cursor() as cur:
        if len(rows) >= COPY_FROM:
            with cur.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                try:
                    text = "".join("\t".join(map(_copy_text, row)) + "\n" for row in rows)
                except TypeError:  # a value of a kind written here too rarely to spell out
                    for row in rows:
                        copy.write_row(row)
                else:
                    copy.write(text)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cur.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)


def stream_version(conn: Connection[Any], stream_id: str) -> int:
    row = conn.execute(
        "SELECT coalesce(max(version), 0) FROM events WHERE stream_id = %s", (stream_id,)
    ).fetchone()
    return int(row[0]) if row else 0


_COLUMNS = (
    "position, stream_id, version, event_id, type, schema_version, partition_key, data,"
    " recorded_at, actor"
)
_PUBLISHED_COLUMNS = _COLUMNS.replace(" data,", " data::text,")


def read_stream(conn: Connection[Any], stream_id: str) -> list[Envelope]:
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM events WHERE stream_id = %s ORDER BY version", (stream_id,)
    ).fetchall()
    return [_envelope(row, source="") for row in rows]


def read_after(conn: Connection[Any], position: int, limit: int, *, source: str) -> list[Envelope]:
    """The events after `position`, as the relay publishes them: each one's data left as
    the JSON text PostgreSQL holds (`encoded`), never parsed only to be written again."""
    rows = conn.execute(
        f"SELECT {_PUBLISHED_COLUMNS} FROM events WHERE position > %s ORDER BY position LIMIT %s",
        (position, limit),
    ).fetchall()
    return [_envelope(row, source=source, encoded=True) for row in rows]


def _envelope(row: Sequence[object], *, source: str, encoded: bool = False) -> Envelope:
    position, stream_id, version, event_id, type_, schema_version, key, data, recorded, actor = row
    if encoded:
        data, text = {}, str(data).encode()
    else:
        text = None
    return Envelope(
        position=int(str(position)),
        stream_id=str(stream_id),
        version=int(str(version)),
        id=str(event_id),
        type=str(type_),
        schema_version=int(str(schema_version)),
        partition_key=str(key),
        data=data,  # type: ignore[arg-type]
        time=recorded,  # type: ignore[arg-type]
        source=source,
        actor=actor,  # type: ignore[arg-type]
        encoded=text,
    )
