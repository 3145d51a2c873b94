"""The reference provincial receiver stores each event once, in the order received, only
from a sender that signs with the shared key, counts what it holds (in all, and by Shanghai
day and type), and lists the district's answers that came among the events."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import httpx
import orjson
import psycopg

from liudong_sync_province import receiver as province_receiver
from liudong_sync_province.batches import CONTENT_TYPE
from liudong_sync_province.signing import HEADER, signature

from .conftest import KEY

CHECKED_IN = "liudong.residence.checked_in"
ANSWERED = "liudong.exchange_item.answered"


def event(
    subject: str,
    sequence: int,
    kind: str = CHECKED_IN,
    time: str = "2026-11-27T06:00:00Z",
    data: dict[str, Any] | None = None,
) -> dict[str, Any]:
    return {
        "specversion": "1.0",
        "id": str(uuid.uuid4()),
        "source": "/registry",
        "type": kind,
        "subject": subject,
        "sequence": str(sequence),
        "time": time,
        "data": {"n": sequence} if data is None else data,
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


def counts(client: httpx.Client, start: str, end: str) -> httpx.Response:
    return client.get("/received/counts", params={"from": start, "to": end})


def test_events_are_counted_by_their_day_in_shanghai_and_by_type(receiver: httpx.Client) -> None:
    departed = "liudong.residence.departed"
    sent = [
        event("a", 1, time="2026-11-25T15:59:59Z"),  # 25th, 23:59:59 in Shanghai: not asked
        event("b", 1, time="2026-11-25T16:00:00Z"),  # 26th, 00:00 in Shanghai
        event("c", 1, time="2026-11-26T15:59:59+00:00"),  # 26th, 23:59:59
        event("d", 1, time="2026-11-26T17:30:00Z"),  # 27th, 01:30 — not the UTC 26th
        event("d", 2, departed, time="2026-11-27T09:00:00+08:00"),
        event("e", 1, time="2026-11-27T16:00:00Z"),  # 28th, 00:00: not asked
    ]
    assert send(receiver, sent).status_code == 200

    answer = counts(receiver, "2026-11-26", "2026-11-27")
    assert answer.status_code == 200, answer.text
    assert answer.json() == {
        "from": "2026-11-26",
        "to": "2026-11-27",
        "counts": [
            {"day": "2026-11-26", "type": CHECKED_IN, "events": 2},
            {"day": "2026-11-27", "type": CHECKED_IN, "events": 1},
            {"day": "2026-11-27", "type": departed, "events": 1},
        ],
    }
    # A duplicate is not counted twice; a day with nothing has no rows.
    assert send(receiver, sent[3:4]).json() == {"stored": 0, "duplicates": 1}
    assert counts(receiver, "2026-11-27", "2026-11-27").json()["counts"] == [
        {"day": "2026-11-27", "type": CHECKED_IN, "events": 1},
        {"day": "2026-11-27", "type": departed, "events": 1},
    ]
    assert counts(receiver, "2026-12-01", "2026-12-31").json()["counts"] == []


def test_counts_refuse_a_period_that_ends_before_it_starts_or_is_too_long(
    receiver: httpx.Client,
) -> None:
    backwards = counts(receiver, "2026-11-27", "2026-11-26")
    assert backwards.status_code == 422
    assert backwards.json()["detail"][0]["loc"] == ["query", "from"]
    assert counts(receiver, "2024-01-01", "2024-12-31").status_code == 200  # 366 days
    too_long = counts(receiver, "2025-01-01", "2026-01-02")
    assert too_long.status_code == 422
    assert too_long.json()["detail"][0]["loc"] == ["query", "to"]
    missing = receiver.get("/received/counts", params={"from": "2026-11-26"})
    assert missing.status_code == 422
    assert missing.json()["detail"][0]["loc"] == ["query", "to"]
    assert counts(receiver, "2026-11-31", "2026-12-01").status_code == 422


def answered(message_id: str, answer: str, note: str | None = None) -> dict[str, Any]:
    data = {
        "item_id": message_id,
        "message_id": message_id,
        "kind": "assistance_request",
        "answer": answer,
        "place_path": [str(uuid.uuid4())],
        "overdue": False,
    }
    if note is not None:
        data["note"] = note
    return event(f"exchange_item-{message_id}", 2, ANSWERED, "2026-11-28T02:00:00Z", data)


def test_the_districts_answers_are_listed_as_they_came_among_its_events(
    receiver: httpx.Client,
) -> None:
    assert receiver.get("/answers").json() == {"answers": []}
    first, second = str(uuid.uuid4()), str(uuid.uuid4())
    batch = [
        answered(first, "resident", "核实在住，房东确认"),
        event("a", 1),
        answered(second, "not_resident"),
    ]
    assert send(receiver, batch).status_code == 200
    assert send(receiver, batch[:1]).json() == {"stored": 0, "duplicates": 1}

    found = receiver.get("/answers").json()["answers"]
    assert [(a["message_id"], a["answer"], a["note"]) for a in found] == [
        (first, "resident", "核实在住，房东确认"),
        (second, "not_resident", None),
    ]
    assert [a["event_id"] for a in found] == [batch[0]["id"], batch[2]["id"]]
    assert datetime.fromisoformat(found[0]["answered_at"]) == datetime.fromisoformat(
        "2026-11-28T02:00:00+00:00"
    )


def test_the_schema_can_be_applied_again_as_at_every_start(
    receiver: httpx.Client, fresh_dsn: str
) -> None:
    assert send(receiver, [event("a", 1)]).status_code == 200
    with psycopg.connect(fresh_dsn, autocommit=True) as conn:
        conn.execute(province_receiver.SCHEMA)
    assert stored(fresh_dsn) == [("a", 1)]
