"""Corrections keep every version; a person's timeline shows every residence and change with
who and when; a unit's residents on any past date."""

from __future__ import annotations

import random
from datetime import timedelta

import httpx

from liudong_events.days import office_today
from tests.e2e.helpers import Tree, declaration, eventually, occupancy


def test_a_correction_keeps_the_old_version_and_says_who_and_why(
    admin: httpx.Client, tree: Tree
) -> None:
    unit = tree.units[tree.buildings[0]][0]
    body = declaration(unit, office_today() - timedelta(days=3), random.Random(21), name="钱八")
    created = admin.post("/api/residences", json=body).json()
    person = created["person_id"]
    fixed = admin.patch(
        f"/api/persons/{person}",
        json={"name": "钱捌", "marital_status": "20", "reason": "姓名录入错误"},
    )
    assert fixed.json() == {"person_id": person, "changed": True}
    same = admin.patch(f"/api/persons/{person}", json={"name": "钱捌", "reason": "再次提交"})
    assert same.json()["changed"] is False

    record = admin.get(f"/api/persons/{person}").json()
    assert record["name"] == "钱捌"
    assert record["details"]["marital_status"] == "20"
    kinds = [t["type"] for t in record["timeline"]]
    assert kinds == [
        "liudong.person.registered",
        "liudong.residence.checked_in",
        "liudong.person.amended",
    ]
    amended = record["timeline"][-1]
    assert amended["data"]["previous"]["name"] == "钱八"
    assert amended["data"]["changes"]["name"] == "钱捌"
    assert amended["data"]["reason"] == "姓名录入错误"
    assert amended["actor"]["username"] == "admin"
    found = admin.get("/api/persons", params={"name": "qb", "place_id": tree.district}).json()
    assert person in [i["person_id"] for i in found["items"]], "initials follow the new name"
    eventually(lambda: [c["name"] for c in occupancy(admin, unit)["children"]] == ["钱捌"])


def test_a_correction_that_breaks_the_rules_changes_nothing(
    admin: httpx.Client, tree: Tree
) -> None:
    body = declaration(tree.units[tree.buildings[0]][1], office_today(), random.Random(22))
    person = admin.post("/api/residences", json=body).json()["person_id"]
    wrong = admin.patch(
        f"/api/persons/{person}",
        json={
            "sex": "2" if body["person"]["sex"] == "1" else "1",
            "education": "99",
            "reason": "试试",
        },
    )
    assert wrong.status_code == 422
    fields = {tuple(e["loc"]) for e in wrong.json()["detail"]}
    assert fields == {("body", "person", "sex"), ("body", "person", "education")}
    assert admin.get(f"/api/persons/{person}").json()["sex"] == body["person"]["sex"]


def test_who_lived_in_a_unit_on_a_past_date(admin: httpx.Client, tree: Tree) -> None:
    rng = random.Random(23)
    unit = tree.units[tree.buildings[1]][0]
    other = tree.units[tree.buildings[1]][1]
    early = admin.post(
        "/api/residences", json=declaration(unit, office_today() - timedelta(days=20), rng)
    ).json()
    late = declaration(unit, office_today() - timedelta(days=10), rng)
    admin.post("/api/residences", json=late).raise_for_status()
    admin.post(
        f"/api/residences/{early['residence_id']}/departure",
        json={"departure_date": (office_today() - timedelta(days=5)).isoformat()},
    )
    admin.post(
        "/api/residences",
        json={**late, "unit_id": other, "arrival_date": office_today().isoformat()},
    )

    def on(days_ago: int) -> list[str]:
        day = (office_today() - timedelta(days=days_ago)).isoformat()
        got = admin.get(f"/api/places/{unit}/residents", params={"as_of": day})
        assert got.status_code == 200, got.text
        return [i["person_id"] for i in got.json()["items"]]

    late_person = admin.get(
        "/api/persons", params={"id_number": late["person"]["id_number"]}
    ).json()["items"][0]["person_id"]
    assert on(25) == []
    assert on(15) == [early["person_id"]]
    assert on(7) == [early["person_id"], late_person]
    assert on(3) == [late_person]
    assert on(0) == [], "the move today took the second person away"


def test_a_household_moves_together_or_not_at_all(admin: httpx.Client, tree: Tree) -> None:
    rng = random.Random(24)
    here, there = tree.units[tree.buildings[0]][2], tree.units[tree.buildings[1]][2]
    family = [
        admin.post(
            "/api/residences", json=declaration(here, office_today() - timedelta(days=30), rng)
        ).json()
        for _ in range(3)
    ]
    ids = [m["residence_id"] for m in family]
    admin.post(
        f"/api/residences/{ids[2]}/departure",
        json={"departure_date": (office_today() - timedelta(days=2)).isoformat()},
    )

    refused = admin.post(
        "/api/residences/household-move",
        json={"residence_ids": ids, "unit_id": there, "arrival_date": office_today().isoformat()},
    )
    assert refused.status_code == 422
    assert [e["loc"] for e in refused.json()["detail"]] == [["body", "residence_ids", "2"]]
    assert [admin.get(f"/api/residences/{i}").json()["status"] for i in ids[:2]] == [
        "active",
        "active",
    ], "nobody moved when one could not"

    moved = admin.post(
        "/api/residences/household-move",
        json={
            "residence_ids": ids[:2],
            "unit_id": there,
            "arrival_date": office_today().isoformat(),
        },
    )
    assert moved.status_code == 201, moved.text
    assert [admin.get(f"/api/residences/{i}").json()["status"] for i in ids[:2]] == [
        "departed",
        "departed",
    ]
    now_there = admin.get(f"/api/places/{there}/residents").json()["items"]
    assert sorted(i["person_id"] for i in now_there) == sorted(m["person_id"] for m in family[:2])
    eventually(lambda: occupancy(admin, there)["totals"]["current"] == 2)
