"""The consumer loop: apply each event and record its checkpoint in one transaction.

A projection sees every event of its topics at least once; the checkpoint per
(consumer, stream) makes it exactly once in effect: an event whose version the stream has
already reached is skipped, so redelivery, republishing and rebuilds never double-count.
Kafka offsets are stored only after the transaction commits (manual offset store).
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Container
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol, runtime_checkable

import psycopg
import structlog
from confluent_kafka import Consumer, KafkaException, Message, TopicPartition
from prometheus_client import Counter, Gauge, Histogram

from liudong_events import kafka
from liudong_events.envelope import Envelope
from liudong_events.store import array_literal

log = structlog.get_logger("consumer")
NO_TOPIC_LOOK_SECONDS = 2.0  # how often a consumer of topics yet to exist looks for them
JOIN_SECONDS = 20.0  # a join that has not ended by then is started again (a fresh member)
CLOSE_SECONDS = 10.0  # a close (leave the group, commit) that takes longer is left behind
APPLIED = Counter("liudong_consumer_applied_events_total", "Events applied", ["consumer"])
SKIPPED = Counter(
    "liudong_consumer_duplicate_events_total", "Redelivered events skipped", ["consumer"]
)
GAPS = Counter("liudong_consumer_gap_events_total", "Events held back for a gap", ["consumer"])
LAST_APPLIED = Gauge(
    "liudong_consumer_last_applied_timestamp_seconds",
    "When an event was last applied",
    ["consumer"],
)
LAG = Histogram(
    "liudong_consumer_lag_seconds",
    "From an event's commit in its event store to its projection's commit",
    ["consumer"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0),
)
BEHIND_EVENTS = Gauge(
    "liudong_consumer_behind_events", "Events published and not yet applied", ["consumer"]
)
BEHIND_SECONDS = Gauge(
    "liudong_consumer_behind_seconds",
    "Age of the last applied event while more wait (0 when caught up)",
    ["consumer"],
)


@dataclass
class Behind:
    """How far a projection is behind the event stores, as last measured."""

    events: int = 0
    seconds: float = 0.0
    last_event_at: datetime | None = None
    measured_at: datetime | None = None


class Projection(Protocol):
    name: str
    topics: tuple[str, ...]

    def apply(self, event: Envelope, conn: psycopg.Connection[Any]) -> None: ...


@runtime_checkable
class ManyAtOnce(Projection, Protocol):
    """A projection that applies a batch's events in fewer statements than one each."""

    def apply_all(self, events: list[Envelope], conn: psycopg.Connection[Any]) -> None:
        """Apply these events, in this order."""
        ...


def _as_they_come(projection: Projection) -> bool:
    """Whether the projection reads the topics that exist and joins the others when they
    appear (a new session: a topic's id is part of the group), rather than waiting for all
    (`topics_as_they_come`; the connector to the province reads every topic, some of which
    nothing may have published to yet, nor again after the broker lost them)."""
    return bool(getattr(projection, "topics_as_they_come", False))


def _read_streams(projection: Projection) -> tuple[str, ...] | None:
    """The streams the projection reads, by the beginning of their ids (`streams`; None:
    all). Other streams' events are passed over without a checkpoint: a projection of a few
    kinds of streams then costs nothing for a batch import's hundred thousand others."""
    found = getattr(projection, "streams", None)
    return tuple(found) if found is not None else None


def _applied_types(projection: Projection) -> Container[str] | None:
    """The event types the projection applies (`applies`; None: it looks at every one).
    The others still count as seen, by stream and version, but their data is not parsed:
    statistics applies no person's registration, an import's hundred thousand of them."""
    found = getattr(projection, "applies", None)
    return frozenset(found) if found is not None else None


def checkpoint_table(projection: Projection) -> str:
    """Where the projection's checkpoints are: the shared table, unless it keeps its own
    (a projection that is rebuilt does: a rebuild swaps them in with its tables)."""
    return str(getattr(projection, "checkpoints", "consumer_checkpoints"))


def applied_versions(
    conn: psycopg.Connection[Any], projection: Projection, streams: list[str]
) -> dict[str, int]:
    rows = conn.execute(
        f"SELECT stream_id, version FROM {checkpoint_table(projection)}"
        " WHERE consumer = %s AND stream_id = ANY(%s::text[])",
        (projection.name, array_literal(streams)),
    ).fetchall()
    return {str(stream): int(version) for stream, version in rows}


