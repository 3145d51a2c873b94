"""A rebuild's staging: the events of whole topics copied as they are into one table.

Reading millions of events is the slow part of a rebuild, and most of it is the Kafka
client's and the interpreter's: reading one message's headers alone costs several
microseconds. So worker processes (one a core) each read their share of the partitions and
COPY each message, unparsed, as a row of `replay_events`; the projection then applies the
whole table in a few statements (`Swappable.after_replay`).
"""

from __future__ import annotations

import multiprocessing
import queue
import time
from collections.abc import Callable
from typing import Any

import psycopg
from confluent_kafka import Consumer, KafkaException, Message, TopicPartition
from psycopg import sql

from liudong_events import kafka

BATCH = 5000
QUIET_SECONDS = 60.0  # a partition that gives nothing this long has lost what it held
Span = tuple[str, int, int, int]  # topic, partition, first offset, offset to stop before

# The staged events as read: the topic, partition and offset order them as they were
# published; absent actor headers are empty text. Each type the projection reads has a
# partition of its own (the others share one), so a statement reads only its types.
# Unlogged: only the rebuild's connections see it, and it is gone after.
STAGED_TABLE = (
    "CREATE TABLE {}.replay_events (topic text NOT NULL, partition integer NOT NULL,"
    " kafka_offset bigint NOT NULL, stream_id text NOT NULL, version integer NOT NULL,"
    " type text NOT NULL, time timestamptz NOT NULL, actor_id text NOT NULL,"
    " actor_username text NOT NULL, data jsonb NOT NULL) PARTITION BY LIST (type)"
)
TYPE_PARTITION = "CREATE UNLOGGED TABLE {}.{} PARTITION OF {}.replay_events FOR VALUES IN ({})"
OTHER_TYPES = "CREATE UNLOGGED TABLE {}.replay_other PARTITION OF {}.replay_events DEFAULT"
STAGED_COLUMNS = 10
# In the order of the checkpoint table's key: each row then goes to the end of its index.
CHECKPOINTS = (
    "INSERT INTO {} (consumer, stream_id, version)"
    " SELECT %s, stream_id, max(version) FROM replay_events GROUP BY stream_id"
    ' ORDER BY stream_id COLLATE "C"'
)


def start(spans: list[Span], bootstrap: str, dsn: str, workers: int) -> Staging:
    """Stage `spans` in the background, shared among `workers` processes."""
    context = multiprocessing.get_context("spawn")  # no fork of a threaded service
    counter, results = context.Value("q", 0), context.Queue()
    processes = [
        context.Process(
            target=_work,
            args=(spans[n::workers], bootstrap, dsn, counter, results),
            name="rebuild-staging",
            daemon=True,
        )
        for n in range(min(workers, len(spans)))
    ]
    for process in processes:
        process.start()
    return Staging(processes, counter, results)


class Staging:
    """The staging workers, followed from the rebuild."""

    def __init__(self, processes: list[Any], counter: Any, results: Any) -> None:
        self._processes, self._counter, self._results = processes, counter, results

    @property
    def read(self) -> int:
        return int(self._counter.value)

    def wait(self, on_progress: Callable[[int], None]) -> int:
        """Until every worker is through, telling `on_progress` the messages read so far;
        returns them all. Raises what a worker raised, the others stopped."""
        heard: list[int] = []
        try:
            while len(heard) < len(self._processes):
                on_progress(self.read)
                try:
                    outcome, said = self._results.get(timeout=0.2)
                except queue.Empty:
                    if not any(p.is_alive() for p in self._processes) and self._results.empty():
                        raise RuntimeError("a staging worker ended without a word") from None
                    continue
                if outcome == "failed":
                    raise RuntimeError(f"staging: {said}")
                heard.append(said)
            on_progress(self.read)
            return sum(heard)
        finally:
            self.stop()

    def stop(self) -> None:
        for process in self._processes:
            if process.is_alive():
                process.terminate()
            process.join(timeout=10)


