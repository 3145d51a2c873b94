"""The housing register through the gateway, as the issue's users meet it: a coordinator
registers a house with its owner and rental filing; a house's history and rentals show every
ID number and phone masked, and a change that sends them back masked keeps them; a station
user reads the compound's five-in-one record, an inspection's fire hazard reaches the fire
department, which closes it, and a cancelled house takes no check-in until it is restored."""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import httpx
import psycopg
import pytest

from liudong_devstack.client import login
from liudong_devstack.suite import Suite
from liudong_events.days import office_today
from liudong_events.masking import mask
from tests.e2e.helpers import Tree, create_user, declaration, eventually, id_number

PASSWORD = "house-register-9"


def user(admin: httpx.Client, suite: Suite, role: str, scope: str, **extra: str) -> httpx.Client:
    name = f"{role}-{uuid.uuid4().hex[:8]}"
    create_user(admin, name, role, scope, PASSWORD, **extra)
    return login(suite.gateway_url, name, PASSWORD)


@pytest.fixture
def coordinator(admin: httpx.Client, suite: Suite, tree: Tree) -> Iterator[httpx.Client]:
    """A coordinator of the community, with their profile in the register."""
    name = f"coordinator-{uuid.uuid4().hex[:8]}"
    account = create_user(admin, name, "coordinator", tree.community, PASSWORD)
    profile = admin.post(
        "/api/coordinators",
        json={
            "name": "王协管",
            "phone": "13900000001",
            "place_id": tree.community,
            "user_id": account["id"],
        },
    )
    assert profile.status_code == 201, profile.text
    client = login(suite.gateway_url, name, PASSWORD)
    yield client
    client.close()


def house_body(unit: str, rng: random.Random, archive_no: str | None = None) -> dict[str, Any]:
    owner_number, _ = id_number(rng)
    return {
        "unit_id": unit,
        "archive_no": archive_no or f"FW-{uuid.uuid4().hex[:10]}",
        "use": "rented",
        "capacity": 2,
        "floor_area": "58.50",
        "owner": {
            "kind": "person",
            "name": "赵房东",
            "id_number": owner_number,
            "phone": "13700001234",
        },
    }


def register_house(client: httpx.Client, unit: str, rng: random.Random) -> str:
    response = client.post("/api/houses", json=house_body(unit, rng))
    assert response.status_code == 201, response.text
    return str(response.json()["house_id"])


def test_a_coordinator_registers_a_house_with_its_owner_and_rental(
    coordinator: httpx.Client, tree: Tree
) -> None:
    rng = random.Random(51)
    unit = tree.units[tree.buildings[0]][0]
    house = register_house(coordinator, unit, rng)
    tenant_number, _ = id_number(rng)
    rental = coordinator.post(
        f"/api/houses/{house}/rentals",
        json={
            "tenants": [{"name": "钱租客", "id_number": tenant_number, "phone": "13600002222"}],
            "start_date": (office_today() - timedelta(days=30)).isoformat(),
            "end_date": (office_today() + timedelta(days=20)).isoformat(),
            "monthly_rent": "1800.00",
        },
    )
    assert rental.status_code == 201, rental.text

    page = coordinator.get(f"/api/units/{unit}").json()
    assert page["house"]["house_id"] == house
    assert page["house"]["owner"]["name"] == "赵房东"
    assert "*" in page["house"]["owner"]["id_number"]  # masked on the page
    assert [r["current"] for r in page["rentals"]] == [True]
    assert page["rentals"][0]["days_to_expiry"] == 20
    assert page["rentals"][0]["tenants"][0]["name"] == "钱租客"
    found = coordinator.get("/api/houses", params={"owner": "赵"}).json()
    assert [h["house_id"] for h in found["items"]] == [house]
    work = coordinator.get(f"/api/coordinators/{coordinator_id(coordinator)}/work").json()
    assert [(h["house_id"], h["rental_expiring"]) for h in work["houses"]] == [(house, True)]


def facts_on_record(suite: Suite, house: str) -> dict[str, Any]:
    """The house's facts as its latest registration or change recorded them, in full."""
    with psycopg.connect(suite.database_urls["housing"]) as conn:
        row = conn.execute(
            "SELECT data->'facts' FROM events WHERE stream_id = %s"
            " AND type IN ('liudong.house.registered', 'liudong.house.changed')"
            " ORDER BY version DESC LIMIT 1",
            (f"house-{house}",),
        ).fetchone()
    assert row is not None
    return dict(row[0])


