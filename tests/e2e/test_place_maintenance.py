"""Keeping the place tree: a rename, a move with everything under it (search, scope and
statistics follow), a retirement that waits until nobody lives there, a unit's standard
address, and the history of each change."""

from __future__ import annotations

import random
import uuid
from datetime import timedelta
from typing import Any

import httpx

from liudong_devstack.client import login
from liudong_devstack.suite import Suite
from liudong_events.days import office_today
from tests.e2e.helpers import Tree, add_place, create_user, declaration, eventually, occupancy


def place(client: httpx.Client, place_id: str) -> dict[str, Any]:
    response = client.get(f"/api/places/{place_id}")
    assert response.status_code == 200, response.text
    return dict(response.json())


def persons_under(client: httpx.Client, place_id: str) -> list[str]:
    response = client.get("/api/persons", params={"place_id": place_id})
    assert response.status_code == 200, response.text
    return [p["person_id"] for p in response.json()["items"]]


def test_a_renamed_compound_shows_its_new_name_everywhere_below_it(
    admin: httpx.Client, tree: Tree
) -> None:
    unit = tree.units[tree.buildings[0]][0]
    renamed = admin.patch(f"/api/places/{tree.compound}", json={"name": "幸福家园", "code": "X01"})
    assert renamed.status_code == 200, renamed.text

    assert [s["name"] for s in place(admin, unit)["path"]][3] == "幸福家园"
    assert place(admin, tree.compound)["code"] == "X01"
    history = admin.get(f"/api/places/{tree.compound}/history").json()["items"]
    assert [h["type"] for h in history] == ["liudong.place.created", "liudong.place.renamed"]
    assert history[-1]["actor"]["username"] == "admin"
    eventually(lambda: occupancy(admin, tree.compound)["place"]["name"] == "幸福家园")


def test_a_moved_compound_takes_its_residents_to_the_new_community(
    admin: httpx.Client, tree: Tree
) -> None:
    other = add_place(admin, "community", "西关社区", tree.station)
    unit = tree.units[tree.buildings[0]][0]
    checked_in = admin.post(
        "/api/residences", json=declaration(unit, office_today(), random.Random(71))
    )
    assert checked_in.status_code == 201, checked_in.text
    person = checked_in.json()["person_id"]
    eventually(lambda: occupancy(admin, tree.community)["totals"]["current"] == 1)

    moved = admin.post(f"/api/places/{tree.compound}/move", json={"parent_id": other})
    assert moved.status_code == 200, moved.text
    assert [s["id"] for s in moved.json()["path"]][:3] == [tree.district, tree.station, other]
    assert [s["id"] for s in place(admin, unit)["path"]][2] == other

    eventually(lambda: persons_under(admin, other) == [person])
    assert persons_under(admin, tree.community) == []
    eventually(lambda: occupancy(admin, other)["totals"]["current"] == 1)
    assert occupancy(admin, tree.community)["totals"]["current"] == 0
    children = {c["place_id"] for c in occupancy(admin, other)["children"]}
    assert children == {tree.compound}

    wrong = admin.post(f"/api/places/{tree.compound}/move", json={"parent_id": tree.buildings[0]})
    assert wrong.status_code == 422
    assert wrong.json()["detail"][0]["loc"] == ["body", "parent_id"]


def test_a_unit_is_retired_only_when_nobody_lives_there(admin: httpx.Client, tree: Tree) -> None:
    building = tree.buildings[1]
    unit = tree.units[building][2]
    rng = random.Random(72)
    arrived = office_today() - timedelta(days=5)
    checked_in = admin.post("/api/residences", json=declaration(unit, arrived, rng)).json()

    def retire() -> httpx.Response:
        return admin.post(f"/api/places/{unit}/retirement", json={"reason": "合并房间"})

    # Housing counts residents from the registry's events: wait until it has this one.
    eventually(lambda: len(admin.get(f"/api/units/{unit}").json()["occupants"]["current"]) == 1)
    refused = retire()
    assert refused.status_code == 422
    assert "居住" in refused.json()["detail"][0]["msg"]
    departed = admin.post(
        f"/api/residences/{checked_in['residence_id']}/departure",
        json={"departure_date": office_today().isoformat()},
    )
    assert departed.status_code == 200, departed.text
    eventually(lambda: retire().status_code == 200)

    assert place(admin, unit)["retired"] is True
    probe = declaration(unit, office_today(), rng)
    probe["person"]["id_number"] = "110105199001011230"  # refused anyway: no probe can land

    def unit_refused() -> bool:
        detail = admin.post("/api/residences", json=probe).json()["detail"]
        return any(e["loc"][-1] == "unit_id" for e in detail)

    eventually(unit_refused)
    busy = admin.post(f"/api/places/{building}/retirement", json={"reason": "拆除"})
    assert busy.status_code == 422  # two units under it are still in use
    child = admin.post("/api/places", json={"kind": "unit", "name": "09室", "parent_id": unit})
    assert child.status_code == 422


def test_a_unit_has_a_standard_address_beside_its_description(
    admin: httpx.Client, tree: Tree
) -> None:
    unit = tree.units[tree.buildings[0]][1]
    address = {
        "street": "东关大街",
        "door_no": "18号",
        "room": "2单元302",
        "description": "菜市场对面",
    }
    saved = admin.put(f"/api/places/{unit}/address", json=address)
    assert saved.status_code == 200, saved.text
    assert place(admin, unit)["address"] == address

    on_compound = admin.put(f"/api/places/{tree.compound}/address", json=address)
    assert on_compound.status_code == 422
    no_street = admin.put(f"/api/places/{unit}/address", json={**address, "street": ""})
    assert no_street.status_code == 422


def test_a_users_place_tree_starts_at_their_scope(
    admin: httpx.Client, suite: Suite, tree: Tree
) -> None:
    """A browser's place picker starts where the user may look: a station at its station,
    the deployment's administrator at every district."""
    districts = [p["id"] for p in admin.get("/api/places").json()]
    assert tree.district in districts
    name = f"station-{uuid.uuid4().hex[:8]}"
    create_user(admin, name, "station", tree.station, "station-password-9")
    station = login(suite.gateway_url, name, "station-password-9")
    tops = station.get("/api/places").json()
    assert [(p["id"], p["kind"]) for p in tops] == [(tree.station, "station")]
