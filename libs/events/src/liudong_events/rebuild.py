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

import threading
import time
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
BATCH = 2000


class Swappable(Projection, Protocol):
    tables: tuple[str, ...]  # what the projection writes, all rebuilt together


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
        shadow = psycopg.connect(
            self.owner_dsn, autocommit=True, options=f"-c search_path={self.schema},public"
        )
        # No group: the replay assigns itself every partition and commits nothing.
        config = kafka.consumer_config(self.bootstrap, f"{self.projection.name}.rebuild")
        consumer = Consumer({**config, "enable.auto.commit": False})
        try:
            ends = self._assign_from_start(consumer)
            self._update(total=sum(high - low for low, high in ends.values()))
            read = {key: low for key, (low, _high) in ends.items()}  # the next offset to read
            self._replay(shadow, consumer, read, {key: high for key, (_low, high) in ends.items()})
            self._update(state="switching")
            live = self.live.hold()
            try:
                self._replay(shadow, consumer, read, live)
                with psycopg.connect(self.owner_dsn, autocommit=True) as conn:
                    self._switch(conn)
            finally:
                self.live.release()
        finally:
            consumer.close()
            shadow.close()

    def _fresh_tables(self, conn: psycopg.Connection[Any]) -> None:
        schema = self._schema()
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(schema))
        conn.execute(sql.SQL("CREATE SCHEMA {}").format(schema))
        for table in (*self.projection.tables, "consumer_checkpoints"):
            conn.execute(
                sql.SQL("CREATE TABLE {}.{} (LIKE public.{} INCLUDING ALL)").format(
                    schema, sql.Identifier(table), sql.Identifier(table)
                )
            )

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
        conn: psycopg.Connection[Any],
        consumer: Consumer,
        read: dict[tuple[str, int], int],
        targets: dict[tuple[str, int], int],
    ) -> None:
        """Apply everything before each partition's target offset (and whatever the same
        batches bring beyond it: the checkpoints skip nothing twice). `read` holds the next
        offset of each partition, and is kept up to date."""
        while any(read.get(key, 0) < end for key, end in targets.items()):
            messages = consumer.consume(BATCH, timeout=1.0)
            for message in messages:
                if message.error():
                    raise KafkaException(message.error())
            if not messages:
                continue
            events = [
                Envelope.from_kafka(m.headers() or [], m.key(), m.value() or b"{}")
                for m in messages
            ]
            with conn.transaction():
                apply_batch(conn, self.projection, events)
            for message in messages:
                key = (str(message.topic()), int(message.partition() or 0))
                read[key] = int(message.offset() or 0) + 1
            self._update(applied=self.progress.applied + len(messages))

    def _switch(self, conn: psycopg.Connection[Any]) -> None:
        """One transaction: the fresh tables in, and their checkpoints."""
        schema, name = self._schema(), self.projection.name
        tables = [sql.Identifier(t) for t in self.projection.tables]
        runtime = psycopg.conninfo.conninfo_to_dict(self.runtime_dsn).get("user")
        owner = psycopg.conninfo.conninfo_to_dict(self.owner_dsn).get("user")
        began = time.monotonic()
        with conn.transaction():
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
            conn.execute("DELETE FROM public.consumer_checkpoints WHERE consumer = %s", (name,))
            conn.execute(
                sql.SQL(
                    "INSERT INTO public.consumer_checkpoints"
                    " SELECT * FROM {}.consumer_checkpoints WHERE consumer = %s"
                ).format(schema),
                (name,),
            )
            conn.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(schema))
        log.info("rebuild_switched", projection=name, ms=round(1000 * (time.monotonic() - began)))
