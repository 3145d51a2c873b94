"""A rebuild stages each stream's events as a live loop would apply them, as COPY rows."""

from __future__ import annotations

from dataclasses import dataclass, replace

from liudong_events.envelope import Envelope
from liudong_events.staging import STAGED_COLUMNS, staged_row


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


def read(stream: str, version: int, at: int, **data: str) -> Read:
    return Read(Envelope("liudong.person.amended", stream, version, "p", data, "/t"), at)


def staged(messages: list[Read]) -> list[bytes]:
    applied: dict[bytes, int] = {}
    rows = [staged_row(m, applied) for m in messages]  # type: ignore[arg-type]
    return [row for row in rows if row is not None]


def test_a_republished_event_is_staged_once() -> None:
    rows = staged([read("s", 1, 0), read("s", 2, 1), read("s", 1, 2), read("s", 2, 3)])
    assert [row.split(b"\t")[2:5] for row in rows] == [[b"0", b"s", b"1"], [b"1", b"s", b"2"]]


def test_an_event_after_a_missing_version_waits_for_the_republish() -> None:
    # Version 2 was lost; the relay republished 2 and 3 later in the partition.
    rows = staged(
        [read("s", 1, 0), read("s", 3, 1), read("t", 1, 2), read("s", 2, 3), read("s", 3, 4)]
    )
    assert [row.split(b"\t")[2:5] for row in rows] == [
        [b"0", b"s", b"1"],
        [b"2", b"t", b"1"],
        [b"3", b"s", b"2"],
        [b"4", b"s", b"3"],
    ]


def test_tabs_newlines_and_backslashes_are_escaped_for_copy() -> None:
    event = Envelope("liudong.person.amended", "s", 1, "p", {"reason": 'c\\d "e"'}, "/t")
    message = Read(replace(event, actor={"user_id": "u", "username": "a\tb\nc"}), 0)
    (row,) = staged([message])
    assert row.endswith(b"\n")
    assert row.count(b"\n") == 1
    fields = row[:-1].split(b"\t")
    assert len(fields) == STAGED_COLUMNS
    assert fields[-2:] == [b"a\\tb\\nc", b'{"reason":"c\\\\\\\\d \\\\"e\\\\""}']
