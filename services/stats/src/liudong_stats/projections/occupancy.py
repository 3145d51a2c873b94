"""Occupancy: every residence with its place at each level, and arrivals and departures per
place and day above the unit, from registry and housing events.

`stats_residences` answers a unit (its persons) and the breakdowns; `stats_daily` answers
any place's figures for any period as sums over its days, however many residences lie
under it. Both change in the same statement per batch, so they never disagree.

Residence events are read as the dicts they arrive as (their schemas were checked when
they were written): a rebuild replays millions of them, and a model per event cost more
than everything else together.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import groupby
from typing import Any

import psycopg

from liudong_events.catalog import HOUSING_TOPIC, PLACE_KINDS, REGISTRY_TOPIC, PersonAmended, parse
from liudong_events.envelope import Envelope
from liudong_events.housing_events import PlaceMoved
from liudong_events.store import insert_rows

Conn = psycopg.Connection[Any]
LEVEL_COLUMNS = [f"{kind}_id" for kind in PLACE_KINDS]  # district_id … unit_id
DAILY_LEVELS = LEVEL_COLUMNS[:-1]  # units are answered from their residences
CHANGED = "stats_changed"  # notified with each batch applied (for the big-screen feed)
RESIDENCE_COLUMNS = (
    "residence_id",
    "person_id",
    "person_name",
    *LEVEL_COLUMNS,
    "arrival_date",
    "sex",
    "birth_date",
    "origin_region",
    "housing_type",
    "reason",
)
_PLACES_OF = "unnest(ARRAY[" + ", ".join(f"c.{c}" for c in DAILY_LEVELS) + "]) AS place"
_ADD_TO_DAILY = (
    " INSERT INTO stats_daily (place_id, day, arrivals, departures)"
    " SELECT place, day, sum(arrivals), sum(departures) FROM changes"
    " WHERE place IS NOT NULL GROUP BY place, day"
    " ON CONFLICT (place_id, day) DO UPDATE SET"
    " arrivals = stats_daily.arrivals + EXCLUDED.arrivals,"
    " departures = stats_daily.departures + EXCLUDED.departures"
)


class Occupancy:
    name = "stats.occupancy"
    topics: tuple[str, ...] = (HOUSING_TOPIC, REGISTRY_TOPIC)
    tables: tuple[str, ...] = ("stats_residences", "stats_places", "stats_daily")

    def apply(self, event: Envelope, conn: Conn) -> None:
        self.apply_all([event], conn)

    def apply_all(self, events: list[Envelope], conn: Conn) -> None:
        """In order; each run of events of one type in one statement."""
        wanted = [e for e in events if e.type in _APPLY]
        for kind, run in groupby(wanted, key=lambda e: e.type):
            _APPLY[kind](conn, [e.data for e in run])
        if wanted:
            conn.execute(f"NOTIFY {CHANGED}")  # delivered when the batch commits


def _places(conn: Conn, events: list[dict[str, Any]]) -> None:
    """Under the parent's path as the projection has it (a move of the parent may have
    been applied first: it is another stream)."""
    with conn.cursor() as cur:
        cur.executemany(
            "INSERT INTO stats_places (id, kind, name, parent_id, path_ids) VALUES (%(id)s,"
            " %(kind)s, %(name)s, %(parent)s, coalesce((SELECT path_ids || %(id)s::uuid"
            "  FROM stats_places WHERE id = %(parent)s), %(path)s::uuid[]))"
            " ON CONFLICT (id) DO NOTHING",
            [
                {
                    "id": e["place_id"],
                    "kind": e["kind"],
                    "name": e["name"],
                    "parent": e["parent_id"],
                    "path": [s["id"] for s in e["path"]],
                }
                for e in events
            ],
        )


def _renamed(conn: Conn, events: list[dict[str, Any]]) -> None:
    with conn.cursor() as cur:
        cur.executemany(
            "UPDATE stats_places SET name = %s WHERE id = %s",
            [(e["name"], e["place_id"]) for e in events],
        )


def _moved(conn: Conn, events: list[dict[str, Any]]) -> None:
    """The place and all under it take the new path above it; so do its residences, which
    now count under the new parent (and its parents) for every period: their days leave
    the places each was counted under and join the new ones."""
    for data in events:
        e = parse("liudong.place.moved", data)
        assert isinstance(e, PlaceMoved)
        depth, above = len(e.old_path), [s.id for s in e.path][:-1]
        own, higher = LEVEL_COLUMNS[depth - 1], LEVEL_COLUMNS[: depth - 1]
        _move_days(conn, own, higher, e.place_id, above)
        conn.execute(
            "UPDATE stats_places SET path_ids = %s::uuid[] || path_ids[%s:]"
            " WHERE path_ids @> ARRAY[%s]::uuid[]",
            (above, depth, e.place_id),
        )
        conn.execute(
            "UPDATE stats_places SET parent_id = %s WHERE id = %s", (e.parent_id, e.place_id)
        )
        assignments = ", ".join(f"{column} = %s" for column in higher)
        conn.execute(
            f"UPDATE stats_residences SET {assignments} WHERE {own} = %s", (*above, e.place_id)
        )


def _move_days(conn: Conn, own: str, higher: list[str], place_id: str, above: list[str]) -> None:
    """Each residence under the place: its days out of the places above it it is counted
    under now (its own columns: a check-in that came before the move's creation events in
    a rebuild already counts under the new ones), into the new places above."""
    old = "unnest(ARRAY[" + ", ".join(f"r.{c}" for c in higher) + "]::uuid[])"
    new = "unnest(%(above)s::uuid[])"
    conn.execute(
        f"WITH r AS (SELECT * FROM stats_residences WHERE {own} = %(id)s AND NOT cancelled),"
        " changes AS ("
        f"  SELECT place, arrival_date AS day, -1 AS arrivals, 0 AS departures FROM r, {old} place"
        f"  UNION ALL SELECT place, departure_date, 0, -1 FROM r, {old} place"
        "   WHERE departure_date IS NOT NULL"
        f"  UNION ALL SELECT place, arrival_date, 1, 0 FROM r, {new} place"
        f"  UNION ALL SELECT place, departure_date, 0, 1 FROM r, {new} place"
        "   WHERE departure_date IS NOT NULL)" + _ADD_TO_DAILY,
        {"id": place_id, "above": above},
    )


def _checked_in(conn: Conn, events: list[dict[str, Any]]) -> None:
    """New rows, and their arrivals counted at every level. Filed under the unit's path as
    the projection has it, if it has the unit: a move above may have been applied before
    this check-in (another topic, as in a rebuild); the event carries the path of its day."""
    rows = conn.execute(
        "SELECT id::text, path_ids::text[] FROM stats_places WHERE id = ANY(%s::uuid[])",
        (list({e["unit_id"] for e in events}),),
    ).fetchall()
    paths = {str(unit): list(path) for unit, path in rows}
    conn.execute(
        "CREATE TEMP TABLE IF NOT EXISTS stats_incoming"
        " (LIKE stats_residences INCLUDING DEFAULTS) ON COMMIT DELETE ROWS"
    )
    insert_rows(
        conn,
        "stats_incoming",
        RESIDENCE_COLUMNS,
        [_residence_row(e, paths.get(e["unit_id"], e["place_path"])) for e in events],
    )
    conn.execute(
        "WITH c AS (INSERT INTO stats_residences SELECT * FROM stats_incoming"
        "  ON CONFLICT (residence_id) DO NOTHING RETURNING *),"
        f" changes AS (SELECT place, c.arrival_date AS day, 1 AS arrivals, 0 AS departures"
        f"  FROM c, {_PLACES_OF})" + _ADD_TO_DAILY
    )


def _residence_row(e: dict[str, Any], path: list[str]) -> tuple[Any, ...]:
    levels = (path + [None] * len(LEVEL_COLUMNS))[: len(LEVEL_COLUMNS) - 1]
    return (
        e["residence_id"],
        e["person_id"],
        e["person_name"],
        *levels,
        e["unit_id"],
        e["arrival_date"],
        e["sex"],
        e["birth_date"],
        e["origin_region"],
        e["housing_type"],
        e["reason"],
    )


def _departed(conn: Conn, events: list[dict[str, Any]]) -> None:
    conn.execute(
        "WITH c AS (UPDATE stats_residences r SET departure_date = i.day"
        "  FROM unnest(%s::uuid[], %s::date[]) AS i (id, day)"
        "  WHERE r.residence_id = i.id AND r.departure_date IS NULL RETURNING r.*),"
        f" changes AS (SELECT place, c.departure_date AS day, 0 AS arrivals, 1 AS departures"
        f"  FROM c, {_PLACES_OF} WHERE NOT c.cancelled)" + _ADD_TO_DAILY,
        ([e["residence_id"] for e in events], [e["departure_date"] for e in events]),
    )


def _cancelled(conn: Conn, events: list[dict[str, Any]]) -> None:
    """Entered in error: the residence leaves every figure, its arrival and departure too."""
    conn.execute(
        "WITH c AS (UPDATE stats_residences SET cancelled = true"
        "  WHERE residence_id = ANY(%s::uuid[]) AND NOT cancelled RETURNING *),"
        f" changes AS (SELECT place, c.arrival_date AS day, -1 AS arrivals, 0 AS departures"
        f"  FROM c, {_PLACES_OF}"
        f"  UNION ALL SELECT place, c.departure_date, 0, -1 FROM c, {_PLACES_OF}"
        "  WHERE c.departure_date IS NOT NULL)" + _ADD_TO_DAILY,
        ([e["residence_id"] for e in events],),
    )


def _amended(conn: Conn, events: list[dict[str, Any]]) -> None:
    """A corrected name, sex or birth date shows in every figure from now on."""
    columns = {"name": "person_name", "sex": "sex", "birth_date": "birth_date"}
    for data in events:
        e = parse("liudong.person.amended", data)
        assert isinstance(e, PersonAmended)
        for field, column in columns.items():
            if field in e.changes:
                conn.execute(
                    f"UPDATE stats_residences SET {column} = %s WHERE person_id = %s",
                    (e.changes[field], e.person_id),
                )


_APPLY: dict[str, Callable[[Conn, list[dict[str, Any]]], None]] = {
    "liudong.place.created": _places,
    "liudong.place.renamed": _renamed,
    "liudong.place.moved": _moved,
    "liudong.residence.checked_in": _checked_in,
    "liudong.residence.departed": _departed,
    "liudong.residence.cancelled": _cancelled,
    "liudong.person.amended": _amended,
}
