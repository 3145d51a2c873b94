"""Moves between two stations as cases: opened from the registry's two halves of a move in
either order, confirmed by each side once, escalated to the district when a clock runs out,
completed (and so counted) only when both sides confirmed; every change an event."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import jsonschema
import psycopg
import pytest

from liudong_events.auth import Principal
from liudong_events.envelope import Envelope
from liudong_events.migrate import apply_migrations
from liudong_events.schemas import path_for
from liudong_sync_province import move_cases
from liudong_sync_province.main import MIGRATIONS

DISTRICT = str(uuid.uuid4())
EAST, WEST = str(uuid.uuid4()), str(uuid.uuid4())


def path(station: str) -> list[str]:
    return [DISTRICT, station, *(str(uuid.uuid4()) for _ in range(4))]


@pytest.fixture
def conn(fresh_dsn: str) -> Iterator[psycopg.Connection[Any]]:
    apply_migrations(fresh_dsn, MIGRATIONS)
    with psycopg.connect(fresh_dsn, autocommit=True) as connection:
        yield connection


def halves(origin: list[str], destination: list[str]) -> list[Envelope]:
    """A move as the registry records it: the old residence departed, the new checked in."""
    person, old, new = (str(uuid.uuid4()) for _ in range(3))
    departed = {
        "residence_id": old,
        "person_id": person,
        "unit_id": origin[-1],
        "place_path": origin,
        "departure_date": "2026-11-20",
        "moved_to_residence_id": new,
    }
    checked_in = {
        "residence_id": new,
        "person_id": person,
        "person_name": "王五",
        "unit_id": destination[-1],
        "place_path": destination,
        "arrival_date": "2026-11-20",
        "moved_from_residence_id": old,
    }
    return [
        Envelope("liudong.residence.departed", f"residence-{old}", 2, person, departed, "/t"),
        Envelope("liudong.residence.checked_in", f"residence-{new}", 1, person, checked_in, "/t"),
    ]


def applied(conn: psycopg.Connection[Any], events: list[Envelope]) -> None:
    """As the consumer loop applies a batch: in a transaction with its checkpoints."""
    with conn.transaction():
        move_cases.MoveCases().apply_all(events, conn)


def officer(station: str | None, role: str = "station") -> Principal:
    scope_path = (DISTRICT, station) if station else (DISTRICT,)
    place = station or DISTRICT
    return Principal(str(uuid.uuid4()), f"user-{place[:4]}", role, place, scope_path)  # type: ignore[arg-type]


def case_events(conn: psycopg.Connection[Any], case_id: str) -> list[str]:
    """The case's events, in order, each valid by its published JSON Schema."""
    rows = conn.execute(
        "SELECT type, data FROM events WHERE stream_id = %s ORDER BY version",
        (f"move_case-{case_id}",),
    ).fetchall()
    for kind, data in rows:
        jsonschema.validate(data, json.loads(path_for(kind).read_text(encoding="utf-8")))
    return [t.removeprefix("liudong.move_case.") for t, _ in rows]


def test_a_move_to_another_station_opens_one_case_whichever_half_comes_first(
    conn: psycopg.Connection[Any],
) -> None:
    first, second = halves(path(EAST), path(WEST)), halves(path(EAST), path(WEST))
    applied(conn, first)
    applied(conn, list(reversed(second)))
    found, total = move_cases.cases(conn, officer(WEST), "open", 10, 0)
    assert total == 2
    assert {c["person_id"] for c in found} == {first[0].partition_key, second[0].partition_key}
    assert all(c["origin"]["place_path"][1] == EAST for c in found)
    assert all(c["destination"]["residence_id"] for c in found)
    assert conn.execute("SELECT count(*) FROM move_halves").fetchone() == (0,)


def test_a_move_within_one_station_is_no_case(conn: psycopg.Connection[Any]) -> None:
    applied(conn, halves(path(EAST), path(EAST)))
    assert move_cases.cases(conn, officer(None, "admin"), "all", 10, 0) == ([], 0)


def test_a_case_completes_when_both_sides_confirmed_each_once_by_its_own_side(
    conn: psycopg.Connection[Any],
) -> None:
    applied(conn, halves(path(EAST), path(WEST)))
    east, west = officer(EAST), officer(WEST)
    [found], _ = move_cases.cases(conn, east, "open", 10, 0)
    assert not move_cases.confirm(conn, east, found, "origin", "已退档")
    with pytest.raises(move_cases.AlreadyConfirmed):
        move_cases.confirm(conn, east, found, "origin", None)
    assert move_cases.cases(conn, west, "completed", 10, 0)[1] == 0
    assert move_cases.confirm(conn, west, found, "destination", None)
    [done], _ = move_cases.cases(conn, east, "completed", 10, 0)
    assert done["origin"]["note"] == "已退档"
    assert done["origin"]["confirmed_by"] == east.username
    assert case_events(conn, found["case_id"]) == ["opened", "confirmed", "confirmed", "completed"]


def test_a_clock_that_ran_out_goes_to_the_district_once_with_a_new_clock(
    conn: psycopg.Connection[Any],
) -> None:
    applied(conn, halves(path(EAST), path(WEST)))
    east = officer(EAST)
    [found], _ = move_cases.cases(conn, east, "open", 10, 0)
    assert move_cases.escalate_overdue(conn, datetime.now(UTC)) == 0
    move_cases.confirm(conn, east, found, "origin", None)
    later = found["destination"]["due_at"] + timedelta(minutes=1)
    assert move_cases.escalate_overdue(conn, later) == 1  # the destination's only
    assert move_cases.escalate_overdue(conn, later) == 0
    [escalated], _ = move_cases.cases(conn, officer(None, "admin"), "escalated", 10, 0)
    assert escalated["destination"]["escalated_to"] == DISTRICT
    assert escalated["destination"]["due_at"] > found["destination"]["due_at"]
    assert escalated["origin"]["escalated_to"] is None
    assert case_events(conn, found["case_id"]) == ["opened", "confirmed", "escalated"]
    district = officer(None)
    assert move_cases.confirm(conn, district, escalated, "destination", "分局代为确认")
    assert case_events(conn, found["case_id"])[-2:] == ["confirmed", "completed"]
    assert move_cases.cases(conn, east, "escalated", 10, 0)[1] == 0


def test_the_moved_on_day_is_the_arrival(conn: psycopg.Connection[Any]) -> None:
    applied(conn, halves(path(EAST), path(WEST)))
    [found], _ = move_cases.cases(conn, officer(EAST), "open", 10, 0)
    assert found["moved_on"] == date(2026, 11, 20)
