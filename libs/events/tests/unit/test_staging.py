"""A rebuild stages each stream's events as a live loop would apply them, as COPY rows."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from liudong_events.envelope import Envelope
from liudong_events.staging import Fields, Staged, checkpoint_rows, staged_row

AMENDED = "liudong.person.amended"


def _reason(data: dict[str, Any]) -> Fields:
    return (data.get("reason"), None)


STAGED = {AMENDED: Staged("replay_amendments", "reason text, nothing text", _reason)}


@dataclass
class Read:
    """A consumed message as the staging reads it (confluent-kafka's Message)."""

    envelope: Envelope
    at: int

    def headers(self) -> list[tuple[str, bytes]]:
        return list(self.envelope.to_kafka().headers.items())

    def value(self) -> bytes:
        return self.envelope.to_kafka().value

    def topic(self) -> str:
        return "liudong.registry"

    def partition(self) -> int:
        return 3

    def offset(self) -> int:
        return self.at


def read(stream: str, version: int, at: int, kind: str = AMENDED, **data: str) -> Read:
    return Read(Envelope(kind, stream, version, "p", data, "/t"), at)


def staged(messages: list[Read], applied: dict[bytes, int] | None = None) -> list[bytes]:
    applied = {} if applied is None else applied
    rows = [staged_row(m, applied, STAGED) for m in messages]  # type: ignore[arg-type]
    assert all(row[0] == "replay_amendments" for row in rows if row)
    return [row[1] for row in rows if row is not None]


def places(rows: list[bytes]) -> list[list[bytes]]:
    """Offset, stream and version of each row."""
    return [row.split(b"\t")[2:5] for row in rows]


def test_a_republished_event_is_staged_once() -> None:
    rows = staged([read("s", 1, 0), read("s", 2, 1), read("s", 1, 2), read("s", 2, 3)])
    assert places(rows) == [[b"0", b"s", b"1"], [b"1", b"s", b"2"]]


def test_an_event_after_a_missing_version_waits_for_the_republish() -> None:
    # Version 2 was lost; the relay republished 2 and 3 later in the partition.
    rows = staged(
        [read("s", 1, 0), read("s", 3, 1), read("t", 1, 2), read("s", 2, 3), read("s", 3, 4)]
    )
    assert places(rows) == [
        [b"0", b"s", b"1"],
        [b"2", b"t", b"1"],
        [b"3", b"s", b"2"],
        [b"4", b"s", b"3"],
    ]


def test_types_the_projection_does_not_read_stage_no_row_but_count_in_the_checkpoints() -> None:
    applied: dict[bytes, int] = {}
    other = "liudong.person.registered"
    rows = staged(
        [read("t", 1, 0, other), read("s", 1, 1, other), read("s", 2, 2), read("s", 2, 3)],
        applied,
    )
    assert places(rows) == [[b"2", b"s", b"2"]]
    assert checkpoint_rows("stats.occupancy", applied) == [
        b"stats.occupancy\ts\t2\n",
        b"stats.occupancy\tt\t1\n",
    ]


def test_tabs_newlines_and_backslashes_are_escaped_and_none_is_null() -> None:
    event = Envelope(AMENDED, "s", 1, "p", {"reason": 'c\\d\t"e"'}, "/t")
    message = Read(replace(event, actor={"username": "a\tb\nc"}), 0)
    (row,) = staged([message])
    assert row.endswith(b"\n")
    assert row.count(b"\n") == 1
    fields = row[:-1].split(b"\t")
    assert len(fields) == 10  # the envelope's 8 and the projection's 2
    assert fields[-4:] == [b"\\N", b"a\\tb\\nc", b'c\\\\d\\t"e"', b"\\N"]


def test_an_event_without_an_actor_has_null_actor_columns() -> None:
    (row,) = staged([read("s", 1, 0, reason="r")])
    assert row[:-1].split(b"\t")[-4:] == [b"\\N", b"\\N", b"r", b"\\N"]
