"""The province talks back: its move notices and assistance requests land in the to-do list
of the jurisdiction that holds the person's unit, with their due times; a clerk answers;
the answer reaches the province; and the reconciliation report shows both sides agree."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from liudong_devstack.broker import Broker
from liudong_devstack.client import login
from liudong_devstack.postgres import PostgresServer
from liudong_devstack.pytest_plugin import SuiteFactory
from liudong_events.days import office_today
from liudong_sync_province.exchange import STEP_WORKING_DAYS, working_days_after
from tests.e2e.helpers import add_place, create_user, declaration, eventually, validated_events
from tests.e2e.province_helpers import Exchange, agrees, exchange

PASSWORD = "Station-Pass-2026"


def second_station(x: Exchange) -> str:
    """A unit under another station of the same district."""
    station = add_place(x.admin, "station", "西关派出所", x.tree.district)
    community = add_place(x.admin, "community", "西关社区", station)
    compound = add_place(x.admin, "compound", "和平小区", community)
    building = add_place(x.admin, "building", "1号楼", compound)
    return add_place(x.admin, "unit", "01室", building)


def resident(x: Exchange, unit: str, rng: random.Random) -> tuple[str, str]:
    """(ID number, person id) of someone checked in at `unit` today."""
    body = declaration(unit, office_today(), rng)
    created = x.admin.post("/api/residences", json=body)
    assert created.status_code == 201, created.text
    return body["person"]["id_number"], created.json()["person_id"]


def send(x: Exchange, kind: str, id_number: str, **fields: Any) -> dict[str, Any]:
    """What the province's staff send: a message in its outbox."""
    body = {"kind": kind, "id_number": id_number, "name": "李四", **fields}
    sent = x.province.post("/outbox", json=body)
    assert sent.status_code == 201, sent.text
    return dict(sent.json())


def todo(client: httpx.Client, status: str = "open") -> list[dict[str, Any]]:
    listed = client.get("/api/exchange/items", params={"status": status})
    assert listed.status_code == 200, listed.text
    return list(listed.json()["items"])


def station_user(x: Exchange, name: str, station: str) -> httpx.Client:
    create_user(x.admin, name, "station", station, PASSWORD)
    return login(x.suite.gateway_url, name, PASSWORD)


def test_notices_and_requests_land_in_the_right_to_do_list_and_the_answer_reaches_the_province(
    make_suite: SuiteFactory, own_broker: Broker, pg_server: PostgresServer, tmp_path: Path
) -> None:
    with exchange(
        make_suite,
        own_broker,
        pg_server,
        tmp_path,
        LIUDONG_INBOX_EVERY="0.3",
        LIUDONG_RECONCILE_EVERY="1",
    ) as x:
        rng = random.Random(81)
        west_unit = second_station(x)
        east_number, east_person = resident(x, x.units[0], rng)
        west_number, _ = resident(x, west_unit, rng)
        west_station = x.admin.get(f"/api/places/{west_unit}").json()["path"][1]["id"]
        east, west = (
            station_user(x, "east_st", x.tree.station),
            station_user(x, "west_st", west_station),
        )

        soon = datetime.now(UTC) + timedelta(seconds=2)
        move_out = send(x, "move_out_notice", east_number, elsewhere="广东省深圳市南山区")
        request = send(
            x, "assistance_request", west_number, due_at=(soon + timedelta(hours=4)).isoformat()
        )
        send(x, "move_in_notice", "440305199001011234", unit_id=west_unit)
        stranger = send(x, "assistance_request", "440305199001015678", due_at=soon.isoformat())

        # Each where it belongs: east's resident with east, west's two with west, and the
        # request about nobody known here with the district's administrators only.
        east_items = eventually(lambda: todo(east) or None)
        assert [i["item_id"] for i in east_items] == [move_out["message_id"]]
        notice = east_items[0]
        assert notice["kind_name"] == "需流出登记"
        assert notice["person_id"] == east_person
        assert notice["id_number_masked"] == east_number[:6] + "********" + east_number[-4:]
        received = datetime.fromisoformat(notice["received_at"])
        due = working_days_after(received, STEP_WORKING_DAYS)
        assert datetime.fromisoformat(notice["due_at"]) == due
        west_items = eventually(lambda: todo(west) if len(todo(west)) == 2 else None)
        assert west_items[0]["item_id"] == request["message_id"]  # the sooner due first
        assert {i["kind"] for i in west_items} == {"assistance_request", "move_in_notice"}
        assert east.get(f"/api/exchange/items/{request['message_id']}").status_code == 404

        overdue = eventually(lambda: todo(x.admin, "overdue") or None, timeout=30)
        assert [i["item_id"] for i in overdue] == [stranger["message_id"]]
        assert overdue[0]["overdue"]
        assert overdue[0]["place_path"] == []
        assert len(todo(x.admin)) == 4
        metrics = f"{x.suite.url('sync_province')}/metrics"
        eventually(lambda: "liudong_exchange_overdue_items 1.0" in httpx.get(metrics).text)

        # The east station answers its notice, once, with an answer such a notice takes.
        path = f"/api/exchange/items/{move_out['message_id']}/answer"
        wrong = east.post(path, json={"answer": "resident"})
        assert wrong.status_code == 422
        assert wrong.json()["detail"][0]["loc"] == ["body", "answer"]
        assert west.post(path, json={"answer": "departure_registered"}).status_code == 404
        answered = east.post(path, json={"answer": "departure_registered", "note": "已注销"})
        assert answered.status_code == 200, answered.text
        assert answered.json()["status"] == "answered"
        assert not answered.json()["overdue"]
        assert east.post(path, json={"answer": "not_resident"}).status_code == 409
        assert todo(east) == []
        assert len(todo(east, "answered")) == 1

        answers = eventually(lambda: x.province.get("/answers").json()["answers"] or None)
        assert [(a["message_id"], a["answer"], a["note"]) for a in answers] == [
            (move_out["message_id"], "departure_registered", "已注销")
        ]

        # The connector restarted reads nothing twice.
        connector = x.suite.processes["sync_province"].process
        assert connector is not None
        connector.kill()
        connector.wait()
        assert x.suite.restart_dead() == ["sync_province"]
        x.suite.wait_healthy(60)
        send(x, "move_out_notice", west_number)
        eventually(lambda: len(todo(west)) == 3)
        assert len(todo(x.admin, "all")) == 5

        # Both sides' counts, side by side: equal once everything is delivered.
        eventually(lambda: agrees(x), timeout=60)

        def reconciled() -> dict[str, Any] | None:
            report = dict(x.admin.get("/api/province/reconciliation").json())
            return report if report["lag"]["events"] == 0 else None

        report = eventually(reconciled)
        assert report["differences"] == []
        assert report["totals"]["difference"] == 0
        by_type: Counter[tuple[str, str]] = Counter()
        for row in report["days"]:  # a run at Beijing midnight spans two days
            by_type[(row["type"], "province")] += row["province"]
            by_type[(row["type"], "local")] += row["local"]
        assert by_type[("liudong.exchange_item.received", "province")] == 5
        assert by_type[("liudong.exchange_item.answered", "local")] == 1
        exchanged = validated_events(x.suite.database_urls["sync_province"])
        assert set(exchanged) == {
            "liudong.exchange_item.received",
            "liudong.exchange_item.answered",
        }
        assert east.get("/api/province/reconciliation").status_code == 403


