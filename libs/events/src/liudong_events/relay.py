"""The outbox relay: publishes a service's committed events to its Kafka topic, in order.

Reads `position > checkpoint` (safe because appends commit in position order, see
store.py), waits for every delivery report, and only then moves the checkpoint: at least
once, never skipping. When the broker has lost its data (the local broker keeps topics in
memory), its topic is missing or has a new id: the relay recreates it and republishes from
the start.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any

import psycopg
import structlog
from confluent_kafka import KafkaError, Message, Producer
from confluent_kafka.admin import AdminClient
from prometheus_client import Counter, Gauge

from liudong_events import kafka, store
from liudong_events.envelope import Envelope

log = structlog.get_logger("relay")
PUBLISHED = Counter("liudong_relay_published_events_total", "Events published", ["topic"])
REPUBLISHES = Counter("liudong_relay_republish_total", "Republish-from runs", ["topic"])
RELAY_POSITION = Gauge("liudong_relay_position", "Last published store position", ["topic"])


class DeliveryFailed(Exception):
    pass


@dataclass
class Relay:
    dsn: str
    bootstrap: str
    topic: str
    source: str
    batch_size: int = 1000
    topic_check_seconds: float = 1.0
    ready: threading.Event = field(default_factory=threading.Event)
    _producer: Producer | None = None
    _admin: AdminClient | None = None

    def run(self, stop: threading.Event) -> None:
        backoff = 0.2
        while not stop.is_set():
            try:
                self._loop(stop)
            except Exception as exc:
                self.ready.clear()
                self._producer = None
                log.warning("relay_retry", topic=self.topic, error=str(exc)[:200])
                stop.wait(backoff)
                backoff = min(backoff * 2, 5.0)
            else:
                backoff = 0.2

    def _loop(self, stop: threading.Event) -> None:
        with psycopg.connect(self.dsn, autocommit=True) as conn:
            conn.execute(f"LISTEN {store.NOTIFY_CHANNEL}")
            conn.execute(
                "INSERT INTO relay_checkpoint (topic) VALUES (%s) ON CONFLICT DO NOTHING",
                (self.topic,),
            )
            last_check = 0.0
            while not stop.is_set():
                if time.monotonic() - last_check > self.topic_check_seconds:
                    self._recover_lost_topics(conn)
                    last_check = time.monotonic()
                    self.ready.set()
                if self.publish_pending(conn) == 0:
                    for _ in conn.notifies(timeout=0.25, stop_after=1):
                        pass

    def _producer_or_new(self) -> Producer:
        if self._producer is None:
            self._producer = kafka.make_producer(self.bootstrap)
        return self._producer

    def _recover_lost_topics(self, conn: psycopg.Connection[Any]) -> None:
        """Create our topic if missing; if it is not the one we published to, start over."""
        kafka.ensure_topics(self.bootstrap, [self.topic])
        self._admin = self._admin or kafka.admin_client(self.bootstrap)
        current = kafka.topic_ids(self._admin, [self.topic])[self.topic]
        row = conn.execute(
            "SELECT topic_id FROM relay_checkpoint WHERE topic = %s", (self.topic,)
        ).fetchone()
        if row is None or row[0] == current:
            return
        with conn.transaction():
            self.republish_from(conn, 0)
            conn.execute(
                "UPDATE relay_checkpoint SET topic_id = %s WHERE topic = %s", (current, self.topic)
            )
        self._producer = None  # the broker forgot us: start a fresh client
        log.warning("relay_topic_lost_republishing", topic=self.topic)

    def republish_from(self, conn: psycopg.Connection[Any], position: int) -> None:
        conn.execute(
            "UPDATE relay_checkpoint SET position = %s WHERE topic = %s", (position, self.topic)
        )
        REPUBLISHES.labels(self.topic).inc()

    def publish_pending(self, conn: psycopg.Connection[Any]) -> int:
        row = conn.execute(
            "SELECT position FROM relay_checkpoint WHERE topic = %s", (self.topic,)
        ).fetchone()
        position = int(row[0]) if row else 0
        events = store.read_after(conn, position, self.batch_size, source=self.source)
        if not events:
            return 0
        self._deliver(events)
        last = events[-1].position or position
        # Only move forward: a concurrent republish request must not be overwritten.
        conn.execute(
            "UPDATE relay_checkpoint SET position = %s WHERE topic = %s AND position = %s",
            (last, self.topic, position),
        )
        PUBLISHED.labels(self.topic).inc(len(events))
        RELAY_POSITION.labels(self.topic).set(last)
        return len(events)

    def _deliver(self, events: list[Envelope]) -> None:
        producer = self._producer_or_new()
        errors: list[KafkaError] = []

        def on_delivery(err: KafkaError | None, _msg: Message) -> None:
            if err is not None:
                errors.append(err)

        for event in events:
            message = event.to_kafka()
            producer.produce(
                self.topic,
                key=message.key,
                value=message.value,
                headers=list(message.headers.items()),
                on_delivery=on_delivery,
            )
            producer.poll(0)
        remaining = producer.flush(15)
        if errors or remaining:
            raise DeliveryFailed(f"{len(errors)} failed, {remaining} undelivered")
