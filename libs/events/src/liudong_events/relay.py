"""The outbox relay: publishes a service's committed events to its Kafka topic, in order.

Reads `position > checkpoint` (safe because appends commit in position order, see
store.py), waits for every delivery report, and only then moves the checkpoint: at least
once, never skipping. When the cluster has lost its data (restored empty, or from an older
snapshot), a topic is missing or has a new id: the relay recreates it and republishes from
the start.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import orjson
import psycopg
import structlog
from confluent_kafka import KafkaError, Message, Producer
from confluent_kafka.admin import AdminClient
from prometheus_client import Counter, Gauge
from psycopg.types.json import Jsonb, set_json_loads

from liudong_events import kafka, store
from liudong_events.catalog import EVENT_TYPES
from liudong_events.envelope import Envelope

log = structlog.get_logger("relay")
PUBLISHED = Counter("liudong_relay_published_events_total", "Events published", ["relay"])
REPUBLISHES = Counter("liudong_relay_republish_total", "Republish-from runs", ["relay"])
RELAY_POSITION = Gauge("liudong_relay_position", "Last published store position", ["relay"])


class DeliveryFailed(Exception):
    pass


def catalog_topic(event_type: str) -> str:
    """Each published event type travels on the topic the catalogue names for it."""
    return EVENT_TYPES[event_type][0]


@dataclass
class Relay:
    """Publishes one database's events; `topics` are all the topics they may travel on."""

    dsn: str
    bootstrap: str
    name: str
    topics: tuple[str, ...]
    source: str
    route: Callable[[str], str] = catalog_topic
    batch_size: int = 1000
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
                log.warning("relay_retry", relay=self.name, error=str(exc)[:200])
                stop.wait(backoff)
                backoff = min(backoff * 2, 5.0)
            else:
                backoff = 0.2

    def _loop(self, stop: threading.Event) -> None:
        with psycopg.connect(self.dsn, autocommit=True) as conn:
            # Every event it publishes is read as JSON: orjson reads it a few times faster.
            set_json_loads(orjson.loads, conn)
            conn.execute(f"LISTEN {store.NOTIFY_CHANNEL}")
            conn.execute(
                "INSERT INTO relay_checkpoint (relay) VALUES (%s) ON CONFLICT DO NOTHING",
                (self.name,),
            )
            last_check = 0.0
            while not stop.is_set():
                if time.monotonic() - last_check > kafka.TOPIC_CHECK_SECONDS:
                    if not self._recover_lost_topics(conn):
                        stop.wait(0.2)
                        continue
                    last_check = time.monotonic()
                    self.ready.set()
                if self.publish_pending(conn) == 0:
                    for _ in conn.notifies(timeout=0.25, stop_after=1):
                        pass

    def _producer_or_new(self) -> Producer:
        if self._producer is None:
            self._producer = kafka.make_producer(self.bootstrap)
        return self._producer

    def _recover_lost_topics(self, conn: psycopg.Connection[Any]) -> bool:
        """Create our topics if missing; if any is not the one we published to, start over.
        False while a topic just created is not visible yet: its id is not known, and
        keeping "none" would make it look recreated at the next look."""
        self._admin = self._admin or kafka.admin_client(self.bootstrap)
        kafka.ensure_topics(self._admin, list(self.topics))
        current = kafka.topic_ids(self._admin, list(self.topics))
        if None in current.values():
            return False
        row = conn.execute(
            "SELECT topic_ids FROM relay_checkpoint WHERE relay = %s", (self.name,)
        ).fetchone()
        if row is None or row[0] == current:
            return True
        with conn.transaction():
            self.republish_from(conn, 0)
            conn.execute(
                "UPDATE relay_checkpoint SET topic_ids = %s WHERE relay = %s",
                (Jsonb(current), self.name),
            )
        self._producer = None  # the broker forgot us: start a fresh client
        log.warning("relay_topic_lost_republishing", relay=self.name)
        return True

    def republish_from(self, conn: psycopg.Connection[Any], position: int) -> None:
        conn.execute(
            "UPDATE relay_checkpoint SET position = %s WHERE relay = %s", (position, self.name)
        )
        REPUBLISHES.labels(self.name).inc()

    def publish_pending(self, conn: psycopg.Connection[Any]) -> int:
        row = conn.execute(
            "SELECT position FROM relay_checkpoint WHERE relay = %s", (self.name,)
        ).fetchone()
        position = int(row[0]) if row else 0
        events = store.read_after(conn, position, self.batch_size, source=self.source)
        if not events:
            return 0
        self._deliver(events)
        last = events[-1].position or position
        # Only move forward: a concurrent republish request must not be overwritten.
        conn.execute(
            "UPDATE relay_checkpoint SET position = %s WHERE relay = %s AND position = %s",
            (last, self.name, position),
        )
        PUBLISHED.labels(self.name).inc(len(events))
        RELAY_POSITION.labels(self.name).set(last)
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
                self.route(event.type),
                key=message.key,
                value=message.value,
                headers=list(message.headers.items()),
                on_delivery=on_delivery,
            )
            producer.poll(0)
        remaining = self._flush(producer)
        if errors or remaining:
            raise DeliveryFailed(f"{len(errors)} failed, {remaining} undelivered")

    def _flush(self, producer: Producer, seconds: float = 15.0) -> int:
        """Wait for the delivery reports, but not for a topic the broker lost: only this
        loop recreates it, so give up at once and let the loop republish."""
        deadline = time.monotonic() + seconds
        remaining = producer.flush(1)
        while remaining and time.monotonic() < deadline:
            if kafka.missing_topics(producer, list(self.topics)):
                producer.purge()
                return remaining
            remaining = producer.flush(1)
        return remaining
