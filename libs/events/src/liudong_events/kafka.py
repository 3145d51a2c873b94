"""Client settings for Apache Kafka."""

from __future__ import annotations

import os
from typing import Any

from confluent_kafka import Producer, TopicCollection
from confluent_kafka.admin import AdminClient, NewTopic  # type: ignore[attr-defined]

from liudong_events.catalog import TOPICS

PARTITIONS = 12  # the unit of scale for consumers; LIUDONG_KAFKA_PARTITIONS overrides it
MOST_REPLICAS = 3
# How often an idle relay or consumer asks whether the cluster lost a topic. Each look is
# a few metadata requests: every second from every relay and consumer, they were most of
# an idle broker's work. A relay that fails to deliver looks at once.
TOPIC_CHECK_SECONDS = 5.0


def producer_config(bootstrap: str) -> dict[str, Any]:
    """Idempotent, acknowledged by every in-sync replica: a retry never writes an event
    twice nor out of its order (up to five requests in flight keep it so)."""
    return {
        "bootstrap.servers": bootstrap,
        "enable.idempotence": True,
        "acks": "all",
        "max.in.flight.requests.per.connection": 5,
        "linger.ms": 2,
        "message.timeout.ms": 10000,
        "allow.auto.create.topics": False,
    }


def consumer_config(bootstrap: str, group_id: str) -> dict[str, Any]:
    return {
        "bootstrap.servers": bootstrap,
        "group.id": group_id,
        "auto.offset.reset": "earliest",
        "enable.auto.commit": True,
        "enable.auto.offset.store": False,  # stored only after our transaction commits
        "allow.auto.create.topics": False,
        "session.timeout.ms": 6000,
        "heartbeat.interval.ms": 1000,
    }


def make_producer(bootstrap: str) -> Producer:
    return Producer(producer_config(bootstrap))


def admin_client(bootstrap: str) -> AdminClient:
    return AdminClient({"bootstrap.servers": bootstrap})


def topic_ids(admin: AdminClient, topics: list[str]) -> dict[str, str | None]:
    """Each topic's id (None when missing). A recreated topic has a new id: the sign that
    the broker lost the old one and everything in it."""
    present = set(admin.list_topics(timeout=5).topics)
    ids: dict[str, str | None] = {t: None for t in topics}
    wanted = [t for t in topics if t in present]
    if wanted:
        for name, future in admin.describe_topics(TopicCollection(wanted)).items():
            ids[name] = str(future.result(timeout=5).topic_id)
    return ids


def missing_topics(client: Producer | AdminClient | Any, topics: list[str]) -> list[str]:
    metadata = client.list_topics(timeout=5)
    return [t for t in topics if t not in metadata.topics]


def ensure_topics(cluster: str | AdminClient, topics: list[str] | None = None) -> list[str]:
    """Create whichever of our topics the cluster (its bootstrap, or a client of it already
    connected) lacks, laid out as `new_topic` says; return the ones created."""
    admin = admin_client(cluster) if isinstance(cluster, str) else cluster
    wanted = topics or TOPICS
    missing = missing_topics(admin, wanted)
    if not missing:
        return []
    brokers = len(admin.list_topics(timeout=5).brokers)
    futures = admin.create_topics(
        [new_topic(name, brokers) for name in missing], operation_timeout=10, request_timeout=10
    )
    for future in futures.values():
        try:
            future.result(timeout=15)  # never wait on a broker for ever
        except Exception as exc:
            if "TOPIC_ALREADY_EXISTS" not in str(exc):
                raise
    return missing


def new_topic(name: str, brokers: int) -> NewTopic:
    """`LIUDONG_KAFKA_PARTITIONS` partitions (12), a replica on each broker up to three, and
    with three, writes acknowledged by two: one broker may be lost without losing a write
    or stopping them."""
    partitions = int(os.environ.get("LIUDONG_KAFKA_PARTITIONS") or PARTITIONS)
    replicas = max(1, min(MOST_REPLICAS, brokers))
    config = {"min.insync.replicas": str(replicas - 1)} if replicas >= MOST_REPLICAS else {}
    return NewTopic(name, num_partitions=partitions, replication_factor=replicas, config=config)
