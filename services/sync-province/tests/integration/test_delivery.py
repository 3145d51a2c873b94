"""The connector's delivery: a batch reaches the province signed and in order, is stored
once however often it is sent, and waits out a province that is down or refusing, giving up
(to be delivered again) only after its time."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import httpx
import psycopg
import pytest

from liudong_devstack.ports import free_port
from liudong_events.envelope import Envelope
from liudong_sync_province.delivery import Delivery, ProvinceUnreachable

from .conftest import KEY, province


def events(stream: str, count: int) -> list[Envelope]:
    return [
        Envelope(
            "liudong.residence.checked_in" if v == 1 else "liudong.residence.departed",
            stream,
            v,
            "person-1",
            {"residence_id": stream, "n": v},
            "/registry",
            actor={"user_id": "u1", "username": "clerk", "role": "station"},
        )
        for v in range(1, count + 1)
    ]


def stored(dsn: str) -> list[tuple[str, int, str | None]]:
    with psycopg.connect(dsn) as conn:
        rows = conn.execute(
            "SELECT subject, sequence, event->>'actorusername' FROM province.events"
            " ORDER BY received"
        )
        return [(str(s), int(n), u) for s, n, u in rows]


def test_a_batch_is_stored_in_order_once_however_often_it_is_delivered(
    receiver: httpx.Client, fresh_dsn: str
) -> None:
    delivery = Delivery(str(receiver.base_url.join("/events")), KEY)
    batch = events("residence-a", 2) + events("residence-b", 1)
    delivery.deliver(batch)
    delivery.deliver(batch)  # a crash before the checkpoint: the loop delivers it again
    assert stored(fresh_dsn) == [
        ("residence-a", 1, "clerk"),
        ("residence-a", 2, "clerk"),
        ("residence-b", 1, "clerk"),
    ]
    assert receiver.get("/received/summary").json()["duplicates_ignored"] == 3


def test_a_province_that_is_down_is_waited_for(tmp_path: Path, fresh_dsn: str) -> None:
    port, waits = free_port(), []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        time.sleep(seconds)

    delivery = Delivery(f"http://127.0.0.1:{port}/events", KEY, first_wait=0.2, sleep=sleep)
    up = threading.Event()

    def come_up_later() -> None:
        with province(tmp_path, port, LIUDONG_PROVINCE_DATABASE_URL=fresh_dsn):
            up.set()
            done.wait(60)

    done = threading.Event()
    starter = threading.Thread(target=come_up_later)
    starter.start()
    try:
        delivery.deliver(events("residence-c", 1))  # refused connections until it is up
        assert up.wait(10)  # it came up (the delivery may see it before this thread does)
        assert waits  # it did wait, and
        assert all(0 <= w <= delivery.longest_wait for w in waits)  # never beyond the cap
        assert [s for s, _n, _u in stored(fresh_dsn)] == ["residence-c"]
    finally:
        done.set()
        starter.join(60)


def test_a_province_that_refuses_the_signature_keeps_the_batch_for_later(
    receiver: httpx.Client, fresh_dsn: str
) -> None:
    delivery = Delivery(
        str(receiver.base_url.join("/events")),
        "not the province's key",
        give_up_after=1.0,
        first_wait=0.1,
    )
    with pytest.raises(ProvinceUnreachable, match="http_401"):
        delivery.deliver(events("residence-d", 1))
    assert stored(fresh_dsn) == []
    metrics = httpx.get(str(receiver.base_url.join("/metrics"))).text
    assert 'liudong_province_refused_batches_total{reason="signature"}' in metrics