def apply_batch(
    conn: psycopg.Connection[Any], projection: Projection, events: list[Envelope]
) -> list[bool]:
    """Apply each event unless already applied (True where applied), in the caller's
    transaction: the checkpoints are read once for the batch and written once after it."""
    wanted = _read_streams(projection)
    read = [wanted is None or e.stream_id.startswith(wanted) for e in events]
    streams = {e.stream_id for e, r in zip(events, read, strict=True) if r}
    seen = applied_versions(conn, projection, list(streams))
    moved: dict[str, int] = {}
    outcome, due = [], []
    for event in events:
        if event.stream_id not in streams:
            outcome.append(False)
            continue
        have = seen.get(event.stream_id, 0)
        if event.version <= have:
            SKIPPED.labels(projection.name).inc()
            outcome.append(False)
            continue
        if event.version > have + 1:
            # An earlier event of this stream has not arrived: applying this one would make
            # the earlier one look like a duplicate later. Hold it back; a republish brings
            # both.
            GAPS.labels(projection.name).inc()
            log.warning(
                "event_gap",
                consumer=projection.name,
                stream=event.stream_id,
                version=event.version,
                applied=have,
            )
            outcome.append(False)
            continue
        due.append(event)
        seen[event.stream_id] = moved[event.stream_id] = event.version
        outcome.append(True)
    if isinstance(projection, ManyAtOnce):
        projection.apply_all(due, conn)
    else:
        for event in due:
            projection.apply(event, conn)
    _save_checkpoints(conn, projection, moved)
    APPLIED.labels(projection.name).inc(sum(outcome))
    return outcome


def _save_checkpoints(
    conn: psycopg.Connection[Any], projection: Projection, versions: dict[str, int]
) -> None:
    if versions:
        conn.execute(
            f"INSERT INTO {checkpoint_table(projection)} (consumer, stream_id, version)"
            " SELECT %s, s, v FROM unnest(%s::text[], %s::int[]) AS t (s, v)"
            " ON CONFLICT (consumer, stream_id) DO UPDATE SET version = EXCLUDED.version",
            # As array text: stream ids are ours (kind-uuid), and a batch holds thousands.
            (projection.name, array_literal(versions), array_literal(map(str, versions.values()))),
        )


def group_id(consumer: str, topic_ids: dict[str, str | None]) -> str:
    """The Kafka group of a consumer over these incarnations of its topics."""
    incarnation = hashlib.blake2b("".join(sorted(map(str, topic_ids.values()))).encode())
    return f"{consumer}.{incarnation.hexdigest()[:10]}"


