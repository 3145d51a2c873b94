"""A rebuild's staging: the events of whole topics copied into tables of their own.

Reading millions of events is the slow part of a rebuild, and most of it is the Kafka
client's and the interpreter's: reading one message's headers alone costs several
microseconds. So worker processes (one a core) each read their share of the partitions and
COPY each event the projection reads as a typed row of its type's table (`Staged`): its
place in the topic and its envelope, then the columns the projection wants of its data.
The projection then applies the whole tables in a few statements
(`Swappable.after_replay`). Each worker ends by COPYing the last version it staged of each
stream into the projection's checkpoint table, in key order: the checkpoints come without
a pass over the events.
"""

from __future__ import annotations

import multiprocessing
import queue
import re
import time
from collections.abc import Callable, Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any

import orjson
import psycopg
from confluent_kafka import Consumer, KafkaException, Message, TopicPartition
from psycopg import sql

from liudong_events import kafka

BATCH = 5000
QUIET_SECONDS = 60.0  # a partition that gives nothing this long has lost what it held
Span = tuple[str, int, int, int]  # topic, partition, first offset, offset to stop before
NULL = "\\N"
Fields = Sequence[str | None]


@dataclass(frozen=True)
class Staged:
    """How a rebuild stages the events of one type: into `table`, with the `columns`
    (SQL definitions) that `row` makes of an event's data, as text or None (NULL).
    `row` is a module's function: the workers are other processes."""

    table: str
    columns: str
    row: Callable[[dict[str, Any]], Fields]


# Every staged row begins with the event's place and envelope: the topic, partition and
# offset order events as they were published. Unlogged: only the rebuild's connections see
# them, and they are gone after.
ENVELOPE = (
    "topic text NOT NULL, partition integer NOT NULL, kafka_offset bigint NOT NULL,"
    " stream_id text NOT NULL, version integer NOT NULL, time timestamptz NOT NULL,"
    " actor_id uuid, actor_username text"
)
STAGED_TABLE = "CREATE UNLOGGED TABLE {}.{} (" + ENVELOPE + ", {})"


@dataclass(frozen=True)
class Checkpoints:
    """Where a worker writes the checkpoints of the streams it staged."""

    table: str
    consumer: str


def tables(staged: Mapping[str, Staged]) -> list[str]:
    """The staging's tables, dropped once the projection has applied them."""
    return list({s.table: None for s in staged.values()})


def start(
    spans: list[Span],
    staged: Mapping[str, Staged],
    checkpoints: Checkpoints,
    bootstrap: str,
    dsn: str,
    workers: int,
) -> Staging:
    """Stage `spans` in the background, shared among `workers` processes."""
    context = multiprocessing.get_context("spawn")  # no fork of a threaded service
    counter, results = context.Value("q", 0), context.Queue()
    processes = [
        context.Process(
            target=_work,
            args=(spans[n::workers], dict(staged), checkpoints, bootstrap, dsn, counter, results),
            name="rebuild-staging",
            daemon=True,
        )
        for n in range(min(workers, len(spans)))
    ]
    for process in processes:
        process.start()
    return Staging(processes, counter, results)


class Staging:
    """The staging workers, followed from the rebuild."""

    def __init__(self, processes: list[Any], counter: Any, results: Any) -> None:
        self._processes, self._counter, self._results = processes, counter, results

    @property
    def read(self) -> int:
        return int(self._counter.value)

    def wait(self, on_progress: Callable[[int], None]) -> int:
        """Until every worker is through, telling `on_progress` the messages read so far;
        returns them all. Raises what a worker raised, the others stopped."""
        heard: list[int] = []
        try:
            while len(heard) < len(self._processes):
                on_progress(self.read)
                try:
                    outcome, said = self._results.get(timeout=0.2)
                except queue.Empty:
                    if not any(p.is_alive() for p in self._processes) and self._results.empty():
                        raise RuntimeError("a staging worker ended without a word") from None
                    continue
                if outcome == "failed":
                    raise RuntimeError(f"staging: {said}")
                heard.append(said)
            on_progress(self.read)
            return sum(heard)
        finally:
            self.stop()

    def stop(self) -> None:
        for process in self._processes:
            if process.is_alive():
                process.terminate()
            process.join(timeout=10)


def _work(
    spans: list[Span],
    staged: dict[str, Staged],
    checkpoints: Checkpoints,
    bootstrap: str,
    dsn: str,
    counter: Any,
    results: Any,
) -> None:
    try:
        results.put(("done", stage(spans, staged, checkpoints, bootstrap, dsn, counter)))
    except BaseException as exc:  # the rebuild says it; the worker ends
        results.put(("failed", f"{type(exc).__name__}: {exc}"[:300]))


