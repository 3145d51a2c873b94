"""Occupancy: every residence with its place at each level, from registry and housing events."""

from __future__ import annotations

from collections.abc import Callable
from itertools import groupby
from typing import Any

import psycopg

from liudong_events.catalog import (
    HOUSING_TOPIC,
    PLACE_KINDS,
    REGISTRY_TOPIC,
    PersonAmended,
    ResidenceCheckedIn,
    parse,
)
from liudong_events.envelope import Envelope
from liudong_events.housing_events import PlaceMoved

LEVEL_COLUMNS = [f"{kind}_id" for kind in PLACE_KINDS]  # district_id … unit_id


class Occupancy:
    name = "stats.occupancy"
    topics: tuple[str, ...] = (HOUSING_TOPIC, REGISTRY_TOPIC)

    def apply(self, event: Envelope, conn: psycopg.Connection[Any]) -> None:
        self.apply_all([event], conn)

    def apply_all(self, events: list[Envelope], conn: psycopg.Connection[Any]) -> None:
        """In order; each run of events of one type in one statement sent many times."""
        wanted = [(e.type, parse(e.type, e.data)) for e in events if e.type in _APPLY]
        for kind, run in groupby(wanted, key=lambda typed: typed[0]):
            _APPLY[kind](conn, [data for _, data in run])

    def reset(self, conn: psycopg.Connection[Any]) -> None:
        conn.execute("TRUNCATE stats_residences, stats_places")


def _places(conn: psycopg.Connection[Any], events: list[Any]) -> None:
    """Under the parent's path as the projection has it (a move of the parent may have
    been applied first: it is another stream)."""
    _many(
        conn,
        "INSERT INTO stats_places (id, kind, name, parent_id, path_ids) VALUES (%(id)s,"
        " %(kind)s, %(name)s, %(parent)s, coalesce((SELECT path_ids || %(id)s::uuid"
        "  FROM stats_places WHERE id = %(parent)s), %(path)s::uuid[]))"
        " ON CONFLICT (id) DO NOTHING",
        [
            {
                "id": e.place_id,
                "kind": e.kind,
                "name": e.name,
                "parent": e.parent_id,
                "path": [s.id for s in e.path],
            }
            for e in events
        ],
    )


def _renamed(conn: psycopg.Connection[Any], events: list[Any]) -> None:
    _many(
        conn,
        "UPDATE stats_places SET name = %s WHERE id = %s",
        [(e.name, e.place_id) for e in events],
    )


def _moved(conn: psycopg.Connection[Any], events: list[Any]) -> None:
    """The place and all under it take the new path above it; so do its residences, which
    now count under the new parent (and its parents) for every period."""
    for e in events:
        assert isinstance(e, PlaceMoved)
        depth, above = len(e.old_path), [s.id for s in e.path][:-1]
        conn.execute(
            "UPDATE stats_places SET path_ids = %s::uuid[] || path_ids[%s:]"
            " WHERE path_ids @> ARRAY[%s]::uuid[]",
            (above, depth, e.place_id),
        )
        conn.execute(
            "UPDATE stats_places SET parent_id = %s WHERE id = %s", (e.parent_id, e.place_id)
        )
        assignments = ", ".join(f"{column} = %s" for column in LEVEL_COLUMNS[: depth - 1])
        conn.execute(
            f"UPDATE stats_residences SET {assignments} WHERE {LEVEL_COLUMNS[depth - 1]} = %s",
            (*above, e.place_id),
        )


def _checked_in(conn: psycopg.Connection[Any], events: list[Any]) -> None:
    """Counted under the unit's path as the projection has it, if it has the unit: a move
    of a place above may have been applied before this check-in (another topic, as in a
    rebuild), and its event carries the path of its day."""
    rows = conn.execute(
        "SELECT id::text, path_ids::text[] FROM stats_places WHERE id = ANY(%s::uuid[])",
        (list({e.unit_id for e in events}),),
    ).fetchall()
    paths = {str(unit): list(path) for unit, path in rows}
    _many(
        conn,
        f"INSERT INTO stats_residences (residence_id, person_id, person_name,"
        f" {', '.join(LEVEL_COLUMNS)}, arrival_date, sex, birth_date, origin_region,"
        f" housing_type, reason) VALUES ({', '.join(['%s'] * (9 + len(LEVEL_COLUMNS)))})"
        " ON CONFLICT (residence_id) DO NOTHING",
        [_residence_row(e, paths.get(e.unit_id, e.place_path)) for e in events],
    )


def _residence_row(e: ResidenceCheckedIn, path: list[str]) -> tuple[Any, ...]:
    levels = (path + [None] * len(LEVEL_COLUMNS))[: len(LEVEL_COLUMNS) - 1]
    return (
        e.residence_id,
        e.person_id,
        e.person_name,
        *levels,
        e.unit_id,
        e.arrival_date,
        e.sex,
        e.birth_date,
        e.origin_region,
        e.housing_type,
        e.reason,
    )


def _departed(conn: psycopg.Connection[Any], events: list[Any]) -> None:
    _many(
        conn,
        "UPDATE stats_residences SET departure_date = %s WHERE residence_id = %s",
        [(e.departure_date, e.residence_id) for e in events],
    )


def _cancelled(conn: psycopg.Connection[Any], events: list[Any]) -> None:
    _many(
        conn,
        "UPDATE stats_residences SET cancelled = true WHERE residence_id = %s",
        [(e.residence_id,) for e in events],
    )


def _amended(conn: psycopg.Connection[Any], events: list[Any]) -> None:
    """A corrected name, sex or birth date shows in every figure from now on."""
    columns = {"name": "person_name", "sex": "sex", "birth_date": "birth_date"}
    for e in events:
        assert isinstance(e, PersonAmended)
        for field, column in columns.items():
            if field in e.changes:
                conn.execute(
                    f"UPDATE stats_residences SET {column} = %s WHERE person_id = %s",
                    (e.changes[field], e.person_id),
                )


def _many(
    conn: psycopg.Connection[Any],
    sql: str,
    rows: list[tuple[Any, ...]] | list[dict[str, Any]],
) -> None:
    with conn.cursor() as cur:
        cur.executemany(sql, rows)


_APPLY: dict[str, Callable[[psycopg.Connection[Any], list[Any]], None]] = {
    "liudong.place.created": _places,
    "liudong.place.renamed": _renamed,
    "liudong.place.moved": _moved,
    "liudong.residence.checked_in": _checked_in,
    "liudong.residence.departed": _departed,
    "liudong.residence.cancelled": _cancelled,
    "liudong.person.amended": _amended,
}
