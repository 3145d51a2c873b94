"""A resident declares online; a clerk of the unit's compound confirms it (it becomes a
check-in, captured as self-declared) or rejects it with a reason; the resident follows the
status and sees nobody else's."""

from __future__ import annotations

import contextlib
import random

import httpx

from liudong_devstack.client import login
from liudong_devstack.suite import Suite
from liudong_events.days import office_today
from tests.e2e.helpers import Tree, add_place, create_user, declaration, eventually, occupancy

PASSWORD = "resident-pass-1"


def _account(admin: httpx.Client, name: str, role: str, scope: str) -> None:
    create_user(admin, name, role, scope, PASSWORD)


def test_a_declaration_is_confirmed_or_rejected_by_the_compound(
    admin: httpx.Client, suite: Suite, tree: Tree
) -> None:
    rng = random.Random(31)
    unit = tree.units[tree.buildings[0]][0]
    tag = tree.compound[:8]
    _account(admin, f"res-{tag}", "resident", tree.compound)
    _account(admin, f"nb-{tag}", "resident", tree.compound)
    _account(admin, f"desk-{tag}", "compound", tree.compound)
    resident = login(suite.gateway_url, f"res-{tag}", PASSWORD)
    neighbour = login(suite.gateway_url, f"nb-{tag}", PASSWORD)
    clerk = login(suite.gateway_url, f"desk-{tag}", PASSWORD)
    with contextlib.closing(resident), contextlib.closing(neighbour), contextlib.closing(clerk):
        bad = declaration(unit, office_today(), rng)
        bad["person"]["ethnicity"] = "99"
        assert resident.post("/api/declarations", json=bad).status_code == 422
        elsewhere = add_place(admin, "unit", "999", tree.buildings[0])
        other_compound = add_place(admin, "compound", "别的小区", tree.community)
        far = add_place(admin, "unit", "1", add_place(admin, "building", "1", other_compound))
        assert (
            resident.post(
                "/api/declarations", json=declaration(far, office_today(), rng)
            ).status_code
            == 404
        )

        # Where to declare: the resident's own compound's units, found by their address.
        eventually(  # registry learns of the new unit from housing's events
            lambda: (
                resident.get("/api/declarations/units", params={"q": "999"}).json()["items"]
                == [{"unit_id": elsewhere, "address": "幸福小区/1号楼/999"}]
            )
        )
        everywhere = resident.get("/api/declarations/units").json()["items"]
        assert far not in {u["unit_id"] for u in everywhere}
        assert unit in {u["unit_id"] for u in everywhere}

        mine = resident.post("/api/declarations", json=declaration(unit, office_today(), rng))
        assert mine.json()["status"] == "pending"
        second = resident.post(
            "/api/declarations", json=declaration(elsewhere, office_today(), rng)
        ).json()
        first = mine.json()["declaration_id"]
        assert {d["declaration_id"] for d in resident.get("/api/declarations").json()["items"]} == {
            first,
            second["declaration_id"],
        }
        assert neighbour.get(f"/api/declarations/{first}").status_code == 404
        assert neighbour.get("/api/declarations").json()["total"] == 0
        assert resident.post(f"/api/declarations/{first}/confirmation").status_code == 403

        pending = {d["declaration_id"] for d in clerk.get("/api/declarations").json()["items"]}
        assert {first, second["declaration_id"]} <= pending
        confirmed = clerk.post(f"/api/declarations/{first}/confirmation")
        assert confirmed.status_code == 200, confirmed.text
        assert clerk.post(f"/api/declarations/{first}/confirmation").status_code == 409
        rejected = clerk.post(
            f"/api/declarations/{second['declaration_id']}/rejection", json={"reason": "房号有误"}
        )
        assert rejected.json()["status"] == "rejected"

        statuses = {
            d["declaration_id"]: (d["status"], d["reason"], d["address"])
            for d in resident.get("/api/declarations").json()["items"]
        }
        assert statuses == {
            first: ("confirmed", None, "幸福小区/1号楼/01室"),
            second["declaration_id"]: ("rejected", "房号有误", "幸福小区/1号楼/999"),
        }
        residence = admin.get(f"/api/residences/{confirmed.json()['residence_id']}").json()
        assert residence["history"][0]["data"]["capture"]["channel"] == "self_declared"
        eventually(lambda: occupancy(admin, unit)["totals"]["current"] == 1)