def stage(
    spans: list[Span],
    staged: Mapping[str, Staged],
    checkpoints: Checkpoints,
    bootstrap: str,
    dsn: str,
    counter: Any,
) -> int:
    """In a worker: COPY each event of `spans` that a live loop would apply into its
    type's table (found on the connection's search_path), then the streams' last versions
    as checkpoints; returns how many messages it read (as `counter` says while it runs)."""
    config = kafka.consumer_config(bootstrap, "rebuild-staging")  # no group: assigned
    consumer = Consumer({**config, "enable.auto.commit": False})
    ends = {(topic, p): end for topic, p, first, end in spans if first < end}
    consumer.assign([TopicPartition(t, p, first) for t, p, first, end in spans if first < end])
    read, heard = 0, time.monotonic()
    applied: dict[bytes, int] = {}  # each stream's last version staged
    try:
        with _Copies(dsn) as copies:
            while ends:
                messages = consumer.consume(BATCH, timeout=1.0)
                rows, taken, finished = _rows(messages, ends, applied, staged)
                if finished:  # read no further there
                    consumer.incremental_unassign([TopicPartition(t, p) for t, p in finished])
                for table, lines in rows.items():
                    copies.write(table, lines)
                if taken:
                    read, heard = read + taken, time.monotonic()
                    with counter.get_lock():
                        counter.value += taken
                elif time.monotonic() - heard > QUIET_SECONDS:
                    raise RuntimeError(f"no events came for {QUIET_SECONDS:.0f} s: {ends}")
            copies.write(checkpoints.table, checkpoint_rows(checkpoints.consumer, applied))
    finally:
        consumer.close()
    return read


class _Copies(ExitStack):
    """A COPY into each table, each on a connection of its own so that all stream on
    while the worker reads; each committed at the end."""

    def __init__(self, dsn: str) -> None:
        super().__init__()
        self._dsn = dsn
        self._copies: dict[str, psycopg.Copy] = {}

    def write(self, table: str, lines: list[bytes]) -> None:
        if not lines:
            return
        if table not in self._copies:
            conn = self.enter_context(psycopg.connect(self._dsn))
            statement = sql.SQL("COPY {} FROM STDIN").format(sql.Identifier(table))
            self._copies[table] = self.enter_context(conn.cursor().copy(statement))
        self._copies[table].write(b"".join(lines))


def _rows(
    messages: list[Message],
    ends: dict[tuple[str, int], int],
    applied: dict[bytes, int],
    staged: Mapping[str, Staged],
) -> tuple[dict[str, list[bytes]], int, list[tuple[str, int]]]:
    """The rows per table of the messages before their partition's end, how many
    messages those were, and the partitions that reached it (they leave `ends`)."""
    rows: dict[str, list[bytes]] = {}
    taken, finished = 0, []
    for m in messages:
        if m.error():
            raise KafkaException(m.error())
        key = (str(m.topic()), int(m.partition() or 0))
        end, offset = ends.get(key), int(m.offset() or 0)
        if end is None:
            continue
        if offset < end:
            taken += 1
            if found := staged_row(m, applied, staged):
                rows.setdefault(found[0], []).append(found[1])
        if offset + 1 >= end:
            del ends[key]
            finished.append(key)
    return rows, taken, finished


def staged_row(
    m: Message, applied: dict[bytes, int], staged: Mapping[str, Staged]
) -> tuple[str, bytes] | None:
    """The table and line of COPY text for an event; None for one of a type the
    projection does not read, or one a live loop would not apply now (see
    consumer.apply_batch): a copy of one already staged (republished), or one after a
    version that has not come (held back until a republish brings both, later in the
    partition). A stream keeps to one partition, so the worker reading it sees all its
    events in order."""
    h: dict[str, Any] = dict(m.headers() or [])  # values as bytes
    stream, version = h["ce_subject"] or b"", int(h["ce_sequence"] or b"0")
    if version != applied.get(stream, 0) + 1:
        return None
    applied[stream] = version
    how = staged.get((h["ce_type"] or b"").decode())
    if how is None:
        return None
    actor, username = h.get("ce_actorid"), h.get("ce_actorusername")
    envelope = b"\t".join(
        (
            str(m.topic()).encode(),
            b"%d" % (m.partition() or 0),
            b"%d" % (m.offset() or 0),
            _text(stream),
            b"%d" % version,
            h["ce_time"] or b"",
            actor or b"\\N",
            _text(username) if username else b"\\N",
        )
    )
    data = orjson.loads(m.value() or b"{}")
    return how.table, envelope + b"\t" + copy_line(how.row(data)).encode() + b"\n"


def checkpoint_rows(consumer: str, applied: dict[bytes, int]) -> list[bytes]:
    """In the order of the checkpoint table's key (stream ids compare byte by byte): each
    row goes next to the one before it in the index."""
    prefix = _text(consumer.encode()) + b"\t"
    return [prefix + b"%s\t%d\n" % (_text(s), applied[s]) for s in sorted(applied)]


_SPECIAL = re.compile(rb"[\\\t\n\r]")


def _text(field: bytes) -> bytes:
    """A text field as COPY reads it: backslashes, tabs and line ends escaped."""
    if _SPECIAL.search(field) is None:
        return field
    return (
        field.replace(b"\\", b"\\\\")
        .replace(b"\t", b"\\t")
        .replace(b"\n", b"\\n")
        .replace(b"\r", b"\\r")
    )


def copy_line(fields: Fields) -> str:
    """Fields as a line of COPY text (without its end): None as NULL, the others escaped
    (at once when, as nearly always, there is nothing to escape)."""
    line = "\t".join(NULL if f is None else f for f in fields)
    if (
        line.count("\\") == fields.count(None)
        and line.count("\t") == len(fields) - 1
        and "\n" not in line
        and "\r" not in line
    ):
        return line
    return "\t".join(NULL if f is None else _text(f.encode()).decode() for f in fields)
