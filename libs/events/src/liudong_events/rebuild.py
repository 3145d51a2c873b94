"""Rebuilding a projection beside the live one, then switching over in one transaction.

The replay reads every partition from its first offset into fresh tables in a schema of
their own (the projection's SQL is unqualified, so a `search_path` sends it there,
checkpoints included) while the live loop goes on and the live tables keep answering.
Once the replay has reached where the partitions ended when it began, the live loop is
held between two batches; the replay catches up to where the live loop stands, and one
transaction swaps the fresh tables and their checkpoints in. The live loop is released and
goes on from its own offsets, now into the fresh tables. Readers never see an empty
projection; new events wait only for the catch-up.

The hold covers the loop of this process: with several replicas of a service consuming
one projection, hold them all (or run one) before a rebuild.
"""

from __future__ import annotations

import queue
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any, Literal, Protocol

import psycopg
import psycopg.conninfo
import structlog
from confluent_kafka import Consumer, KafkaException, TopicPartition
from psycopg import sql

from liudong_events import kafka
from liudong_events.consumer import ConsumerLoop, Projection, apply_batch
from liudong_events.envelope import Envelope

log = structlog.get_logger("rebuild")
State = Literal["idle", "replaying", "switching", "done", "failed"]
BATCH = 5000
LANES = 2  # connections applying at once: PostgreSQL works while Python parses
ANALYZE_EVERY = 50_000  # events
Offsets = dict[tuple[str, int], int]
Batch = tuple[list["Envelope"], Offsets]


class Swappable(Projection, Protocol):
    tables: tuple[str, ...]  # what the projection writes, all rebuilt together

    def replaying(self) -> Projection:
        """The projection as the replay runs it (it may leave derived tables to the end)."""
        ...

    def after_replay(self, conn: psycopg.Connection[Any]) -> None:
        """Fill what `replaying` left, from what it wrote."""
        ...


@dataclass(frozen=True)
class Progress:
    state: State = "idle"
    applied: int = 0  # events read from the topics, duplicates included
    total: int = 0  # events on the topics when the rebuild began
    started_at: datetime | None = None
    finished_at: datetime | None = None
    error: str | None = None

    @property
    def percent(self) -> float:
        if self.state == "done":
            return 100.0
        return round(min(99.9, 100.0 * self.applied / self.total), 1) if self.total else 0.0


