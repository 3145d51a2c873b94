"""Accompanying minors with a guardian's residence, schools, and a minor's enrolment."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

import httpx

from liudong_events.days import office_today
from tests.e2e.helpers import Tree, declaration


def _school(admin: httpx.Client, name: str, place: str) -> str:
    response = admin.post(
        "/api/schools", json={"name": name, "address": "学府路1号", "place_id": place}
    )
    assert response.status_code == 201, response.text
    return str(response.json()["school_id"])


def _child(name: str, years: int, school: str | None = None) -> dict[str, Any]:
    return {
        "name": name,
        "sex": "2",
        "birth_date": (office_today() - timedelta(days=365 * years)).isoformat(),
        "relationship": "女儿",
        "school_id": school,
    }


def test_minors_come_with_a_guardian_and_go_to_school(admin: httpx.Client, tree: Tree) -> None:
    first = _school(admin, "东关小学", tree.district)
    second = _school(admin, "城关第二中学", tree.station)
    found = admin.get("/api/schools", params={"q": "dgxx"}).json()["items"]
    assert first in [s["school_id"] for s in found]

    body = declaration(tree.units[tree.buildings[0]][0], office_today(), random.Random(41))
    body["minors"] = [_child("小红", 8, first), _child("小兰", 3)]
    created = admin.post("/api/residences", json=body)
    assert created.status_code == 201, created.text
    minors = admin.get(f"/api/residences/{created.json()['residence_id']}").json()["minors"]
    assert [(m["name"], m["school_name"]) for m in minors] == [("小红", "东关小学"), ("小兰", None)]

    little = next(m for m in minors if m["name"] == "小兰")
    enrolled = admin.post(f"/api/minors/{little['minor_id']}/enrolment", json={"school_id": second})
    assert enrolled.status_code == 200, enrolled.text
    renamed = admin.patch(f"/api/schools/{second}", json={"name": "城关二中"})
    assert renamed.json()["name"] == "城关二中"
    minors = admin.get(f"/api/residences/{created.json()['residence_id']}").json()["minors"]
    assert {m["name"]: m["school_name"] for m in minors} == {"小红": "东关小学", "小兰": "城关二中"}


def test_a_minor_must_be_under_18_and_the_school_must_exist(
    admin: httpx.Client, tree: Tree
) -> None:
    body = declaration(tree.units[tree.buildings[0]][1], office_today(), random.Random(42))
    body["minors"] = [_child("大明", 19), _child("小明", 5, "00000000-0000-0000-0000-000000000000")]
    response = admin.post("/api/residences", json=body)
    assert response.status_code == 422
    assert sorted(tuple(e["loc"]) for e in response.json()["detail"]) == [
        ("body", "minors", "0", "birth_date"),
        ("body", "minors", "1", "school_id"),
    ]
