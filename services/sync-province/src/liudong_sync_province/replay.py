"""Redelivering a range of events to the province (`liudong replay-province --from`):
every event recorded on or after a day, or from positions in the topics on (positions.py),
read again from the topics the province receives (PROVINCE_TOPICS, as the connector) and
delivered in batches in each stream's order. The province ignores what it holds already,
so a replay can only fill gaps; the connector's own checkpoints are not touched. A replay
the province stops answering says where each partition got to, so the next one goes on
from there.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from confluent_kafka import Consumer, KafkaException, Message, TopicPartition

from liudong_events import kafka
from liudong_events.event_data import PROVINCE_TOPICS
from liudong_sync_province import positions
from liudong_sync_province.delivery import Delivery, ProvinceUnreachable, structured
from liudong_sync_province.positions import Partition, Position

BATCH = 2000
LANES = 2  # batches in flight at once: the province parses one while it stores another

Progress = Callable[[int, int], None]
Start = datetime | tuple[Position, ...]
Spans = dict[Partition, tuple[int, int]]
Batch = tuple[bytes, int, int, dict[Partition, int]]  # body, events, messages read, ends


@dataclass(frozen=True)
class Replayed:
    delivered: int
    reached: dict[Partition, int]  # per partition, the offset after the last one delivered
    absent: tuple[str, ...]  # topics to replay that the broker does not have yet

    @property
    def go_on_from(self) -> str:
        """Where a replay of what comes after this one starts, as `--from` takes it."""
        return positions.written(self.reached, self.absent)


class ReplayStopped(RuntimeError):
    """The province stopped storing batches: `replayed` says how far it got."""

    def __init__(self, reason: str, replayed: Replayed) -> None:
        super().__init__(reason)
        self.replayed = replayed


def replay(
    bootstrap: str,
    start: Start,
    delivery: Delivery,
    on_progress: Progress = lambda _done, _total: None,
    lanes: int = LANES,
) -> Replayed:
    """Deliver every event recorded at or after `start` (a time), or every event from
    `start` (positions) on; `on_progress(messages read, messages to read)` follows it.

    The partitions are shared among `lanes`, each delivering its own batches one after the
    other: a stream keeps to one partition, so each stream keeps its order, while the
    province stores one lane's batch as it reads another's."""
    with contextlib.closing(Consumer(_config(bootstrap))) as consumer:
        first, absent = _starts(consumer, start)
        spans = _spans(consumer, first)
    done = _Done(spans, on_progress)
    since = start if isinstance(start, datetime) else None
    stop = threading.Event()
    with ThreadPoolExecutor(max(lanes, 1), thread_name_prefix="replay-lane") as pool:
        running = [
            pool.submit(_lane, bootstrap, share, since, delivery, done, stop)
            for share in _shares(spans, lanes)
        ]
        finished, _ = wait(running, return_when=FIRST_EXCEPTION)
        if any(lane.exception() for lane in finished):
            stop.set()  # one lane failed: the others stop too, and its error is raised
    replayed = Replayed(done.delivered, dict(done.reached), absent)
    try:
        for lane in running:
            lane.result()
    except ProvinceUnreachable as exc:
        raise ReplayStopped(str(exc), replayed) from exc
    return replayed


def _config(bootstrap: str) -> dict[str, Any]:
    config = kafka.consumer_config(bootstrap, "province-replay")  # no group: assigned
    return {**config, "enable.auto.commit": False}


def _shares(spans: Spans, lanes: int) -> list[Spans]:
    """The partitions with something to read dealt among the lanes, the fullest first,
    each to the lane with the fewest messages so far."""
    full = {key: (start, end) for key, (start, end) in spans.items() if start < end}
    shares: list[Spans] = [{} for _ in range(max(min(lanes, len(full)), 1))]
    for key, span in sorted(full.items(), key=lambda item: item[1][0] - item[1][1]):
        min(shares, key=lambda share: sum(e - s for s, e in share.values()))[key] = span
    return [share for share in shares if share]


class _Done:
    """What every lane has delivered: events, messages read (told to `on_progress` as they
    add up) and how far each partition got."""

    def __init__(self, spans: Spans, on_progress: Progress) -> None:
        self.total = sum(end - start for start, end in spans.values())
        self.reached = {key: start for key, (start, _) in spans.items()}
        self.delivered, self.read, self.on_progress = 0, 0, on_progress
        self._lock = threading.Lock()

    def add(self, events: int, messages: int, ends: dict[Partition, int]) -> None:
        with self._lock:
            self.delivered += events
            self.read += messages
            self.reached.update(ends)
            self.on_progress(self.read, self.total)


def _lane(
    bootstrap: str,
    spans: Spans,
    since: datetime | None,
    delivery: Delivery,
    done: _Done,
    stop: threading.Event,
) -> None:
    """Deliver these partitions' events, a batch at a time; the next batch is read and
    encoded by a thread of its own while the province stores the one before."""
    consumer = Consumer(_config(bootstrap))
    try:
        consumer.assign([TopicPartition(t, p, start) for (t, p), (start, _) in spans.items()])
        ready: queue.Queue[Batch | BaseException | None] = queue.Queue(2)
        read_all = threading.Event()  # this lane's reader stops (at its end, or ours)
        reader = threading.Thread(
            target=_encode, args=(consumer, spans, since, ready, read_all), name="replay-reader"
        )
        reader.start()
        try:
            while not stop.is_set() and (batch := ready.get()) is not None:
                if isinstance(batch, BaseException):
                    raise batch
                body, count, messages, ends = batch
                if count:
                    delivery.deliver_body(body, count)
                done.add(count, messages, ends)
        finally:
            read_all.set()
            while reader.is_alive():  # let a reader blocked on a full queue end
                with contextlib.suppress(queue.Empty):
                    ready.get(timeout=0.1)
            reader.join()
    finally:
        consumer.close()


def _encode(
    consumer: Consumer,
    spans: Spans,
    since: datetime | None,
    ready: queue.Queue[Batch | BaseException | None],
    stop: threading.Event,
) -> None:
    """In the reader thread: each batch as a body of its events (those since `since`, if
    given), how many those are, how many messages were read and the offset after the last
    of each partition; then None (or what went wrong)."""
    try:
        for messages in _batches(consumer, {k: end for k, (_, end) in spans.items()}):
            if stop.is_set():
                return
            parts, ends = [], {}
            for m in messages:
                headers: dict[str, Any] = dict(m.headers() or [])
                ends[(str(m.topic()), int(m.partition() or 0))] = int(m.offset() or 0) + 1
                if since is None or _time(headers) >= since:
                    parts.append(structured(headers, m.value() or b"{}"))
            ready.put((b"[" + b",".join(parts) + b"]", len(parts), len(messages), ends))
        ready.put(None)
    except BaseException as exc:  # handed to the delivering thread, which raises it
        ready.put(exc)


def _time(headers: dict[str, Any]) -> datetime:
    return datetime.fromisoformat((headers.get("ce_time") or b"").decode())


def _starts(consumer: Consumer, start: Start) -> tuple[dict[Partition, int], tuple[str, ...]]:
    """Where to start in each partition to replay (-1: at its end), and the topics to
    replay that the broker does not have yet."""
    present = consumer.list_topics(timeout=10).topics
    counts = {t: len(present[t].partitions) for t in PROVINCE_TOPICS if t in present}
    if not isinstance(start, datetime):
        named = dict.fromkeys(p.topic for p in start)
        return positions.starts(start, counts), tuple(t for t in named if t not in counts)
    at_time = int(start.timestamp() * 1000)
    wanted = [TopicPartition(t, p, at_time) for t, count in counts.items() for p in range(count)]
    found = consumer.offsets_for_times(wanted, timeout=10) if wanted else []
    # The broker's timestamps come no earlier than the events' times: the first offset at
    # or after `start` by them may be a little early, never late; _encode drops the early.
    first = {(tp.topic, tp.partition): tp.offset for tp in found}
    return first, tuple(t for t in PROVINCE_TOPICS if t not in counts)


def _spans(consumer: Consumer, first: dict[Partition, int]) -> Spans:
    """Per partition: the offset to start at, kept within what the broker holds, and where
    the partition ends now (the same when there is nothing to replay)."""
    spans = {}
    for (topic, partition), start in first.items():
        low, high = consumer.get_watermark_offsets(TopicPartition(topic, partition), timeout=10)
        spans[(topic, partition)] = (high if start < 0 else min(max(start, low), high), high)
    return spans


def _batches(consumer: Consumer, ends: dict[tuple[str, int], int]) -> Iterator[list[Message]]:
    """The messages in batches of BATCH (fewer when no more come at once), in partition
    order, until every partition has been read to where it ended and nothing more comes:
    the local broker can say a partition ends after the first event of its last batch (see
    rebuild.py), and what arrives while the replay runs may as well go too."""
    short = dict(ends)  # the partitions not yet read to their end
    batch: list[Message] = []
    while True:
        messages = consumer.consume(BATCH - len(batch), timeout=0.2 if batch else 1.0)
        for m in messages:
            if m.error():
                raise KafkaException(m.error())
            key = (str(m.topic()), int(m.partition() or 0))
            if int(m.offset() or 0) + 1 >= short.get(key, 0):
                short.pop(key, None)
        batch += messages
        if len(batch) >= BATCH or (batch and not messages):
            yield batch
            batch = []
        elif not messages and not short:
            return
