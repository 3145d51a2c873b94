"""How the suite lays out a topic on the cluster it finds: the partitions configured, a
replica on each broker up to three, and with three, writes acknowledged by two."""

from __future__ import annotations

import pytest

from liudong_events.kafka import new_topic


def test_one_broker_holds_one_replica_of_twelve_partitions(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("LIUDONG_KAFKA_PARTITIONS", raising=False)
    topic = new_topic("liudong.registry", brokers=1)
    assert (topic.num_partitions, topic.replication_factor) == (12, 1)
    assert not topic.config, "no min.insync.replicas a single broker could never meet"


@pytest.mark.parametrize(("brokers", "replicas"), [(2, 2), (3, 3), (5, 3)])
def test_replicas_follow_the_brokers_up_to_three(brokers: int, replicas: int) -> None:
    topic = new_topic("liudong.registry", brokers=brokers)
    assert topic.replication_factor == replicas
    expected = {"min.insync.replicas": "2"} if replicas == 3 else {}
    assert (topic.config or {}) == expected


def test_the_partition_count_is_a_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIUDONG_KAFKA_PARTITIONS", "48")
    assert new_topic("liudong.registry", brokers=3).num_partitions == 48
