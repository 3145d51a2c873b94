"""The province's outbox: messages for the district are recorded once each, listed in order
page by page without one ever being passed over, and every page is signed with the key both
sides hold."""

from __future__ import annotations

import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import orjson
import psycopg

from liudong_sync_province.province_outbox import OutboxMessageCreate, record
from liudong_sync_province.signing import HEADER, verified

from .conftest import KEY

FIELDS = {
    "position",
    "message_id",
    "kind",
    "id_number",
    "name",
    "due_at",
    "elsewhere",
    "details",
    "unit_id",
    "sent_at",
}


def in_days(days: int) -> str:
    return (datetime.now(UTC) + timedelta(days=days)).isoformat()


def request(**fields: Any) -> dict[str, Any]:
    """An assistance request (协查), answered within three days."""
    return {
        "kind": "assistance_request",
        "id_number": "110101199003071234",
        "name": "张伟",
        "due_at": in_days(3),
        "details": "请核实其在辖区居住情况",
        **fields,
    }


def post(client: httpx.Client, message: dict[str, Any]) -> httpx.Response:
    return client.post("/outbox", json=message)


def page(client: httpx.Client, **params: int) -> dict[str, Any]:
    answer = client.get("/outbox", params=params)
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = orjson.loads(answer.content)
    return body


def test_a_message_is_stored_with_an_id_and_a_position(receiver: httpx.Client) -> None:
    unit = str(uuid.uuid4())
    due = in_days(3)
    answer = post(receiver, request(id_number=" 110101199003071234 ", due_at=due, unit_id=unit))
    assert answer.status_code == 201, answer.text
    message = answer.json()
    assert set(message) == FIELDS
    assert message["position"] == 1
    assert uuid.UUID(message["message_id"]).version == 4
    assert message["id_number"] == "110101199003071234"
    assert message["unit_id"] == unit
    assert message["elsewhere"] is None
    assert datetime.fromisoformat(message["due_at"]) == datetime.fromisoformat(due)
    sent_at = datetime.fromisoformat(message["sent_at"])
    assert abs(sent_at - datetime.now(UTC)) < timedelta(minutes=1)

    notice = {
        "kind": "move_out_notice",
        "id_number": "440305199105052345",
        "name": "李娜",
        "elsewhere": "广东省深圳市南山区",
    }
    moved = post(receiver, notice)
    assert moved.status_code == 201, moved.text
    assert moved.json()["due_at"] is None
    assert moved.json()["position"] == 2


def test_a_message_sent_again_under_its_id_is_stored_once(receiver: httpx.Client) -> None:
    message_id = str(uuid.uuid4())
    first = post(receiver, request(message_id=message_id))
    assert first.status_code == 201
    again = post(receiver, request(message_id=message_id, name="另一个名字"))
    assert again.status_code == 200
    assert again.json() == first.json()
    assert [m["message_id"] for m in page(receiver)["messages"]] == [message_id]


def error_fields(answer: httpx.Response) -> list[str]:
    assert answer.status_code == 422, answer.text
    return [str(error["loc"][-1]) for error in answer.json()["detail"]]


def test_a_message_the_district_could_not_act_on_is_refused(receiver: httpx.Client) -> None:
    no_due = request()
    del no_due["due_at"]
    assert error_fields(post(receiver, no_due)) == ["due_at"]
    assert error_fields(post(receiver, request(due_at=None))) == ["due_at"]
    assert error_fields(post(receiver, request(due_at=in_days(-1)))) == ["due_at"]
    assert error_fields(post(receiver, request(due_at="2030-01-01T09:00:00"))) == ["due_at"]
    assert error_fields(post(receiver, request(kind="move_notice"))) == ["kind"]
    assert error_fields(post(receiver, request(id_number="   "))) == ["id_number"]
    assert error_fields(post(receiver, request(name="名" * 65))) == ["name"]
    assert error_fields(post(receiver, request(elsewhere="省" * 201))) == ["elsewhere"]
    assert error_fields(post(receiver, request(message_id="not-a-uuid"))) == ["message_id"]
    assert page(receiver) == {"messages": [], "last": 0}


