"""The employers' and the notices' lists come a page at a time, in one order that neither
repeats nor skips a row from page to page, with the true count of everything in the
caller's view (they used to stop at 500 rows and count what they showed)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from psycopg_pool import ConnectionPool

from liudong_events.auth import Principal, issue_token
from liudong_events.migrate import apply_migrations
from liudong_housing.main import MIGRATIONS, build
from liudong_housing.settings import HousingSettings

SECRET = "integration-test-secret-not-for-use-0000"
TODAY = datetime.now(UTC).date().isoformat()


@dataclass
class Housing:
    app: FastAPI
    dsn: str

    def caller(self, role: str, scope: list[str] | None, **more: Any) -> TestClient:
        """A client with a token of `role`, scoped to the last place of `scope`."""
        who = Principal(
            user_id=str(uuid.uuid4()),
            username=f"{role}-{uuid.uuid4().hex[:6]}",
            role=role,  # type: ignore[arg-type]
            scope_place_id=scope[-1] if scope else None,
            scope_path=tuple(scope or ()),
            **more,
        )
        token = issue_token(who, SECRET)
        return TestClient(self.app, headers={"Authorization": f"Bearer {token}"})


@pytest.fixture
def housing(fresh_dsn: str) -> Iterator[Housing]:
    apply_migrations(fresh_dsn, MIGRATIONS)
    app = build(HousingSettings(database_url=fresh_dsn, jwt_secret=SECRET, run_consumers=False))
    # The client is never entered: no lifespan, hence no relay to a broker; the pool is ours.
    with ConnectionPool(fresh_dsn, min_size=1, max_size=4, kwargs={"autocommit": True}) as pool:
        app.state.pool = pool
        yield Housing(app, fresh_dsn)


def ok(response: Any, code: int = 200) -> Any:
    assert response.status_code == code, response.text
    return response.json()


def place(admin: TestClient, kind: str, parent: list[str], name: str) -> list[str]:
    """A new place under the last of `parent`: its path of ids."""
    body = {"kind": kind, "name": name, "parent_id": parent[-1] if parent else None}
    return [*parent, ok(admin.post("/api/places", json=body), 201)["id"]]


def compound(admin: TestClient, station: list[str], units: int) -> tuple[list[str], list[str]]:
    """A compound under the station, and the ids of its first building's units."""
    community = place(admin, "community", station, "社区")
    found = place(admin, "compound", community, "小区")
    building = place(admin, "building", found, "1号楼")
    return found, [place(admin, "unit", building, f"{n:02d}室")[-1] for n in range(units)]


def pages(client: TestClient, path: str, key: str, size: int, **params: Any) -> list[Any]:
    """Every row of a list, page by page; each page tells the same total."""
    rows: list[Any] = []
    totals = set()
    for page in range(1, 100):
        answer = ok(client.get(path, params={**params, "page": page, "page_size": size}))
        totals.add(answer["total"])
        if not answer["items"]:
            break
        assert len(answer["items"]) <= size
        rows += answer["items"]
    assert totals == {len(rows)}, (totals, len(rows))
    ids = [row[key] for row in rows]
    assert len(set(ids)) == len(ids), "a row on two pages"
    return rows


def test_employers_come_a_page_at_a_time_counted_in_full(housing: Housing) -> None:
    admin = housing.caller("admin", None)
    district = place(admin, "district", [], "城关区")
    stations = [place(admin, "station", district, name) for name in ("东关", "西关")]
    east, _ = compound(admin, stations[0], 0)
    west, _ = compound(admin, stations[1], 0)
    coordinator = housing.caller("coordinator", stations[0])
    for n in range(23):  # names repeat: the id orders those of one name
        body = {"name": f"企业{n % 7}", "place_id": east[-1]}
        ok(admin.post("/api/employers", json=body), 201)
    for n in range(2):
        body = {"name": f"协管企业{n}", "place_id": east[-1]}
        ok(coordinator.post("/api/employers", json=body), 201)
    for n in range(3):
        ok(admin.post("/api/employers", json={"name": f"西企业{n}", "place_id": west[-1]}), 201)
    station = housing.caller("station", stations[0])

    first = ok(station.get("/api/employers", params={"page_size": 10}))
    assert len(first["items"]) == 10
    assert first["total"] == 25
    rows = pages(station, "/api/employers", "employer_id", 10)
    assert len(rows) == 25
    assert rows == sorted(rows, key=lambda e: (e["name"], e["employer_id"]))
    beyond = ok(station.get("/api/employers", params={"page": 4, "page_size": 10}))
    assert beyond == {"items": [], "total": 25}

    everything = ok(admin.get("/api/employers"))  # by default a page of 20
    assert (len(everything["items"]), everything["total"]) == (20, 28)
    assert len(pages(coordinator, "/api/employers", "employer_id", 10)) == 2
    assert ok(housing.caller("station", stations[1]).get("/api/employers"))["total"] == 3
    named = ok(station.get("/api/employers", params={"name": "企业2", "page_size": 2}))
    assert (len(named["items"]), named["total"]) == (2, 3)  # n = 2, 9, 16
    assert ok(admin.get("/api/employers", params={"place_id": west[-1]}))["total"] == 3
    for wrong in ({"page": 0}, {"page_size": 0}, {"page_size": 201}):
        assert admin.get("/api/employers", params=wrong).status_code == 422


