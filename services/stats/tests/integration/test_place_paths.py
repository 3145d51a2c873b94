"""A place's path follows the tree as its creations and moves leave it, whatever order the
events of different places arrive in: a rebuild's lanes apply the housing topic's
partitions side by side, and a unit may come before its building, after a move above."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import psycopg
import pytest

from liudong_events.envelope import Envelope
from liudong_events.migrate import apply_migrations
from liudong_stats.projections.occupancy import Occupancy, _paths

MIGRATIONS = Path(__file__).parents[2] / "migrations"
KINDS = ("district", "station", "community", "compound", "building", "unit")


def created(path: list[str]) -> Envelope:
    steps = [{"id": p, "kind": KINDS[n], "name": f"{KINDS[n]}{n}"} for n, p in enumerate(path)]
    data = {
        "place_id": path[-1],
        "kind": KINDS[len(path) - 1],
        "name": f"place {len(path)}",
        "parent_id": path[-2] if len(path) > 1 else None,
        "path": steps,
    }
    return Envelope("liudong.place.created", f"place-{path[-1]}", 1, path[-1], data, "/t")


def moved(old: list[str], new: list[str]) -> Envelope:
    steps = [{"id": p, "kind": KINDS[n], "name": f"{KINDS[n]}{n}"} for n, p in enumerate(new)]
    data = {"place_id": new[-1], "parent_id": new[-2], "path": steps, "old_path": old}
    return Envelope("liudong.place.moved", f"place-{new[-1]}", 2, new[-1], data, "/t")


def paths(conn: psycopg.Connection[Any]) -> dict[str, list[str]]:
    rows = conn.execute("SELECT id::text, path_ids::text[] FROM stats_places").fetchall()
    return {place: list(path) for place, path in rows}


@pytest.mark.parametrize("live", [True, False], ids=["live", "rebuilt"])
def test_a_unit_before_its_building_after_a_move_above_gets_the_new_path(
    fresh_dsn: str, live: bool
) -> None:
    apply_migrations(fresh_dsn, MIGRATIONS)
    district, station, old, new, compound, building, unit = (str(uuid.uuid4()) for _ in range(7))
    before = [district, station, old, compound]
    after = [district, station, new, compound]
    projection = Occupancy(live=live)
    batches = [
        [created([district]), created([district, station])],
        [created([district, station, old]), created([district, station, new]), created(before)],
        [moved(before, after)],
        [created([*before, building, unit])],  # its building is not known yet
        [created([*before, building])],  # published before the move, applied after it
    ]
    with psycopg.connect(fresh_dsn, autocommit=True) as conn:
        for batch in batches:
            with conn.transaction():
                projection.apply_all(batch, conn)
        if not live:
            _paths(conn)  # what a rebuild does once its replay is through
        found = paths(conn)
    assert found[building] == [*after, building]
    assert found[unit] == [*after, building, unit]
    assert found[compound] == after
