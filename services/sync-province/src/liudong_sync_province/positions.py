"""Positions in the topics, where a replay starts (`liudong replay-province --from`) and
where one stopped, written as Kafka's tools write them: `TOPIC` (every partition of it from
its first event), `TOPIC:PARTITION` (that partition from its first event) or
`TOPIC:PARTITION:OFFSET`, several joined by commas. Only the partitions named are replayed,
and only of the topics the province receives (PROVINCE_TOPICS).

An offset holds as long as its topic does: once the broker has lost its data and the relay
has published everything again, the same offset names another event, so start from a day.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from liudong_events.event_data import PROVINCE_TOPICS

Partition = tuple[str, int]


class UnknownPartition(ValueError):
    """A position names a partition its topic does not have."""


@dataclass(frozen=True)
class Position:
    topic: str
    partition: int | None = None  # None: every partition of the topic
    offset: int = 0

    def __str__(self) -> str:
        return (
            self.topic if self.partition is None else f"{self.topic}:{self.partition}:{self.offset}"
        )


def parse(text: str) -> tuple[Position, ...]:
    """The positions written in `text`, or ValueError saying which one is wrong and why."""
    found = tuple(_one(part.strip()) for part in text.split(","))
    named = [(p.topic, p.partition) for p in found]
    if len(set(named)) < len(named):
        raise ValueError("a partition is named twice")
    return found


def _one(text: str) -> Position:
    topic, *numbers = text.split(":")
    if topic not in PROVINCE_TOPICS:
        receives = ", ".join(PROVINCE_TOPICS)
        raise ValueError(f"{topic!r} is not a topic the province receives ({receives})")
    if len(numbers) > 2 or not all(n.isdigit() for n in numbers):
        raise ValueError(f"{text!r} is not TOPIC, TOPIC:PARTITION or TOPIC:PARTITION:OFFSET")
    values = [int(n) for n in numbers]
    return Position(topic, *values)


def starts(positions: tuple[Position, ...], partitions: Mapping[str, int]) -> dict[Partition, int]:
    """The offset to start at in each partition named, given how many partitions each
    topic on the broker has (a topic not there yet holds nothing to replay)."""
    found: dict[Partition, int] = {}
    # A partition named beside its whole topic starts where it says: wholes go first.
    for p in sorted(positions, key=lambda p: p.partition is not None):
        count = partitions.get(p.topic)
        if count is None:
            continue
        if p.partition is None:
            found.update({(p.topic, n): 0 for n in range(count)})
        elif p.partition < count:
            found[(p.topic, p.partition)] = p.offset
        else:
            raise UnknownPartition(f"{p.topic} has partitions 0 to {count - 1}, not {p.partition}")
    return found


def written(reached: Mapping[Partition, int], topics: tuple[str, ...] = ()) -> str:
    """`reached` as `--from` takes it, and `topics` (not on the broker yet) whole."""
    parts = [f"{t}:{p}:{offset}" for (t, p), offset in sorted(reached.items())]
    return ",".join([*parts, *topics])