@dataclass
class ConsumerLoop:
    dsn: str
    bootstrap: str
    projection: Projection
    batch_size: int = 2000
    ready: threading.Event = field(default_factory=threading.Event)
    applied_total: int = 0
    behind: Behind = field(default_factory=Behind)
    # A rebuild's switch-over holds the loop between two batches (see rebuild.py).
    _hold: threading.Event = field(default_factory=threading.Event)
    _held: threading.Event = field(default_factory=threading.Event)
    _positions: dict[tuple[str, int], int] = field(default_factory=dict)

    def hold(self, timeout: float = 30.0) -> dict[tuple[str, int], int]:
        """Stop applying after the batch in hand; returns the next offset of each
        partition, everything before which is applied. Until `release`."""
        self._hold.set()
        if not self._held.wait(timeout):
            self._hold.clear()
            raise TimeoutError(f"{self.projection.name} did not stop within {timeout} s")
        return dict(self._positions)

    def release(self) -> None:
        self._hold.clear()

    def run(self, stop: threading.Event) -> None:
        backoff = 0.2
        while not stop.is_set():
            try:
                self._session(stop)
                backoff = 0.2
            except Exception as exc:
                self.ready.clear()
                log.warning("consumer_retry", consumer=self.projection.name, error=str(exc)[:200])
                stop.wait(backoff)
                backoff = min(backoff * 2, 5.0)

    def _session(self, stop: threading.Event) -> None:
        """One Kafka consumer's life: ends on stop, or when a topic is recreated.

        The group id names the topics' ids: after the broker lost a topic, the recreated one
        has a new id, so a new group starts from its first offset and nothing republished is
        skipped. Consumers never create topics; the publishing relays do.
        """
        with psycopg.connect(self.dsn, autocommit=True) as conn:
            admin = kafka.admin_client(self.bootstrap)
            ids = kafka.topic_ids(admin, list(self.projection.topics))
            present = [topic for topic, topic_id in ids.items() if topic_id is not None]
            while not present and _as_they_come(self.projection) and not stop.is_set():
                self.ready.set()  # nothing to apply yet: ready, and looking again now and then
                stop.wait(NO_TOPIC_LOOK_SECONDS)
                ids = kafka.topic_ids(admin, list(self.projection.topics))
                present = [topic for topic, topic_id in ids.items() if topic_id is not None]
            if stop.is_set():
                return
            if not present or (len(present) < len(ids) and not _as_they_come(self.projection)):
                raise KafkaException(f"waiting for topics {sorted(ids)} to exist")
            consumer = Consumer(
                kafka.consumer_config(self.bootstrap, group_id(self.projection.name, ids))
            )
            consumer.subscribe(present, on_assign=lambda *_: self.ready.set())
            try:
                began = last_check = last_look = time.monotonic()
                while not stop.is_set():
                    if self._hold.is_set():
                        self._stay_held(consumer, stop)
                    self._consume_batch(conn, consumer)
                    if time.monotonic() - last_check > 1.0:
                        last_check = time.monotonic()
                        self._measure_behind(consumer)
                        if not self.ready.is_set() and last_check - began > JOIN_SECONDS:
                            raise KafkaException("the group gave us no partitions: joining again")
                    if time.monotonic() - last_look > kafka.TOPIC_CHECK_SECONDS:
                        last_look = time.monotonic()
                        if kafka.topic_ids(admin, list(self.projection.topics)) != ids:
                            raise KafkaException("a topic was recreated: the broker lost its data")
            finally:
                self.ready.clear()
                _close_within(consumer, CLOSE_SECONDS)

    def _stay_held(self, consumer: Consumer, stop: threading.Event) -> None:
        """Say where each partition stands, then fetch nothing until released (still
        polling, so the group keeps the consumer)."""
        assigned = consumer.assignment()
        self._positions = {
            (tp.topic, tp.partition): tp.offset
            for tp in consumer.position(assigned)
            if tp.offset >= 0
        }
        consumer.pause(assigned)
        self._held.set()
        try:
            while self._hold.is_set() and not stop.is_set():
                consumer.consume(1, timeout=0.1)
        finally:
            self._held.clear()
            consumer.resume(assigned)

    def _consume_batch(self, conn: psycopg.Connection[Any], consumer: Consumer) -> None:
        messages = consumer.consume(self.batch_size, timeout=0.2)
        good: list[Message] = []
        for message in messages:
            if message.error():
                raise KafkaException(message.error())
            good.append(message)
        if not good:
            return
        wanted = _applied_types(self.projection)
        events = [
            Envelope.from_kafka(m.headers() or [], m.key(), m.value() or b"{}", wanted)
            for m in good
        ]
        with conn.transaction():
            self.applied_total += sum(apply_batch(conn, self.projection, events))
        done = {  # each partition's next offset, stored once a batch
            (str(m.topic()), int(m.partition() or 0)): int(m.offset() or 0) + 1 for m in good
        }
        consumer.store_offsets(offsets=[TopicPartition(t, p, at) for (t, p), at in done.items()])
        LAST_APPLIED.labels(self.projection.name).set_to_current_time()
        now = datetime.now(UTC)
        lag = LAG.labels(self.projection.name)
        for event in events:
            lag.observe(max((now - event.time).total_seconds(), 0.0))
        self.behind.last_event_at = events[-1].time

    def _measure_behind(self, consumer: Consumer) -> None:
        """Events on the assigned partitions past this consumer's position, and how old
        the last applied one is while they wait. The high watermarks are those of the last
        fetch responses (cached): asking the broker would hold up consumption."""
        waiting = 0
        assigned = consumer.assignment()
        for position in consumer.position(assigned) if assigned else []:
            _low, high = consumer.get_watermark_offsets(
                TopicPartition(position.topic, position.partition), cached=True
            )
            if high >= 0 and position.offset >= 0:
                waiting += max(high - position.offset, 0)
        now = datetime.now(UTC)
        last = self.behind.last_event_at
        seconds = (now - last).total_seconds() if waiting and last else 0.0
        self.behind = Behind(waiting, max(seconds, 0.0), last, now)
        BEHIND_EVENTS.labels(self.projection.name).set(waiting)
        BEHIND_SECONDS.labels(self.projection.name).set(self.behind.seconds)


def _close_within(consumer: Consumer, seconds: float) -> None:
    """Close the consumer, but do not let a broker that does not answer the leave or the
    last commit hold the loop: offsets are only a hint (checkpoints are in PostgreSQL), so
    a close left unfinished loses nothing."""
    closing = threading.Thread(target=consumer.close, name="consumer-close", daemon=True)
    closing.start()
    closing.join(seconds)
    if closing.is_alive():
        log.warning("consumer_close_abandoned", seconds=seconds)