@dataclass
class Rebuild:
    """One projection's rebuild: started by `start`, followed through `progress`."""

    owner_dsn: str  # the tables' owner: creating, dropping and moving tables is theirs
    runtime_dsn: str
    bootstrap: str
    projection: Swappable
    live: ConsumerLoop  # the loop that applies the projection's events in this process
    progress: Progress = field(default_factory=Progress)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def schema(self) -> str:
        return "rebuild_" + self.projection.name.replace(".", "_")

    def start(self) -> bool:
        """Begin in the background; False if a rebuild is already running."""
        with self._lock:
            if self.progress.state in ("replaying", "switching"):
                return False
            self.progress = Progress("replaying", started_at=datetime.now(UTC))
        threading.Thread(target=self._run, name="rebuild", daemon=True).start()
        return True

    def _run(self) -> None:
        try:
            self._replay_and_switch()
            self._update(state="done", finished_at=datetime.now(UTC))
            log.info("rebuild_done", projection=self.projection.name, events=self.progress.applied)
        except Exception as exc:
            log.warning("rebuild_failed", projection=self.projection.name, error=str(exc)[:300])
            self._update(state="failed", error=str(exc)[:300], finished_at=datetime.now(UTC))
            with psycopg.connect(self.owner_dsn, autocommit=True) as conn:
                conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(self._schema()))

    def _update(self, **changes: Any) -> None:
        self.progress = replace(self.progress, **changes)

    def _schema(self) -> sql.Identifier:
        return sql.Identifier(self.schema)

    def _replay_and_switch(self) -> None:
        with psycopg.connect(self.owner_dsn, autocommit=True) as conn:
            self._fresh_tables(conn)
        lanes = [
            psycopg.connect(
                self.owner_dsn, autocommit=True, options=f"-c search_path={self.schema},public"
            )
            for _ in range(LANES)
        ]
        # No group: the replay assigns itself every partition and commits nothing.
        config = kafka.consumer_config(self.bootstrap, f"{self.projection.name}.rebuild")
        consumer = Consumer({**config, "enable.auto.commit": False})
        feed = None
        try:
            ends = self._assign_from_start(consumer)
            self._update(total=sum(high - low for low, high in ends.values()))
            read = {key: low for key, (low, _high) in ends.items()}  # the next offset to apply
            feed = _Feed(consumer, LANES)
            bulk = self.projection.replaying()
            self._replay(lanes, bulk, feed, read, {k: high for k, (_low, high) in ends.items()})
            self._update(state="switching")
            with lanes[0].transaction():
                self.projection.after_replay(lanes[0])
            self._other_indexes(lanes[0])
            live = self.live.hold()
            try:
                self._replay(lanes, self.projection, feed, read, live)
                with psycopg.connect(self.owner_dsn, autocommit=True) as conn:
                    self._switch(conn)
            finally:
                self.live.release()
        finally:
            if feed is not None:
                feed.close()
            consumer.close()
            for lane in lanes:
                lane.close()

    def _fresh_tables(self, conn: psycopg.Connection[Any]) -> None:
        """Tables like the live ones with their keys (what ON CONFLICT needs); their other
        indexes come after the replay: built once, not kept up row by row."""
        schema = self._schema()
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(schema))
        conn.execute(sql.SQL("CREATE SCHEMA {}").format(schema))
        for table in self._tables():
            conn.execute(
                sql.SQL(
                    "CREATE TABLE {}.{} (LIKE public.{} INCLUDING ALL EXCLUDING INDEXES)"
                ).format(schema, sql.Identifier(table), sql.Identifier(table))
            )
            keys = conn.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
                " WHERE conrelid = ('public.' || quote_ident(%s))::regclass"
                " AND contype IN ('p', 'u')",
                (table,),
            ).fetchall()
            for name, definition in keys:
                conn.execute(
                    sql.SQL("ALTER TABLE {}.{} ADD CONSTRAINT {} {}").format(
                        schema, sql.Identifier(table), sql.Identifier(name), sql.SQL(definition)
                    )
                )

    def _analyze(self, conn: psycopg.Connection[Any]) -> None:
        """Fresh tables have no statistics: without them the planner reads a growing table
        whole for each batch's lookups rather than through its key."""
        for table in self._tables():
            conn.execute(sql.SQL("ANALYZE {}.{}").format(self._schema(), sql.Identifier(table)))

    def _tables(self) -> tuple[str, ...]:
        return (*self.projection.tables, "consumer_checkpoints")

    def _other_indexes(self, conn: psycopg.Connection[Any]) -> None:
        """The live tables' indexes that back no key, built on the fresh tables."""
        for table in self._tables():
            definitions = conn.execute(
                "SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i"
                " WHERE i.indrelid = ('public.' || quote_ident(%s))::regclass"
                " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
                (table,),
            ).fetchall()
            for (definition,) in definitions:
                conn.execute(definition.replace(" ON public.", f" ON {self.schema}.", 1).encode())

    def _assign_from_start(self, consumer: Consumer) -> dict[tuple[str, int], tuple[int, int]]:
        """Every partition of the projection's topics from its first offset; returns where
        each began and ended when the rebuild began."""
        metadata = consumer.list_topics(timeout=10)
        partitions = [
            TopicPartition(topic, p)
            for topic in self.projection.topics
            for p in metadata.topics[topic].partitions
        ]
        ends = {}
        for tp in partitions:
            low, high = consumer.get_watermark_offsets(tp, timeout=10, cached=False)
            ends[(tp.topic, tp.partition)] = (low, high)
            tp.offset = low
        consumer.assign(partitions)
        return ends

    def _replay(
        self,
        lanes: list[psycopg.Connection[Any]],
        projection: Projection,
        feed: _Feed,
        read: Offsets,
        targets: Offsets,
    ) -> None:
        """Apply everything before each partition's target offset (and whatever the same
        batches bring beyond it: the checkpoints skip nothing twice), the partitions shared
        among the lanes: a stream keeps to one partition, so lanes never touch one stream.
        `read` holds the next offset of each partition, and is kept up to date."""
        with ThreadPoolExecutor(len(lanes), thread_name_prefix="rebuild-lane") as pool:
            running = [
                pool.submit(self._lane, lane, n, projection, feed, read, targets)
                for n, lane in enumerate(lanes)
            ]
            for lane in running:
                lane.result()

    def _lane(
        self,
        conn: psycopg.Connection[Any],
        lane: int,
        projection: Projection,
        feed: _Feed,
        read: Offsets,
        targets: Offsets,
    ) -> None:
        # Every lane goes on until all are through: one that stopped taking would leave the
        # feed waiting on its queue, and the other lanes without batches.
        while any(read.get(key, 0) < end for key, end in targets.items()):
            taken = feed.take(lane, timeout=1.0)
            if taken is None:
                continue
            events, offsets = taken
            if events:
                with conn.transaction():
                    apply_batch(conn, projection, events)
            read.update(offsets)
            with self._lock:
                self._update(applied=self.progress.applied + len(events))

    def _switch(self, conn: psycopg.Connection[Any]) -> None:
        """One transaction: the fresh tables in, and their checkpoints."""
        schema, name = self._schema(), self.projection.name
        tables = [sql.Identifier(t) for t in self.projection.tables]
        runtime = psycopg.conninfo.conninfo_to_dict(self.runtime_dsn).get("user")
        owner = psycopg.conninfo.conninfo_to_dict(self.owner_dsn).get("user")
        began = time.monotonic()
        with conn.transaction():
            # The checkpoints first: readers of the figures wait only for the swap below.
            conn.execute("DELETE FROM public.consumer_checkpoints WHERE consumer = %s", (name,))
            conn.execute(
                sql.SQL(
                    "INSERT INTO public.consumer_checkpoints"
                    " SELECT * FROM {}.consumer_checkpoints WHERE consumer = %s"
                ).format(schema),
                (name,),
            )
            conn.execute(
                sql.SQL("LOCK TABLE {} IN ACCESS EXCLUSIVE MODE").format(
                    sql.SQL(", ").join(sql.SQL("public.{}").format(t) for t in tables)
                )
            )
            for table in tables:
                conn.execute(sql.SQL("DROP TABLE public.{}").format(table))
                conn.execute(sql.SQL("ALTER TABLE {}.{} SET SCHEMA public").format(schema, table))
                if runtime and runtime != owner:
                    conn.execute(
                        sql.SQL(
                            "GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON {} TO {}"
                        ).format(table, sql.Identifier(str(runtime)))
                    )
            conn.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(schema))
        log.info("rebuild_switched", projection=name, ms=round(1000 * (time.monotonic() - began)))