def test_history_and_rentals_mask_every_number_which_a_change_sent_masked_keeps(
    admin: httpx.Client, suite: Suite, tree: Tree
) -> None:
    rng = random.Random(57)
    body = house_body(tree.units[tree.buildings[0]][0], rng)
    owner_number = body["owner"]["id_number"]
    agent_number, _ = id_number(rng)
    tenant_number, _ = id_number(rng)
    body["agent"] = {
        "kind": "person",
        "name": "孙中介",
        "id_number": agent_number,
        "phone": "13500005678",
    }
    registered = admin.post("/api/houses", json=body)
    assert registered.status_code == 201, registered.text
    house = registered.json()["house_id"]
    rental = admin.post(
        f"/api/houses/{house}/rentals",
        json={
            "tenants": [{"name": "钱租客", "id_number": tenant_number, "phone": "13600002222"}],
            "start_date": office_today().isoformat(),
            "end_date": (office_today() + timedelta(days=365)).isoformat(),
            "monthly_rent": "1800.00",
        },
    )
    assert rental.status_code == 201, rental.text

    # A change as the page shows the house: numbers masked or left out.
    shown = admin.get(f"/api/houses/{house}").json()["house"]
    assert shown["owner"]["id_number"] == mask(owner_number)
    change = {
        "archive_no": body["archive_no"],
        "use": "vacant",
        "capacity": 2,
        "floor_area": "58.50",
        "owner": {**shown["owner"], "phone": None},
        "agent": {k: v for k, v in shown["agent"].items() if k != "id_number"},
    }
    assert change["agent"]["phone"] == "135****5678"
    assert admin.put(f"/api/houses/{house}", json=change).status_code == 200
    assert facts_on_record(suite, house)["use"] == "vacant"
    assert facts_on_record(suite, house)["owner"] == body["owner"]
    assert facts_on_record(suite, house)["agent"] == body["agent"]

    history = admin.get(f"/api/houses/{house}/history")
    rentals = admin.get(f"/api/houses/{house}/rentals")
    full = [owner_number, agent_number, tenant_number, "13700001234", "13500005678"]
    for answer in (history, rentals):
        assert answer.status_code == 200, answer.text
        assert not [number for number in full if number in answer.text]
    events = {e["type"]: e["data"] for e in history.json()["items"]}
    assert [e["type"] for e in history.json()["items"]] == [
        "liudong.house.registered",
        "liudong.rental.filed",
        "liudong.house.changed",
    ]
    for kind in ("liudong.house.registered", "liudong.house.changed"):
        assert events[kind]["facts"]["owner"]["id_number"] == mask(owner_number)
        assert events[kind]["facts"]["owner"]["phone"] == "137****1234"
        assert events[kind]["facts"]["agent"]["id_number"] == mask(agent_number)
        assert events[kind]["facts"]["agent"]["phone"] == "135****5678"
    for tenants in (
        events["liudong.rental.filed"]["tenants"],
        rentals.json()["items"][0]["tenants"],
    ):
        assert tenants == [
            {"name": "钱租客", "id_number": mask(tenant_number), "phone": "136****2222"}
        ]

    # A masked phone that is not the one on record is refused; a new number in full is taken.
    wrong = {**change, "owner": {**change["owner"], "phone": "139****1234"}}
    refused = admin.put(f"/api/houses/{house}", json=wrong)
    assert refused.status_code == 422, refused.text
    assert [e["loc"] for e in refused.json()["detail"]] == [["body", "owner", "phone"]]
    new_number, _ = id_number(rng)
    change["owner"] = {**change["owner"], "id_number": new_number}
    assert admin.put(f"/api/houses/{house}", json=change).status_code == 200
    assert facts_on_record(suite, house)["owner"] == {**body["owner"], "id_number": new_number}
    latest = admin.get(f"/api/houses/{house}/history").json()["items"][-1]["data"]
    assert latest["facts"]["owner"]["id_number"] == mask(new_number)
    assert new_number not in admin.get(f"/api/houses/{house}/history").text


def coordinator_id(client: httpx.Client) -> str:
    return str(client.get("/api/users/me").json()["id"])


def test_the_same_archive_number_or_a_second_house_on_a_unit_is_refused(
    admin: httpx.Client, tree: Tree
) -> None:
    rng = random.Random(52)
    first, second = tree.units[tree.buildings[0]][:2]
    body = house_body(first, rng)
    assert admin.post("/api/houses", json=body).status_code == 201

    again = admin.post(
        "/api/houses", json={**house_body(second, rng), "archive_no": body["archive_no"]}
    )
    twice = admin.post("/api/houses", json=house_body(first, rng))
    bad_owner = admin.post(
        "/api/houses",
        json={
            **house_body(second, rng),
            "owner": {"kind": "company", "name": "某公司", "id_number": "91110000600037341X"},
        },
    )

    assert again.status_code == 422
    assert [e["loc"][-1] for e in again.json()["detail"]] == ["archive_no"]
    assert twice.status_code == 422
    assert [e["loc"][-1] for e in twice.json()["detail"]] == ["unit_id"]
    assert bad_owner.status_code == 422
    assert bad_owner.json()["detail"][0]["loc"] == ["body", "owner", "id_number"]


