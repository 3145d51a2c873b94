"""Guarantee 2: concurrent writers whose transactions commit out of position order never make
the relay skip an event; every event reaches the topic once, in per-stream order."""

from __future__ import annotations

import random
import threading
import time
import uuid
from collections import defaultdict

import psycopg
from confluent_kafka import Consumer

from liudong_devstack.broker import Broker
from liudong_events import kafka
from liudong_events.catalog import PathStep, PlaceCreated
from liudong_events.envelope import Envelope
from liudong_events.migrate import apply_migrations
from liudong_events.relay import Relay
from liudong_events.store import NewEvent, append_to_stream, stream_version

WRITERS = 8
STREAMS_PER_WRITER = 5
SECONDS = 10.0


def _event(stream: str) -> NewEvent:
    place_id = str(uuid.uuid4())
    data = PlaceCreated(
        place_id=place_id,
        kind="district",
        name="区",
        parent_id=None,
        path=[PathStep(id=place_id, kind="district", name="区")],
    )
    return NewEvent(data, partition_key=stream)


def _write(dsn: str, writer: int, until: float, counts: list[int]) -> None:
    rng = random.Random(writer)
    streams = [f"race-{writer}-{k}-{uuid.uuid4().hex[:6]}" for k in range(STREAMS_PER_WRITER)]
    with psycopg.connect(dsn, autocommit=True) as conn:
        while time.monotonic() < until:
            stream = rng.choice(streams)
            with conn.transaction():
                version = stream_version(conn, stream)
                append_to_stream(conn, stream, [_event(stream)] * rng.randint(1, 3), version)
                if rng.random() < 0.3:
                    time.sleep(rng.random() / 500)  # commit late, after others took positions
            counts[writer] += 1


def _read_topic(bootstrap: str, topic: str, expected: int, timeout: float) -> list[Envelope]:
    consumer = Consumer(kafka.consumer_config(bootstrap, f"check-{uuid.uuid4().hex}"))
    consumer.subscribe([topic])
    received: list[Envelope] = []
    deadline = time.monotonic() + timeout
    try:
        while len(received) < expected and time.monotonic() < deadline:
            for message in consumer.consume(1000, timeout=0.5):
                assert message.error() is None, message.error()
                received.append(
                    Envelope.from_kafka(
                        message.headers() or [], message.key(), message.value() or b""
                    )
                )
        # Anything beyond the expected count would be a duplicate: give it a moment to show.
        received += [
            Envelope.from_kafka(m.headers() or [], m.key(), m.value() or b"")
            for m in consumer.consume(1000, timeout=2.0)
            if m.error() is None
        ]
    finally:
        consumer.close()
    return received


def test_every_event_reaches_the_topic_once_and_in_stream_order(
    fresh_dsn: str, broker: Broker
) -> None:
    apply_migrations(fresh_dsn)
    topic = f"race-{uuid.uuid4().hex[:8]}"
    kafka.ensure_topics(broker.bootstrap, [topic])
    relay = Relay(fresh_dsn, broker.bootstrap, "race", (topic,), "/test", route=lambda _: topic)
    stop = threading.Event()
    relay_thread = threading.Thread(target=relay.run, args=(stop,), daemon=True)
    relay_thread.start()

    until = time.monotonic() + SECONDS
    counts = [0] * WRITERS
    writers = [
        threading.Thread(target=_write, args=(fresh_dsn, w, until, counts)) for w in range(WRITERS)
    ]
    for thread in writers:
        thread.start()
    for thread in writers:
        thread.join()

    with psycopg.connect(fresh_dsn) as conn:
        stored = {
            str(r[0]): (r[1], r[2])
            for r in conn.execute("SELECT event_id, stream_id, version FROM events")
        }
    assert sum(counts) > 100, "the writers made too few transactions to prove anything"
    received = _read_topic(broker.bootstrap, topic, len(stored), timeout=60)
    stop.set()
    relay_thread.join(10)

    ids = [e.id for e in received]
    assert len(ids) == len(set(ids)), "an event was published twice"
    assert set(ids) == set(stored), f"{len(set(stored) - set(ids))} events never reached Kafka"
    versions: dict[str, list[int]] = defaultdict(list)
    for event in received:
        versions[event.stream_id].append(event.version)
    for stream, seen in versions.items():
        assert seen == list(range(1, len(seen) + 1)), f"{stream} out of order: {seen[:10]}"
