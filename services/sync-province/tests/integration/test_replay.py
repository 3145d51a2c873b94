"""A replay from the topics to the reference receiver: from a time, only the events recorded
since; from positions, everything after them; and a replay the province stops answering
says where to go on, so that the next one sends exactly the rest, in each stream's order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import groupby

import httpx
import psycopg
import pytest
from confluent_kafka import Producer

from liudong_devstack.broker import Broker
from liudong_events import kafka
from liudong_events.catalog import REGISTRY_TOPIC
from liudong_events.envelope import Envelope
from liudong_sync_province.delivery import Delivery, ProvinceUnreachable
from liudong_sync_province.positions import parse
from liudong_sync_province.replay import ReplayStopped, replay

from .conftest import KEY

STREAMS, VERSIONS = 60, 100  # 6,000 events: a few batches for each lane


def publish(bootstrap: str, events: list[Envelope]) -> None:
    producer = Producer(kafka.producer_config(bootstrap))
    for event in events:
        record = event.to_kafka()
        producer.produce(
            REGISTRY_TOPIC, record.value, record.key, headers=list(record.headers.items())
        )
        producer.poll(0)
    assert producer.flush(30) == 0


def streams(recorded: datetime) -> list[Envelope]:
    return [
        Envelope(
            "liudong.residence.checked_in",
            f"residence-{recorded:%d}-{s}",
            v,
            f"person-{s}",
            {"residence_id": str(s)},
            "/registry",
            time=recorded,
        )
        for s in range(STREAMS)
        for v in range(1, VERSIONS + 1)
    ]


class StopsAnswering(Delivery):
    """The province stores `answered` batches, then answers nothing any more."""

    answered = 2

    def deliver_body(self, body: bytes, count: int) -> None:
        if self.answered <= 0:
            raise ProvinceUnreachable("the province did not store the batch: ConnectError")
        self.answered -= 1
        super().deliver_body(body, count)


def in_order_per_stream(dsn: str) -> bool:
    with psycopg.connect(dsn) as conn:
        rows = conn.execute(
            "SELECT subject, sequence FROM province.events ORDER BY subject, received"
        ).fetchall()
    return all(
        [v for _, v in versions] == list(range(1, VERSIONS + 1))
        for _, versions in groupby(rows, key=lambda row: row[0])
    )


@pytest.fixture
def topics(own_broker: Broker) -> str:
    kafka.ensure_topics(own_broker.bootstrap)
    return own_broker.bootstrap


def test_a_replay_from_a_time_sends_only_what_was_recorded_since(
    topics: str, receiver: httpx.Client
) -> None:
    now = datetime.now(UTC)
    publish(topics, streams(now - timedelta(days=2)) + streams(now))
    delivery = Delivery(str(receiver.base_url.join("/events")), KEY)

    done = replay(topics, now - timedelta(days=1), delivery)

    assert done.delivered == STREAMS * VERSIONS
    assert receiver.get("/received/summary").json()["events"] == STREAMS * VERSIONS
    ends = {key: offset for key, offset in done.reached.items() if key[0] == REGISTRY_TOPIC}
    assert sum(ends.values()) == 2 * STREAMS * VERSIONS  # every partition read to its end


def test_a_stopped_replay_goes_on_where_it_stopped_and_sends_nothing_twice(
    topics: str, receiver: httpx.Client, fresh_dsn: str
) -> None:
    publish(topics, streams(datetime.now(UTC)))
    url = str(receiver.base_url.join("/events"))

    with pytest.raises(ReplayStopped) as stopped:
        replay(topics, parse(REGISTRY_TOPIC), StopsAnswering(url, KEY))
    first = stopped.value.replayed
    assert 0 < first.delivered < STREAMS * VERSIONS

    rest = replay(topics, parse(first.go_on_from), Delivery(url, KEY))
    assert rest.delivered == STREAMS * VERSIONS - first.delivered
    summary = receiver.get("/received/summary").json()
    assert (summary["events"], summary["duplicates_ignored"]) == (STREAMS * VERSIONS, 0)
    assert in_order_per_stream(fresh_dsn)
    assert replay(topics, parse(rest.go_on_from), Delivery(url, KEY)).delivered == 0