def test_a_station_user_reads_the_compound_five_in_one_record(
    admin: httpx.Client, suite: Suite, tree: Tree
) -> None:
    station = user(admin, suite, "station", tree.station)
    profile = station.put(
        f"/api/compounds/{tree.compound}/profile",
        json={
            "developer": {"name": "城关置业有限公司", "credit_code": "91110000600037341L"},
            "builder": {"name": "第三建筑公司"},
            "property_company": {
                "name": "安居物业",
                "contact_person": "孙经理",
                "phone": "0931-8888888",
            },
        },
    )
    assert profile.status_code == 200, profile.text
    units = tree.units[tree.buildings[0]]
    for i, unit in enumerate(units[:2]):
        body = declaration(unit, office_today(), random.Random(60 + i), name=f"住户{i}")
        assert admin.post("/api/residences", json=body).status_code == 201

    def residents() -> dict[str, Any]:
        return dict(station.get(f"/api/compounds/{tree.compound}/profile").json()["residents"])

    eventually(lambda: residents()["current"] == 2)
    record = station.get(f"/api/compounds/{tree.compound}/profile").json()
    assert record["compound"]["name"] == "幸福小区"
    assert record["developer"]["name"] == "城关置业有限公司"
    assert record["property_company"]["contact_person"] == "孙经理"
    assert record["residents"]["households"] == 2
    by_building = {b["building_id"]: b["residents"] for b in record["residents"]["by_building"]}
    assert by_building == {tree.buildings[0]: 2, tree.buildings[1]: 0}


def test_a_fire_hazard_reaches_the_fire_department_which_closes_it(
    admin: httpx.Client, suite: Suite, tree: Tree, coordinator: httpx.Client
) -> None:
    house = register_house(coordinator, tree.units[tree.buildings[1]][0], random.Random(53))
    fire = user(admin, suite, "department", tree.district, department="fire")
    police = user(admin, suite, "department", tree.district, department="police")

    inspection = coordinator.post(
        f"/api/houses/{house}/inspections",
        json={
            "inspected_on": office_today().isoformat(),
            "findings": "楼道堆放杂物",
            "hazards": [
                {"category": "fire", "description": "电动车在楼道内充电"},
                {"category": "structure", "description": "阳台私自加建"},
            ],
        },
    )
    assert inspection.status_code == 201, inspection.text
    by_department = {n["department"]: n["notice_id"] for n in inspection.json()["notices"]}
    assert set(by_department) == {"fire", "housing"}
    notice = by_department["fire"]

    seen = fire.get("/api/notices", params={"status": "open"}).json()["items"]
    assert [n["notice_id"] for n in seen if n["house_id"] == house] == [notice]
    assert all(n["department"] == "fire" for n in seen)
    assert police.get("/api/notices").json()["items"] == [] or all(
        n["department"] == "police" for n in police.get("/api/notices").json()["items"]
    )
    refused = police.post(
        f"/api/notices/{notice}/follow-ups", json={"status": "closed", "note": "x"}
    )
    assert refused.status_code == 404  # another department's notice is not even shown
    assert (
        coordinator.post(
            f"/api/notices/{notice}/follow-ups", json={"status": "closed", "note": "x"}
        ).status_code
        == 403
    )

    step = fire.post(
        f"/api/notices/{notice}/follow-ups",
        json={"status": "in_progress", "note": "已通知房东整改"},
    )
    assert step.status_code == 200, step.text
    closed = fire.post(
        f"/api/notices/{notice}/follow-ups", json={"status": "closed", "note": "复查合格"}
    )
    assert closed.json()["status"] == "closed"
    again = fire.post(
        f"/api/notices/{notice}/follow-ups", json={"status": "closed", "note": "再次"}
    )
    assert again.status_code == 422

    page = coordinator.get(f"/api/houses/{house}").json()
    statuses = {n["department"]: n["status"] for n in page["notices"]}
    assert statuses == {"fire": "closed", "housing": "open"}
    fire_notice = next(n for n in page["notices"] if n["department"] == "fire")
    assert [f["note"] for f in fire_notice["follow_ups"]] == ["已通知房东整改", "复查合格"]


def unit_error(response: httpx.Response) -> str | None:
    """The message on `unit_id` of a refused check-in, if that is what was refused."""
    if response.status_code != 422:
        return None
    return next((e["msg"] for e in response.json()["detail"] if e["loc"][-1] == "unit_id"), None)