def hazards(categories: str, count: int) -> list[dict[str, str]]:
    """`count` hazards taking their categories in turn from `categories` (f, s, p, o)."""
    names = {"f": "fire", "s": "structure", "p": "public_order", "o": "other"}
    return [
        {
            "category": names[categories[n % len(categories)]],
            "description": f"隐患{n}",
            **({"department": "labour"} if categories[n % len(categories)] == "o" else {}),
        }
        for n in range(count)
    ]


def inspect(admin: TestClient, unit: str, found: list[dict[str, str]]) -> tuple[str, list[str]]:
    """A house on the unit and an inspection of it: its id and its notices' ids (one
    transaction, so the notices share their `raised_at`)."""
    owner = {"kind": "person", "name": "房东"}
    body = {"unit_id": unit, "archive_no": f"FW-{uuid.uuid4().hex[:8]}", "owner": owner}
    house = ok(admin.post("/api/houses", json={**body, "use": "rented"}), 201)["house_id"]
    inspection = {"inspected_on": TODAY, "hazards": found}
    answer = ok(admin.post(f"/api/houses/{house}/inspections", json=inspection), 201)
    return house, [n["notice_id"] for n in answer["notices"]]


def order_key(notice: dict[str, Any]) -> tuple[bool, float, datetime, str]:
    """Not closed first, the longest waiting first; then the latest closed first."""
    raised = datetime.fromisoformat(notice["raised_at"])
    closed = notice["closed_at"] and datetime.fromisoformat(notice["closed_at"]).timestamp()
    return notice["status"] == "closed", -(closed or 0.0), raised, notice["notice_id"]


def test_notices_come_a_page_at_a_time_open_first_counted_in_full(housing: Housing) -> None:
    admin = housing.caller("admin", None)
    district = place(admin, "district", [], "城关区")
    stations = [place(admin, "station", district, name) for name in ("东关", "西关")]
    _, east = compound(admin, stations[0], 3)
    _, west = compound(admin, stations[1], 1)
    big, first = inspect(admin, east[0], hazards("fs", 22))  # more than a default page
    _, second = inspect(admin, east[1], hazards("fp", 2))
    _, third = inspect(admin, east[2], hazards("o", 1))
    inspect(admin, west[0], hazards("fs", 4))
    closing = [*first[:5], second[0]]  # some of the oldest close: they go to the end
    for notice in [*closing, first[6]]:
        note = {"status": "in_progress", "note": "已通知整改"}
        ok(admin.post(f"/api/notices/{notice}/follow-ups", json=note))
    for notice in closing:
        note = {"status": "closed", "note": "复查合格"}
        ok(admin.post(f"/api/notices/{notice}/follow-ups", json=note))
    station = housing.caller("station", stations[0])

    first_page = ok(station.get("/api/notices", params={"page_size": 10}))
    assert (len(first_page["items"]), first_page["total"]) == (10, 25)
    rows = pages(station, "/api/notices", "notice_id", 10)
    assert {n["notice_id"] for n in rows} == {*first, *second, *third}
    assert rows == sorted(rows, key=order_key)
    assert {n["notice_id"] for n in rows[-6:]} == set(closing)  # the oldest, closed: last
    assert all(n["status"] != "closed" for n in rows[:-6])
    assert rows[-6]["notice_id"] == closing[-1]  # the latest closed leads the closed ones
    past_the_end = ok(station.get("/api/houses", params={"page": 50}))
    assert (past_the_end["items"], past_the_end["total"]) == ([], len(east))

    everything = ok(admin.get("/api/notices"))  # by default a page of 20
    assert (len(everything["items"]), everything["total"]) == (20, 29)
    fire = housing.caller("department", district, department="fire")
    fire_rows = pages(fire, "/api/notices", "notice_id", 4)
    assert len(fire_rows) == 11 + 1 + 2  # 东关's two houses and 西关's
    assert all(n["department"] == "fire" for n in fire_rows)

    def total(**params: Any) -> int:
        return int(ok(station.get("/api/notices", params={**params, "page_size": 1}))["total"])

    assert total(closed=False) == 19
    assert total(closed=True) == total(status="closed") == 6
    assert total(status="in_progress") == 1
    assert total(category="fire") == 12
    assert total(category="structure", closed=False) == 11 - 2
    assert total(department="labour") == 1

    with psycopg.connect(housing.dsn, autocommit=True) as conn:
        conn.execute(
            "UPDATE hazard_notices SET raised_at = now() - interval '40 days' WHERE id = ANY(%s)",
            ([uuid.UUID(i) for i in first[4:8]],),
        )
    month_ago = (datetime.now(UTC) - timedelta(days=30)).isoformat()
    assert total(raised_to=month_ago) == 4
    assert total(raised_to=month_ago, closed=False) == 3
    assert total(raised_from=month_ago) == 21
    assert station.get("/api/notices", params={"raised_to": "2026-01-01T00:00"}).status_code == 422

    # The house's page shows every notice of the house, not a page of them.
    house_page = ok(station.get(f"/api/houses/{big}"))
    assert {n["notice_id"] for n in house_page["notices"]} == set(first)
