"""Two-letter searches are answered from `person_keys` and `person_key_counts` (migration
012); they must find and count exactly whom a scan of persons finds, for every scope,
after new persons, a move and a renaming."""

from __future__ import annotations

import random
import uuid
from datetime import date
from typing import Any

import psycopg
import pytest

from liudong_events.catalog import PersonRegistered
from liudong_events.migrate import apply_migrations
from liudong_registry import repo
from liudong_registry.domain.residences import PersonDetails
from liudong_registry.main import MIGRATIONS

NAMES = ["单明", "李娜", "刘洋", "刘一", "乐园", "曾乐", "OUYANG SMITH", "LY TRAN", "柳叶", "李勇"]
KEYS = ["ly", "ln", "dm", "sm", "ou", "zl", "ll", "yl", "xy"]


@pytest.fixture
def conn(fresh_dsn: str) -> Any:
    apply_migrations(fresh_dsn, MIGRATIONS)
    with psycopg.connect(fresh_dsn, autocommit=True) as connection:
        yield connection


def _place(conn: Any, kind: str, parent: list[str]) -> list[str]:
    place_id = str(uuid.uuid4())
    conn.execute(
        "INSERT INTO places (id, kind, name, parent_id, path_ids) VALUES (%s, %s, %s, %s, %s)",
        (place_id, kind, kind, parent[-1] if parent else None, [*parent, place_id]),
    )
    return [*parent, place_id]


def _tree(conn: Any) -> list[list[str]]:
    """Two stations, each with two compounds of two units: the units' paths."""
    district = _place(conn, "district", [])
    units = []
    for _ in range(2):
        station = _place(conn, "station", district)
        community = _place(conn, "community", station)
        for _ in range(2):
            building = _place(conn, "building", _place(conn, "compound", community))
            units += [_place(conn, "unit", building) for _ in range(2)]
    return units


def _register(conn: Any, name: str, path: list[str]) -> str:
    person_id = str(uuid.uuid4())
    event = PersonRegistered(
        person_id=person_id,
        id_number=str(uuid.uuid4().int)[:18],
        name=name,
        sex="1",
        ethnicity="01",
        birth_date=date(1990, 1, 1),
    )
    repo.add_persons(conn, [event], {person_id: path})
    return person_id


def _both_ways(conn: Any, scope: str | None, key: str) -> None:
    keyed = repo._short_key_matches(conn, scope, None, key)
    assert keyed is not None
    scanned = repo._matches(scope, None, key)
    page = "SELECT id::text, name FROM ({}) u ORDER BY name, id"
    found = [conn.execute(page.format(m), a).fetchall() for m, a, _ in (keyed, scanned)]
    assert found[0] == found[1], (scope, key)
    assert keyed[2] == len(found[1]), (scope, key)


def test_keyed_answers_equal_a_scan_of_persons(conn: Any) -> None:
    rng = random.Random(12)
    units = _tree(conn)
    people = {_register(conn, rng.choice(NAMES), rng.choice(units)): None for _ in range(120)}
    scopes = [None, *{p for unit in units for p in unit[:4]}]

    def agree() -> None:
        for scope in scopes:
            for key in KEYS:
                _both_ways(conn, scope, key)

    agree()
    for key in ("ly", "ou", "dm"):  # by the usual reading, a Latin name, another reading
        keyed = repo._short_key_matches(conn, None, None, key)
        assert keyed is not None, key
        assert (keyed[2] or 0) > 0, key
    movers = rng.sample(sorted(people), 30)
    repo.add_areas(conn, {person: rng.choice(units) for person in movers})
    agree()
    for person in movers[:10]:
        repo.save_person(
            conn,
            person,
            PersonDetails(
                id_number=str(uuid.uuid4().int)[:18],
                name=rng.choice(NAMES),
                sex="2",
                ethnicity="01",
                birth_date=date(1990, 1, 1),
            ),
        )
    agree()


def test_a_building_scope_is_not_keyed(conn: Any) -> None:
    unit = _tree(conn)[0]
    _register(conn, "李娜", unit)
    assert repo._short_key_matches(conn, unit[4], None, "ln") is None
    assert repo._short_key_matches(conn, unit[3], None, "ln") is not None