def test_the_outbox_is_read_page_by_page_after_the_last_position_read(
    receiver: httpx.Client,
) -> None:
    sent = [post(receiver, request(name=f"居民{n}")).json()["message_id"] for n in range(5)]

    everything = page(receiver)
    assert [m["message_id"] for m in everything["messages"]] == sent
    assert [m["position"] for m in everything["messages"]] == [1, 2, 3, 4, 5]
    assert everything["last"] == 5
    assert all(set(m) == FIELDS for m in everything["messages"])

    first = page(receiver, limit=2)
    assert ([m["position"] for m in first["messages"]], first["last"]) == ([1, 2], 2)
    second = page(receiver, after=first["last"], limit=2)
    assert ([m["position"] for m in second["messages"]], second["last"]) == ([3, 4], 4)
    third = page(receiver, after=second["last"], limit=2)
    assert ([m["position"] for m in third["messages"]], third["last"]) == ([5], 5)
    assert page(receiver, after=5) == {"messages": [], "last": 5}

    for bad in ({"limit": 0}, {"limit": 1001}, {"after": -1}):
        assert receiver.get("/outbox", params=bad).status_code == 422


def test_every_page_is_signed_over_its_exact_bytes(receiver: httpx.Client) -> None:
    post(receiver, request(details='引号 " 与换行\n'))
    answer = receiver.get("/outbox")
    assert answer.headers["content-type"] == "application/json"
    given = answer.headers[HEADER]
    assert verified(answer.content, KEY, given)
    assert not verified(answer.content, "someone else's", given)
    assert not verified(answer.content.replace("张伟".encode(), "王芳".encode()), KEY, given)
    message = orjson.loads(answer.content)["messages"][0]
    assert message["details"] == '引号 " 与换行\n'
    assert datetime.fromisoformat(message["sent_at"]).tzinfo is not None


def test_a_message_whose_insert_commits_late_is_not_passed_over(
    receiver: httpx.Client, fresh_dsn: str
) -> None:
    """Positions are taken in order but could commit out of order: a reader that saw a later
    position first would page past the earlier one for good."""
    slow, quick = request(name="先发"), request(name="后发")
    done = threading.Event()

    def post_quick() -> None:
        with httpx.Client(base_url=receiver.base_url, timeout=30) as other:
            assert post(other, quick).status_code == 201
        done.set()

    with psycopg.connect(fresh_dsn) as conn, conn.transaction():
        record(conn, OutboxMessageCreate.model_validate(slow))  # position 1, not committed
        writer = threading.Thread(target=post_quick)
        writer.start()
        assert not done.wait(0.5)  # the later writer waits for the earlier one
        started = time.monotonic()
        assert page(receiver) == {"messages": [], "last": 0}  # and readers wait for no one
        assert time.monotonic() - started < 2
    writer.join(10)
    assert done.is_set()
    assert [m["name"] for m in page(receiver)["messages"]] == ["先发", "后发"]


def test_a_reader_paging_while_many_write_sees_every_message_once(
    receiver: httpx.Client,
) -> None:
    def post_some(n: int) -> list[str]:
        with httpx.Client(base_url=receiver.base_url, timeout=30) as other:
            return [
                post(other, request(name=f"居民{n}-{i}")).json()["message_id"] for i in range(25)
            ]

    seen: list[dict[str, Any]] = []
    with ThreadPoolExecutor(4) as writers:
        futures = [writers.submit(post_some, n) for n in range(4)]
        last, deadline = 0, time.monotonic() + 60
        while len(seen) < 100 and time.monotonic() < deadline:
            got = page(receiver, after=last, limit=7)
            seen.extend(got["messages"])
            last = got["last"]
        sent = {message_id for future in futures for message_id in future.result()}
    assert {m["message_id"] for m in seen} == sent
    assert len(seen) == 100
    positions = [m["position"] for m in seen]
    assert positions == sorted(positions)
