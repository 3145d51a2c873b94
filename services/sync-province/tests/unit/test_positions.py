"""Positions in the topics as an operator types them after `--from`, and as a replay prints
them for the next one."""

from __future__ import annotations

import pytest

from liudong_sync_province.positions import Position, UnknownPartition, parse, starts, written

ON_THE_BROKER = {"liudong.registry": 4, "liudong.housing": 4}


def test_a_topic_a_partition_or_an_offset_may_be_named() -> None:
    assert parse("liudong.registry,liudong.housing:2,liudong.exchange:1:1200") == (
        Position("liudong.registry"),
        Position("liudong.housing", 2),
        Position("liudong.exchange", 1, 1200),
    )


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("liudong.registri:0:5", "is not a topic"),
        ("liudong.audit:0:5", "is not a topic the province receives"),
        ("liudong.accounts", "is not a topic the province receives"),
        ("liudong.registry:0:-5", "is not TOPIC"),
        ("liudong.registry:0:5:7", "is not TOPIC"),
        ("liudong.registry:a", "is not TOPIC"),
        ("liudong.registry:1:5,liudong.registry:1:9", "named twice"),
    ],
)
def test_a_wrong_position_is_refused_with_its_reason(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        parse(text)


def test_only_the_partitions_named_start_and_a_whole_topic_starts_at_its_first() -> None:
    named = parse("liudong.registry,liudong.registry:2:40,liudong.housing:3:7")
    assert starts(named, ON_THE_BROKER) == {
        ("liudong.registry", 0): 0,
        ("liudong.registry", 1): 0,
        ("liudong.registry", 2): 40,
        ("liudong.registry", 3): 0,
        ("liudong.housing", 3): 7,
    }


def test_a_topic_not_on_the_broker_yet_has_nothing_to_replay() -> None:
    assert starts(parse("liudong.exchange,liudong.exchange:1:3"), ON_THE_BROKER) == {}


def test_a_partition_the_topic_does_not_have_is_refused() -> None:
    with pytest.raises(UnknownPartition, match="partitions 0 to 3, not 9"):
        starts(parse("liudong.registry:9:0"), ON_THE_BROKER)


def test_what_a_replay_prints_is_what_the_next_one_takes() -> None:
    reached = {("liudong.registry", 1): 12, ("liudong.housing", 0): 3}
    text = written(reached, ("liudong.exchange",))
    assert text == "liudong.housing:0:3,liudong.registry:1:12,liudong.exchange"
    assert starts(parse(text), {**ON_THE_BROKER, "liudong.exchange": 1}) == {
        ("liudong.housing", 0): 3,
        ("liudong.registry", 1): 12,
        ("liudong.exchange", 0): 0,
    }
    assert [str(p) for p in parse(text)] == text.split(",")