def test_a_move_between_two_stations_is_one_case_counted_once_both_confirmed(
    make_suite: SuiteFactory, own_broker: Broker, pg_server: PostgresServer, tmp_path: Path
) -> None:
    with exchange(make_suite, own_broker, pg_server, tmp_path) as x:
        west_unit = second_station(x)
        west_station = x.admin.get(f"/api/places/{west_unit}").json()["path"][1]["id"]
        east = station_user(x, "east_mv", x.tree.station)
        west = station_user(x, "west_mv", west_station)
        body = declaration(x.units[0], office_today() - timedelta(days=30), random.Random(82))
        assert x.admin.post("/api/residences", json=body).status_code == 201
        today = office_today().isoformat()
        moved = x.admin.post(
            "/api/residences", json={**body, "unit_id": west_unit, "arrival_date": today}
        )
        assert moved.status_code == 201, moved.text

        listed = eventually(lambda: east.get("/api/exchange/moves").json()["items"] or None)
        case = listed[0]
        assert case["person_name"] == body["person"]["name"]
        assert case["origin"]["place_path"][-1] == x.units[0]
        assert case["destination"]["place_path"][-1] == west_unit
        assert [c["case_id"] for c in west.get("/api/exchange/moves").json()["items"]] == [
            case["case_id"]
        ]

        def moves(place: str) -> dict[str, Any]:
            found = x.admin.get("/api/stats/moves", params={"place_id": place})
            assert found.status_code == 200, found.text
            return dict(found.json())

        confirm = f"/api/exchange/moves/{case['case_id']}/confirmation"
        assert west.post(confirm, json={"side": "origin"}).status_code == 403
        first = east.post(confirm, json={"side": "origin", "note": "已退档"})
        assert first.status_code == 200, first.text
        assert first.json()["status"] == "open"
        assert east.post(confirm, json={"side": "origin"}).status_code == 409
        assert moves(x.tree.district)["totals"]["moved_within"] == 0  # one side only

        second = west.post(confirm, json={"side": "destination"})
        assert second.json()["status"] == "completed"
        district = eventually(
            lambda: (
                moves(x.tree.district) if moves(x.tree.district)["totals"]["moved_within"] else None
            )
        )
        stations = {c["place_id"]: c for c in district["children"]}
        assert stations[x.tree.station]["moved_out"] == 1
        assert stations[west_station]["moved_in"] == 1
        assert moves(west_station)["totals"] == {"moved_out": 0, "moved_in": 1, "moved_within": 0}
        eventually(lambda: agrees(x), timeout=60)  # the case's events reached the province too
        cases = {t for t in validated_events(x.suite.database_urls["sync_province"]) if "move" in t}
        assert cases == {
            f"liudong.move_case.{what}" for what in ("opened", "confirmed", "completed")
        }
