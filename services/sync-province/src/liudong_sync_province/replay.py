"""Redelivering a range of events to the province (`liudong replay-province --from DATE`):
every event recorded on or after a day, read again from the topics, delivered in batches in
each stream's order. The province ignores what it holds already, so a replay can only fill
gaps; the connector's own checkpoints are not touched.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from datetime import datetime
from typing import Any

from confluent_kafka import Consumer, KafkaException, Message, TopicPartition

from liudong_events import kafka
from liudong_events.catalog import TOPICS
from liudong_sync_province.delivery import Delivery, structured

BATCH = 2000
LANES = 2  # batches in flight at once: the province parses one while it stores another

Progress = Callable[[int, int], None]
Spans = dict[tuple[str, int], tuple[int, int]]


def replay(
    bootstrap: str,
    since: datetime,
    delivery: Delivery,
    on_progress: Progress = lambda _done, _total: None,
    lanes: int = LANES,
) -> int:
    """Deliver every event of every topic recorded at or after `since`; returns how many.
    `on_progress(messages read, messages to read)` follows it.

    The partitions are shared among `lanes`, each delivering its own batches one after the
    other: a stream keeps to one partition, so each stream keeps its order, while the
    province stores one lane's batch as it reads another's."""
    with contextlib.closing(Consumer(_config(bootstrap))) as consumer:
        spans = _spans(consumer, since)
    total = sum(end - start for start, end in spans.values())
    counted = _Counted(total, on_progress)
    stop = threading.Event()
    with ThreadPoolExecutor(max(lanes, 1), thread_name_prefix="replay-lane") as pool:
        running = [
            pool.submit(_lane, bootstrap, share, since, delivery, counted, stop)
            for share in _shares(spans, lanes)
        ]
        finished, _ = wait(running, return_when=FIRST_EXCEPTION)
        if any(lane.exception() for lane in finished):
            stop.set()  # one lane failed: the others stop too, and its error is raised
        return sum(lane.result() for lane in running)


def _config(bootstrap: str) -> dict[str, Any]:
    config = kafka.consumer_config(bootstrap, "province-replay")  # no group: assigned
    return {**config, "enable.auto.commit": False}


def _shares(spans: Spans, lanes: int) -> list[Spans]:
    """The partitions dealt among the lanes, the fullest first, each to the lane with
    the fewest messages so far."""
    shares: list[Spans] = [{} for _ in range(max(min(lanes, len(spans)), 1))]
    for key, span in sorted(spans.items(), key=lambda item: item[1][0] - item[1][1]):
        min(shares, key=lambda share: sum(e - s for s, e in share.values()))[key] = span
    return [share for share in shares if share]


class _Counted:
    """The messages read by every lane, told to `on_progress` as they add up."""

    def __init__(self, total: int, on_progress: Progress) -> None:
        self.total, self.read, self.on_progress = total, 0, on_progress
        self._lock = threading.Lock()

    def add(self, messages: int) -> None:
        with self._lock:
            self.read += messages
            self.on_progress(self.read, self.total)


def _lane(
    bootstrap: str,
    spans: Spans,
    since: datetime,
    delivery: Delivery,
    counted: _Counted,
    stop: threading.Event,
) -> int:
    """Deliver these partitions' events, a batch at a time; the next batch is read and
    encoded by a thread of its own while the province stores the one before."""
    consumer = Consumer(_config(bootstrap))
    try:
        consumer.assign([TopicPartition(t, p, start) for (t, p), (start, _) in spans.items()])
        ready: queue.Queue[tuple[bytes, int, int] | BaseException | None] = queue.Queue(2)
        read_all = threading.Event()  # this lane's reader stops (at its end, or ours)
        reader = threading.Thread(
            target=_encode, args=(consumer, spans, since, ready, read_all), name="replay-reader"
        )
        reader.start()
        delivered = 0
        try:
            while not stop.is_set() and (batch := ready.get()) is not None:
                if isinstance(batch, BaseException):
                    raise batch
                body, count, messages = batch
                if count:
                    delivery.deliver_body(body, count)
                delivered += count
                counted.add(messages)
        finally:
            read_all.set()
            while reader.is_alive():  # let a reader blocked on a full queue end
                with contextlib.suppress(queue.Empty):
                    ready.get(timeout=0.1)
            reader.join()
        return delivered
    finally:
        consumer.close()


def _encode(
    consumer: Consumer,
    spans: Spans,
    since: datetime,
    ready: queue.Queue[tuple[bytes, int, int] | BaseException | None],
    stop: threading.Event,
) -> None:
    """In the reader thread: each batch as a body of the events since `since`, how many
    those are and how many messages were read; then None (or what went wrong)."""
    try:
        for messages in _batches(consumer, {k: end for k, (_, end) in spans.items()}):
            if stop.is_set():
                return
            parts = []
            for m in messages:
                headers: dict[str, Any] = dict(m.headers() or [])
                if datetime.fromisoformat((headers.get("ce_time") or b"").decode()) >= since:
                    parts.append(structured(headers, m.value() or b"{}"))
            ready.put((b"[" + b",".join(parts) + b"]", len(parts), len(messages)))
        ready.put(None)
    except BaseException as exc:  # handed to the delivering thread, which raises it
        ready.put(exc)


def _spans(consumer: Consumer, since: datetime) -> Spans:
    """Per partition of every topic there is: the first offset at or after `since` (by the
    broker's timestamps, which come no earlier than the events'), and where it ends now."""
    present = consumer.list_topics(timeout=10).topics
    wanted = [
        TopicPartition(topic, p, int(since.timestamp() * 1000))
        for topic in TOPICS
        if topic in present
        for p in present[topic].partitions
    ]
    starts = consumer.offsets_for_times(wanted, timeout=10) if wanted else []
    spans = {}
    for tp in starts:
        low, high = consumer.get_watermark_offsets(
            TopicPartition(tp.topic, tp.partition), timeout=10
        )
        start = high if tp.offset < 0 else max(tp.offset, low)  # none since then: nothing
        if start < high:
            spans[(tp.topic, tp.partition)] = (start, high)
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
