"""Redelivering a range of events to the province (`liudong replay-province --from DATE`):
every event recorded on or after a day, read again from the topics, delivered in batches in
each stream's order. The province ignores what it holds already, so a replay can only fill
gaps; the connector's own checkpoints are not touched.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime

from confluent_kafka import Consumer, KafkaException, Message, TopicPartition

from liudong_events import kafka
from liudong_events.catalog import TOPICS
from liudong_events.envelope import Envelope
from liudong_sync_province.delivery import Delivery

BATCH = 2000


def replay(
    bootstrap: str,
    since: datetime,
    delivery: Delivery,
    on_progress: Callable[[int, int], None] = lambda _done, _total: None,
) -> int:
    """Deliver every event of every topic recorded at or after `since`; returns how many.
    `on_progress(messages read, messages to read)` follows it."""
    consumer = Consumer(
        {**kafka.consumer_config(bootstrap, "province-replay"), "enable.auto.commit": False}
    )
    try:
        spans = _spans(consumer, since)
        total = sum(end - start for start, end in spans.values())
        consumer.assign([TopicPartition(t, p, start) for (t, p), (start, _) in spans.items()])
        delivered = read = 0
        for messages in _batches(consumer, {k: end for k, (_, end) in spans.items()}):
            read += len(messages)
            events = [
                Envelope.from_kafka(m.headers() or [], m.key(), m.value() or b"{}")
                for m in messages
            ]
            due = [e for e in events if e.time >= since]
            delivery.deliver(due)
            delivered += len(due)
            on_progress(read, total)
        return delivered
    finally:
        consumer.close()


def _spans(consumer: Consumer, since: datetime) -> dict[tuple[str, int], tuple[int, int]]:
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
    """The messages a batch at a time, in partition order, until every partition has been
    read to where it ended and nothing more comes: the local broker can say a partition
    ends after the first event of its last batch (see rebuild.py), and what arrives while
    the replay runs may as well go too."""
    short = dict(ends)  # the partitions not yet read to their end
    while True:
        messages = consumer.consume(BATCH, timeout=1.0)
        for m in messages:
            if m.error():
                raise KafkaException(m.error())
            key = (str(m.topic()), int(m.partition() or 0))
            if int(m.offset() or 0) + 1 >= short.get(key, 0):
                short.pop(key, None)
        if messages:
            yield messages
        elif not short:
            return
