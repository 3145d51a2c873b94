"""The reference provincial receiver stores each event once, in the order received, only
from a sender that signs with the shared key, and counts what it holds."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import orjson
import psycopg

from liudong_sync_province.batches import CONTENT_TYPE
from liudong_sync_province.signing import HEADER, signature

from .conftest import KEY


def event(
    subject: str, sequence: int, kind: str = "liudong.residence.checked_in"
) -> dict[str, Any]:
    return {
        "specversion": "1.0",
        "id": str(uuid.uuid4()),
        "source": "/registry",
        "type": kind,
        "subject": subject,
        "sequence": str(sequence),
        "time": "2026-11-27T06:00:00Z",
        "data": {"n": sequence},
    }


def send(client: httpx.Client, events: list[dict[str, Any]], key: str = KEY, **headers: str) -> Any:
    body = orjson.dumps(events)
    return client.post(
        "/events",
        content=body,
        headers={"content-type": CONTENT_TYPE, HEADER: signature(body, key), **headers},
    )


def stored(dsn: str) -> list[tuple[str, int]]:
    with psycopg.connect(dsn) as conn:
        rows = conn.execute("SELECT subject, sequence FROM province.events ORDER BY received")
        return [(str(subject), int(sequence)) for subject, sequence in rows]


def test_events_are_stored_once_in_the_order_sent_and_counted(
    receiver: httpx.Client, fresh_dsn: str
) -> None:
    first = [event("a", 1), event("b", 1), event("a", 2, "liudong.residence.departed")]
    answer = send(receiver, first)
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"stored": 3, "duplicates": 0}

    # The connector sends the batch again (it did not hear the answer), then the next.
    assert send(receiver, first).json() == {"stored": 0, "duplicates": 3}
    again = send(receiver, [first[2], event("b", 2), event("c", 1)])
    assert again.json() == {"stored": 2, "duplicates": 1}

    assert stored(fresh_dsn) == [("a", 1), ("b", 1), ("a", 2), ("b", 2), ("c", 1)]
    assert receiver.get("/received/summary").json() == {
        "events": 5,
        "by_type": {"liudong.residence.checked_in": 4, "liudong.residence.departed": 1},
        "duplicates_ignored": 4,
    }


def test_an_unsigned_or_wrongly_signed_batch_stores_nothing(
    receiver: httpx.Client, fresh_dsn: str
) -> None:
    events = [event("a", 1)]
    assert send(receiver, events, key="someone else's").status_code == 401
    body = orjson.dumps(events)
    unsigned = receiver.post("/events", content=body, headers={"content-type": CONTENT_TYPE})
    assert unsigned.status_code == 401
    assert stored(fresh_dsn) == []
    metrics = receiver.get("/metrics").text
    assert 'liudong_province_refused_batches_total{reason="signature"} 2.0' in metrics


def test_a_batch_with_one_bad_event_or_the_wrong_type_stores_nothing_and_says_why(
    receiver: httpx.Client, fresh_dsn: str
) -> None:
    bad = send(receiver, [event("a", 1), {**event("a", 2), "subject": None}])
    assert bad.status_code == 422
    assert "event 1: subject" in bad.json()["detail"]
    plain = send(receiver, [event("a", 1)], **{"content-type": "application/json"})
    assert plain.status_code == 415
    assert stored(fresh_dsn) == []
    assert receiver.get("/received/summary").json() == {
        "events": 0,
        "by_type": {},
        "duplicates_ignored": 0,
    }


def test_faults_cannot_be_set_unless_the_receiver_allows_them(receiver: httpx.Client) -> None:
    assert receiver.put("/faults", json={"status": 500}).status_code == 404
    assert send(receiver, [event("a", 1)]).status_code == 200


def test_an_event_is_stored_as_it_came_whatever_its_text_holds(
    receiver: httpx.Client, fresh_dsn: str
) -> None:
    name = '居民 a\\b\t"c"\nd'
    sent = {**event("a", 1), "data": {"person_name": name}}
    assert send(receiver, [sent]).json() == {"stored": 1, "duplicates": 0}
    with psycopg.connect(fresh_dsn) as conn:
        row = conn.execute("SELECT event FROM province.events").fetchone()
    assert row is not None
    assert row[0]["data"] == {"person_name": name}
    assert row[0]["id"] == sent["id"]