def test_a_cancelled_house_takes_no_check_in_until_restored(
    admin: httpx.Client, tree: Tree
) -> None:
    rng = random.Random(54)
    unit = tree.units[tree.buildings[1]][1]
    house = register_house(admin, unit, rng)
    cancelled = admin.post(f"/api/houses/{house}/cancellation", json={"reason": "拆迁"})
    assert cancelled.status_code == 200, cancelled.text
    # Registry learns of the cancellation from its events; probe with a body that is
    # refused anyway (a wrong ID number), so that no probe can land.
    probe = declaration(unit, office_today(), rng)
    probe["person"]["id_number"] = "110105199001011230"
    eventually(lambda: unit_error(admin.post("/api/residences", json=probe)))

    refused = admin.post("/api/residences", json=declaration(unit, office_today(), rng))
    assert refused.status_code == 422
    assert "注销" in (unit_error(refused) or "")
    assert (
        admin.post(f"/api/houses/{house}/cancellation", json={"reason": "again"}).status_code == 422
    )

    restored = admin.post(f"/api/houses/{house}/restoration")
    assert restored.status_code == 200, restored.text
    eventually(lambda: unit_error(admin.post("/api/residences", json=probe)) is None)
    landed = admin.post("/api/residences", json=declaration(unit, office_today(), rng))
    assert landed.status_code == 201, landed.text
    assert admin.get(f"/api/houses/{house}").json()["house"]["use"] == "rented"


def test_houses_are_found_by_any_field_of_the_register(admin: httpx.Client, tree: Tree) -> None:
    rng = random.Random(55)
    crowded_unit, quiet_unit = tree.units[tree.buildings[0]][1:3]
    crowded = house_body(crowded_unit, rng)
    crowded.update(capacity=1, agent={"kind": "person", "name": "孙中介"})
    crowded_id = admin.post("/api/houses", json=crowded).json()["house_id"]
    quiet_id = register_house(admin, quiet_unit, rng)
    address = {"street": "东关大街", "door_no": "18号", "room": "302"}
    assert admin.put(f"/api/places/{crowded_unit}/address", json=address).status_code == 200
    for i in range(2):
        body = declaration(crowded_unit, office_today(), random.Random(90 + i), name=f"住户{i}")
        assert admin.post("/api/residences", json=body).status_code == 201

    def found(**params: str) -> list[str]:
        response = admin.get("/api/houses", params={"place_id": tree.compound, **params})
        assert response.status_code == 200, response.text
        return [h["house_id"] for h in response.json()["items"]]

    assert found(address="关大街18") == [crowded_id]
    assert found(agent="孙") == [crowded_id]
    assert found(owner_id_number=crowded["owner"]["id_number"]) == [crowded_id]
    assert set(found(archive_no="FW-")) == {crowded_id, quiet_id}
    eventually(lambda: found(over_capacity="true") == [crowded_id])
    assert quiet_id in found(over_capacity="false")
    assert found(address="100%") == []  # a wildcard typed is matched as itself


def test_the_unit_page_follows_the_registry(admin: httpx.Client, tree: Tree) -> None:
    """Arrivals, departures, cancellations and corrected names, from registry's events."""
    unit = tree.units[tree.buildings[1]][2]
    rng = random.Random(56)
    stays = admin.post(
        "/api/residences", json=declaration(unit, office_today(), rng, name="甲")
    ).json()
    leaves = admin.post(
        "/api/residences", json=declaration(unit, office_today(), rng, name="乙")
    ).json()
    wrong = admin.post(
        "/api/residences", json=declaration(unit, office_today(), rng, name="丙")
    ).json()
    admin.post(
        f"/api/residences/{leaves['residence_id']}/departure",
        json={"departure_date": office_today().isoformat()},
    ).raise_for_status()
    admin.post(
        f"/api/residences/{wrong['residence_id']}/cancellation", json={"reason": "录入错误"}
    ).raise_for_status()
    admin.patch(
        f"/api/persons/{stays['person_id']}", json={"name": "甲改", "reason": "姓名录错"}
    ).raise_for_status()

    def who() -> tuple[list[str], list[str]]:
        living = admin.get(f"/api/units/{unit}").json()["occupants"]
        return [o["name"] for o in living["current"]], [o["name"] for o in living["past"]]

    eventually(lambda: who() == (["甲改"], ["乙"]))
    assert admin.get(f"/api/units/{unit}").json()["house"] is None  # no house registered yet

    def seen_on_the_unit_page() -> bool:
        entries = admin.get("/api/audit", params={"record_id": stays["person_id"]}).json()
        return any(e["type"] == "liudong.audit.persons_searched" for e in entries["items"])

    eventually(seen_on_the_unit_page)  # a page that shows persons is on the audit trail
