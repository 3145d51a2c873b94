"""Helpers for the end-to-end tests: clients, place trees, valid declarations, polling."""

from __future__ import annotations

import csv
import io
import json
import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import httpx
import jsonschema
import psycopg
from stdnum.cn import ric

from liudong_events.schemas import path_for


@dataclass
class Tree:
    district: str
    station: str
    community: str
    compound: str
    buildings: list[str]
    units: dict[str, list[str]]  # building id -> unit ids


def add_place(client: httpx.Client, kind: str, name: str, parent: str | None) -> str:
    response = client.post("/api/places", json={"kind": kind, "name": name, "parent_id": parent})
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def build_tree(client: httpx.Client, buildings: int = 2, units: int = 3) -> Tree:
    district = add_place(client, "district", "城关区", None)
    station = add_place(client, "station", "东关派出所", district)
    community = add_place(client, "community", "东关社区", station)
    compound = add_place(client, "compound", "幸福小区", community)
    tree = Tree(district, station, community, compound, [], {})
    for b in range(buildings):
        building = add_place(client, "building", f"{b + 1}号楼", compound)
        tree.buildings.append(building)
        tree.units[building] = [
            add_place(client, "unit", f"{u + 1:02d}室", building) for u in range(units)
        ]
    return tree


def id_number(rng: random.Random, sex: str = "1", born: date | None = None) -> tuple[str, date]:
    """A valid 18-digit resident ID number (Beijing Chaoyang region)."""
    born = born or date(1960, 1, 1) + timedelta(days=rng.randrange(15000))
    order = rng.randrange(0, 999)
    if (order % 2 == 1) != (sex == "1"):
        order = (order + 1) % 1000
    body = f"110105{born:%Y%m%d}{order:03d}"
    return body + ric.calc_check_digit(body + "0"), born


def declaration(
    unit_id: str, arrival: date, rng: random.Random, name: str = "张三", sex: str = "1"
) -> dict[str, Any]:
    number, born = id_number(rng, sex)
    return {
        "unit_id": unit_id,
        "arrival_date": arrival.isoformat(),
        "person": {
            "id_number": number,
            "name": name,
            "sex": sex,
            "ethnicity": "01",
            "birth_date": born.isoformat(),
            "phone": "13800000000",
        },
        "housing_type": "rented",
        "reason": "work",
        "intended_stay_days": 365,
    }


def occupancy(client: httpx.Client, place_id: str, **params: str) -> dict[str, Any]:
    response = client.get("/api/stats/occupancy", params={"place_id": place_id, **params})
    assert response.status_code == 200, response.text
    return dict(response.json())


def eventually(check: Callable[[], Any], timeout: float = 20.0) -> Any:
    """Poll until `check` returns a truthy value (eventual consistency), or fail."""
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        last = check()
        if last:
            return last
        time.sleep(0.1)
    raise AssertionError(f"not reached within {timeout} s; last value: {last!r}")


def eventually_equal(read: Callable[[], Any], expected: Any, timeout: float = 20.0) -> None:
    """Poll until `read()` equals `expected`; on failure say what it read last. An error
    from `read` itself is not waited out."""
    deadline = time.monotonic() + timeout
    last = read()
    while last != expected:
        if time.monotonic() > deadline:
            raise AssertionError(f"{last!r} after {timeout} s, expected {expected!r}")
        time.sleep(0.1)
        last = read()


def create_user(
    admin: httpx.Client, name: str, role: str, scope: str | None, password: str, **extra: str
) -> dict[str, Any]:
    response = admin.post(
        "/api/users",
        json={
            "username": name,
            "password": password,
            "role": role,
            "scope_place_id": scope,
            **extra,
        },
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


# The import file's columns, and a declaration as a row of it.
HEADINGS = [
    "公民身份号码",
    "姓名",
    "性别",
    "民族",
    "出生日期",
    "联系方式",
    "户籍地址",
    "房屋编号",
    "到达本地日期",
    "住所类别",
    "居住事由",
    "拟居住天数",
]


def import_row(body: dict[str, Any]) -> list[str]:
    p = body["person"]
    return [
        p["id_number"],
        p["name"],
        p["sex"],
        "01 汉族",
        p["birth_date"],
        p["phone"],
        "",
        body["unit_id"],
        body["arrival_date"],
        "租赁房屋",
        "work",
        "365",
    ]


def import_csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADINGS)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def validated_events(dsn: str) -> Counter[str]:
    """Every event of one service's event store, each checked against its published JSON
    Schema (and at version 1), counted by type."""
    seen: Counter[str] = Counter()
    with psycopg.connect(dsn) as conn:
        for kind, version, data in conn.execute("SELECT type, schema_version, data FROM events"):
            schema = json.loads(path_for(kind).read_text(encoding="utf-8"))
            assert version == 1
            jsonschema.validate(data, schema)
            seen[kind] += 1
    return seen


def audit_entries(client: httpx.Client, **params: str) -> list[dict[str, Any]]:
    """The audit trail's entries (newest first, up to 500) matching `params`."""
    response = client.get("/api/audit", params={"page_size": "500", **params})
    assert response.status_code == 200, response.text
    return list(response.json()["items"])