def _work(spans: list[Span], bootstrap: str, dsn: str, counter: Any, results: Any) -> None:
    try:
        results.put(("done", stage(spans, bootstrap, dsn, counter)))
    except BaseException as exc:  # the rebuild says it; the worker ends
        results.put(("failed", f"{type(exc).__name__}: {exc}"[:300]))


def stage(spans: list[Span], bootstrap: str, dsn: str, counter: Any) -> int:
    """In a worker: COPY every message of `spans` into replay_events (found on the
    connection's search_path) in one transaction, but those a live loop would skip;
    returns how many messages it read (as `counter` says while it runs)."""
    config = kafka.consumer_config(bootstrap, "rebuild-staging")  # no group: assigned
    consumer = Consumer({**config, "enable.auto.commit": False})
    ends = {(topic, p): end for topic, p, first, end in spans if first < end}
    consumer.assign([TopicPartition(t, p, first) for t, p, first, end in spans if first < end])
    read, heard = 0, time.monotonic()
    applied: dict[bytes, int] = {}  # each stream's last version staged
    try:
        with psycopg.connect(dsn) as conn, conn.cursor().copy(_COPY) as copy:
            while ends:
                messages = consumer.consume(BATCH, timeout=1.0)
                rows, taken, finished = _rows(messages, ends, applied)
                if finished:  # read no further there
                    consumer.incremental_unassign([TopicPartition(t, p) for t, p in finished])
                if rows:
                    copy.write(b"".join(rows))
                if taken:
                    read, heard = read + taken, time.monotonic()
                    with counter.get_lock():
                        counter.value += taken
                elif time.monotonic() - heard > QUIET_SECONDS:
                    raise RuntimeError(f"no events came for {QUIET_SECONDS:.0f} s: {ends}")
    finally:
        consumer.close()
    return read


_COPY = sql.SQL("COPY replay_events FROM STDIN")


def _rows(
    messages: list[Message], ends: dict[tuple[str, int], int], applied: dict[bytes, int]
) -> tuple[list[bytes], int, list[tuple[str, int]]]:
    """The rows of the messages before their partition's end, how many messages those
    were, and the partitions that reached it (they leave `ends`)."""
    rows, taken, finished = [], 0, []
    for m in messages:
        if m.error():
            raise KafkaException(m.error())
        key = (str(m.topic()), int(m.partition() or 0))
        end, offset = ends.get(key), int(m.offset() or 0)
        if end is None:
            continue
        if offset < end:
            taken += 1
            if row := staged_row(m, applied):
                rows.append(row)
        if offset + 1 >= end:
            del ends[key]
            finished.append(key)
    return rows, taken, finished


def staged_row(m: Message, applied: dict[bytes, int]) -> bytes | None:
    """A line of COPY text for `replay_events`, straight from the message's bytes; None
    for an event a live loop would not apply now (see consumer.apply_batch): a copy of one
    already staged (republished), or one after a version that has not come (held back
    until a republish brings both, later in the partition). A stream keeps to one
    partition, so the worker reading it sees all its events in order."""
    h: dict[str, Any] = dict(m.headers() or [])  # values as bytes
    stream, version = h["ce_subject"] or b"", h["ce_sequence"] or b""
    if int(version) != applied.get(stream, 0) + 1:
        return None
    applied[stream] = int(version)
    fields: list[bytes] = [
        str(m.topic()).encode(),
        b"%d" % (m.partition() or 0),
        b"%d" % (m.offset() or 0),
        stream,
        version,
        h["ce_type"] or b"",
        h["ce_time"] or b"",
        h.get("ce_actorid") or b"",
        h.get("ce_actorusername") or b"",
        m.value() or b"{}",
    ]
    line = b"\t".join(fields)
    if line.count(b"\t") != STAGED_COLUMNS - 1 or b"\\" in line or b"\n" in line or b"\r" in line:
        line = b"\t".join(map(_escaped, fields))
    return line + b"\n"


def _escaped(field: bytes) -> bytes:
    return (
        field.replace(b"\\", b"\\\\")
        .replace(b"\t", b"\\t")
        .replace(b"\n", b"\\n")
        .replace(b"\r", b"\\r")
    )
