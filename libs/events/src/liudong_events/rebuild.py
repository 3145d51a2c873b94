"""Rebuilding a projection beside the live one, then switching over in one transaction.

The replay reads every partition from its first offset into fresh tables in a schema of
their own (the projection's SQL is unqualified, so a `search_path` sends it there) while
the live loop goes on and the live tables keep answering. The events of the projection's
`staged_topics` (the millions of a registry) are not applied batch after batch: worker
processes copy those it reads into a table per type (see staging.py) and the projection
then applies them all at once, in a few statements over the whole set (`after_replay`); the
other topics are applied batch by batch meanwhile.

Once the replay has reached where the partitions ended when it began, the live loop is
held between two batches; the replay catches up to where the live loop stands, and one
transaction swaps the fresh tables in, the projection's own checkpoint table among them.
The live loop is released and goes on from its own offsets, now into the fresh tables.
Readers never see an empty projection; new events wait only for the catch-up.

The hold covers the loop of this process: with several replicas of a service consuming
one projection, hold them all (or run one) before a rebuild.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any, Literal, Protocol

import psycopg
import psycopg.conninfo
import structlog
from confluent_kafka import Consumer, KafkaException, Message, TopicPartition
from psycopg import sql

from liudong_events import kafka, staging
from liudong_events.consumer import ConsumerLoop, Projection, apply_batch
from liudong_events.envelope import Envelope
from liudong_events.schedule import Fill, Schedule, Step

log = structlog.get_logger("rebuild")
State = Literal["idle", "replaying", "switching", "done", "failed"]
LANES = 2  # connections applying at once: PostgreSQL works while Python parses
WORKERS = 2  # staging processes: one a core
Offsets = dict[tuple[str, int], int]
Batch = tuple[list[Message], Offsets]
Conn = psycopg.Connection[Any]


class Swappable(Projection, Protocol):
    tables: tuple[str, ...]  # what the projection writes, all rebuilt and swapped together
    checkpoints: str  # its own checkpoint table, one of `tables`
    staged_topics: tuple[str, ...]  # staged by the replay, applied by `after_replay`
    filled_after: tuple[str, ...]  # tables only `after_replay` writes: keyed after it
    staged: Mapping[str, staging.Staged]  # how each type `after_replay` reads is staged

    def replaying(self) -> Projection:
        """The projection as the replay runs it on the other topics (it may leave derived
        tables to the end)."""
        ...

    def after_replay(self) -> Sequence[Fill]:
        """Steps that apply the staged events (the tables of `staged`: each stream's events
        once, from its first version on without a gap) and fill what `replaying` left; each
        runs in a transaction of its own once those it needs are done, the first ready
        first (see schedule.py)."""
        ...


@contextmanager
def step(name: str) -> Iterator[None]:
    """Log how long one step of a rebuild took (`rebuild_step`), for whoever runs one."""
    began = time.monotonic()
    yield
    log.info("rebuild_step", step=name, ms=round(1000 * (time.monotonic() - began)))


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
    _applied: int = 0  # by the lanes
    _staged: int = 0  # read by the staging workers (those they skip included)

    @property
    def schema(self) -> str:
        return "rebuild_" + self.projection.name.replace(".", "_")

    def start(self) -> bool:
        """Begin in the background; False if a rebuild is already running."""
        with self._lock:
            if self.progress.state in ("replaying", "switching"):
                return False
            self.progress = Progress("replaying", started_at=datetime.now(UTC))
            self._applied = self._staged = 0
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

    def _count(self, applied: int = 0, staged: int | None = None) -> None:
        with self._lock:
            self._applied += applied
            self._staged = self._staged if staged is None else staged
            self._update(applied=self._applied + self._staged)

    def _schema(self) -> sql.Identifier:
        return sql.Identifier(self.schema)

    def _dsn(self) -> str:
        """The rebuild's connections: its schema first, room to sort and index in memory."""
        options = f"-c search_path={self.schema},public -c work_mem=256MB"
        return psycopg.conninfo.make_conninfo(
            self.owner_dsn, options=options + " -c maintenance_work_mem=256MB"
        )

    def _replay_and_switch(self) -> None:
        with psycopg.connect(self.owner_dsn, autocommit=True) as conn:
            self._fresh_tables(conn)
        lanes = [psycopg.connect(self._dsn(), autocommit=True) for _ in range(LANES)]
        try:
            ends = self._watermarks()  # where each partition began and ended as it began
            self._update(total=sum(high - low for low, high in ends.values()))
            read = {key: low for key, (low, _high) in ends.items()}  # the next offset to apply
            staged = {k: v for k, v in ends.items() if k[0] in self.projection.staged_topics}
            with step("replay"):
                self._stage_and_replay(lanes, staged, read, ends)
            self._update(state="switching")
            with step("after_replay"):
                self._apply_staged(lanes)
            live = self.live.hold()
            try:
                with step("catch_up"):
                    self._replay(lanes, self.projection, read, live)
                with psycopg.connect(self.owner_dsn, autocommit=True) as conn:
                    self._switch(conn)
            finally:
                self.live.release()
        finally:
            for lane in lanes:
                lane.close()

    def _stage_and_replay(
        self,
        lanes: list[Conn],
        staged: dict[tuple[str, int], tuple[int, int]],
        read: Offsets,
        ends: dict[tuple[str, int], tuple[int, int]],
    ) -> None:
        """The staged topics' partitions to their ends by the workers, the others by the
        lanes meanwhile."""
        spans = [(topic, p, low, high) for (topic, p), (low, high) in staged.items()]
        checkpoints = staging.Checkpoints(self.projection.checkpoints, self.projection.name)
        workers = staging.start(
            spans, self.projection.staged, checkpoints, self.bootstrap, self._dsn(), WORKERS
        )
        try:
            others = {key: high for key, (_low, high) in ends.items() if key not in staged}
            self._replay(lanes, self.projection.replaying(), read, others)
            workers.wait(lambda read: self._count(staged=read))
        finally:
            workers.stop()
        read.update({key: high for key, (_low, high) in staged.items()})

    def _apply_staged(self, lanes: list[Conn]) -> None:
        """The projection's steps on the lanes, each filled table's keys and indexes built
        as soon as its steps are done, then every table analyzed (the planner's
        statistics, before the first reader after the switch needs them); the staged
        events dropped."""
        staged = [sql.Identifier(t) for t in staging.tables(self.projection.staged)]
        for table in staged:  # what the planner needs for its joins
            lanes[0].execute(sql.SQL("ANALYZE {}").format(table))
        Schedule(self.projection.after_replay(), self._late_indexes(lanes[0])).run(lanes)
        analyses = [
            Fill(f"analyze {t}", _statement(f"ANALYZE {t}")) for t in self.projection.tables
        ]
        Schedule(analyses, {}).run(lanes)
        for table in staged:
            lanes[0].execute(sql.SQL("DROP TABLE {}").format(table))

    def _fresh_tables(self, conn: Conn) -> None:
        """Tables like the live ones with the keys the replay needs (ON CONFLICT does);
        their other keys and indexes come after it: built once, not kept up row by row."""
        schema = self._schema()
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(schema))
        conn.execute(sql.SQL("CREATE SCHEMA {}").format(schema))
        for table in self.projection.tables:
            conn.execute(
                sql.SQL(
                    "CREATE TABLE {}.{} (LIKE public.{} INCLUDING ALL EXCLUDING INDEXES)"
                ).format(schema, sql.Identifier(table), sql.Identifier(table))
            )
        for _table, statement in self._keys(conn, early=True):
            conn.execute(statement.encode())
        for how in {s.table: s for s in self.projection.staged.values()}.values():
            conn.execute(
                sql.SQL(staging.STAGED_TABLE).format(
                    schema, sql.Identifier(how.table), sql.SQL(how.columns)
                )
            )

    def _keys(self, conn: Conn, *, early: bool) -> list[tuple[str, str]]:
        """Adding the live tables' keys to the fresh ones: those of the tables the replay
        writes (`early`), or of those only `after_replay` fills."""
        tables = [t for t in self.projection.tables if (t in self.projection.filled_after) != early]
        keys = conn.execute(
            "SELECT (SELECT relname FROM pg_class WHERE oid = conrelid), conname,"
            " pg_get_constraintdef(oid)"
            " FROM pg_constraint WHERE contype IN ('p', 'u') AND conrelid = ANY(SELECT"
            "  ('public.' || quote_ident(t))::regclass FROM unnest(%s::text[]) t)",
            (tables,),
        ).fetchall()
        return [
            (
                table,
                sql.SQL("ALTER TABLE {}.{} ADD CONSTRAINT {} {}")
                .format(
                    self._schema(),
                    sql.Identifier(table),
                    sql.Identifier(name),
                    sql.SQL(definition),
                )
                .as_string(None),
            )
            for table, name, definition in keys
        ]

    def _late_indexes(self, conn: Conn) -> dict[str, list[Step]]:
        """Building, per table, the keys of the tables `after_replay` fills and every
        index that backs no key, on the fresh tables."""
        definitions = conn.execute(
            "SELECT (SELECT relname FROM pg_class WHERE oid = i.indrelid),"
            " pg_get_indexdef(i.indexrelid) FROM pg_index i"
            " WHERE i.indrelid = ANY(SELECT ('public.' || quote_ident(t))::regclass"
            "  FROM unnest(%s::text[]) t)"
            " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
            (list(self.projection.tables),),
        ).fetchall()
        ours = f" ON {self.schema}."
        built: dict[str, list[Step]] = {t: [] for t in self.projection.tables}
        for table, statement in [*self._keys(conn, early=False), *definitions]:
            built[table].append(_statement(statement.replace(" ON public.", ours, 1)))
        return built

    def _watermarks(self) -> dict[tuple[str, int], tuple[int, int]]:
        config = kafka.consumer_config(self.bootstrap, f"{self.projection.name}.rebuild")
        consumer = Consumer({**config, "enable.auto.commit": False})
        try:
            metadata = consumer.list_topics(timeout=10)
            ends = {}
            for topic in self.projection.topics:
                for p in metadata.topics[topic].partitions:
                    ends[(topic, p)] = consumer.get_watermark_offsets(
                        TopicPartition(topic, p), timeout=10, cached=False
                    )
            return ends
        finally:
            consumer.close()

    def _replay(
        self, lanes: list[Conn], projection: Projection, read: Offsets, targets: Offsets
    ) -> None:
        """Apply everything of `targets`' partitions from `read` to before each target
        offset (and whatever the same batches bring beyond it: the checkpoints skip nothing
        twice), the partitions shared among the lanes: a stream keeps to one partition, so
        lanes never touch one stream. `read` is kept up to date."""
        if not any(read.get(key, 0) < end for key, end in targets.items()):
            return
        # No group: the replay assigns itself the partitions and commits nothing.
        config = kafka.consumer_config(self.bootstrap, f"{self.projection.name}.rebuild")
        consumer = Consumer({**config, "enable.auto.commit": False})
        consumer.assign([TopicPartition(t, p, read.get((t, p), 0)) for t, p in targets])
        feed = _Feed(consumer, len(lanes))
        try:
            with ThreadPoolExecutor(len(lanes), thread_name_prefix="rebuild-lane") as pool:
                running = [
                    pool.submit(self._lane, lane, n, projection, feed, read, targets)
                    for n, lane in enumerate(lanes)
                ]
                for lane in running:
                    lane.result()
        finally:
            feed.close()
            consumer.close()

    def _lane(
        self,
        conn: Conn,
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
            messages, offsets = taken
            events = [
                Envelope.from_kafka(m.headers() or [], m.key(), m.value() or b"{}")
                for m in messages
            ]
            if events:
                with conn.transaction():
                    apply_batch(conn, projection, events)
            read.update(offsets)
            self._count(applied=len(events))

    def _switch(self, conn: Conn) -> None:
        """One transaction: the fresh tables in, the projection's checkpoints among them."""
        schema = self._schema()
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
            conn.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(schema))
        log.info(
            "rebuild_switched",
            projection=self.projection.name,
            ms=round(1000 * (time.monotonic() - began)),
        )


def _statement(statement: str) -> Step:
    def run(conn: Conn) -> None:
        conn.execute(statement.encode())

    return run


class _Feed:
    """Reads the next batches, each partition's messages for the lane that applies that
    partition, while the lanes apply the ones before."""

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
                messages = self._consumer.consume(staging.BATCH, timeout=0.5)
                if messages:
                    for lane, batch in enumerate(self._by_lane(messages)):
                        self._put(lane, batch)
        except BaseException as exc:  # handed to the applying lanes, which raise it
            for lane in range(self._lanes):
                self._put(lane, exc)

    def _by_lane(self, messages: list[Message]) -> list[Batch]:
        lanes: list[Batch] = [([], {}) for _ in range(self._lanes)]
        for m in messages:
            if m.error():
                raise KafkaException(m.error())
            key = (str(m.topic()), int(m.partition() or 0))
            taken, offsets = lanes[self.lane_of(key)]
            taken.append(m)
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