class _Feed:
    """Reads and parses the next batches, each partition's events for the lane that
    applies that partition, while the lanes apply the ones before: the parsing holds the
    interpreter, the applying mostly waits on PostgreSQL."""

    def __init__(self, consumer: Consumer, lanes: int) -> None:
        self._consumer = consumer
        self._lanes = lanes
        self._batches = [queue.Queue[Batch | BaseException](2) for _ in range(lanes)]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rebuild-feed", daemon=True)
        self._thread.start()

    def lane_of(self, key: tuple[str, int]) -> int:
        return key[1] % self._lanes

    def _run(self) -> None:
        try:
            while not self._stop.is_set():
                messages = self._consumer.consume(BATCH, timeout=0.5)
                if messages:
                    for lane, batch in enumerate(self._parsed(messages)):
                        self._put(lane, batch)
        except BaseException as exc:  # handed to the applying lanes, which raise it
            for lane in range(self._lanes):
                self._put(lane, exc)

    def _parsed(self, messages: list[Any]) -> list[Batch]:
        lanes: list[Batch] = [([], {}) for _ in range(self._lanes)]
        for m in messages:
            if m.error():
                raise KafkaException(m.error())
            key = (str(m.topic()), int(m.partition() or 0))
            events, offsets = lanes[self.lane_of(key)]
            events.append(Envelope.from_kafka(m.headers() or [], m.key(), m.value() or b"{}"))
            offsets[key] = int(m.offset() or 0) + 1
        return lanes

    def _put(self, lane: int, item: Batch | BaseException) -> None:
        while not self._stop.is_set():
            try:
                self._batches[lane].put(item, timeout=0.5)
                return
            except queue.Full:
                continue

    def take(self, lane: int, timeout: float) -> Batch | None:
        try:
            item = self._batches[lane].get(timeout=timeout)
        except queue.Empty:
            return None
        if isinstance(item, BaseException):
            raise item
        return item

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
