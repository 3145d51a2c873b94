"""Occupancy figures for a place and its children, straight from the projection.

`checked_in` and `departed` count arrivals and departures dated within [from, to];
`current` counts residences active at the end of `to`. Cancelled residences count nowhere.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import psycopg
from psycopg.rows import dict_row

from liudong_events.catalog import PLACE_KINDS
from liudong_stats.projections.occupancy import LEVEL_COLUMNS

_FIGURES = (
    "count(*) FILTER (WHERE r.arrival_date BETWEEN %(from)s AND %(to)s) AS checked_in,"
    " count(*) FILTER (WHERE r.departure_date BETWEEN %(from)s AND %(to)s) AS departed,"
    " count(*) FILTER (WHERE r.arrival_date <= %(to)s"
    "   AND (r.departure_date IS NULL OR r.departure_date > %(to)s)) AS current"
)


def place(conn: psycopg.Connection[Any], place_id: str) -> dict[str, Any] | None:
    with conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(
            "SELECT id::text, kind, name, path_ids::text[] AS path_ids FROM stats_places"
            " WHERE id = %s",
            (place_id,),
        ).fetchone()


def totals(
    conn: psycopg.Connection[Any], where: dict[str, Any], start: date, end: date
) -> dict[str, int]:
    column = LEVEL_COLUMNS[PLACE_KINDS.index(where["kind"])]
    with conn.cursor(row_factory=dict_row) as cur:
        row = cur.execute(
            f"SELECT {_FIGURES} FROM stats_residences r"
            f" WHERE r.{column} = %(id)s AND NOT r.cancelled",
            {"id": where["id"], "from": start, "to": end},
        ).fetchone()
    return {k: int(row[k]) for k in ("checked_in", "departed", "current")} if row else {}


def child_places(
    conn: psycopg.Connection[Any], parent: dict[str, Any], start: date, end: date
) -> list[dict[str, Any]]:
    level = PLACE_KINDS.index(parent["kind"])
    column, child_column = LEVEL_COLUMNS[level], LEVEL_COLUMNS[level + 1]
    with conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(
            f"SELECT p.id::text AS place_id, p.kind, p.name,"
            f" coalesce(f.checked_in, 0) AS checked_in, coalesce(f.departed, 0) AS departed,"
            f" coalesce(f.current, 0) AS current"
            f" FROM stats_places p LEFT JOIN ("
            f"   SELECT r.{child_column} AS child, {_FIGURES} FROM stats_residences r"
            f"   WHERE r.{column} = %(id)s AND NOT r.cancelled GROUP BY r.{child_column}"
            f" ) f ON f.child = p.id WHERE p.parent_id = %(id)s ORDER BY p.name, p.id",
            {"id": parent["id"], "from": start, "to": end},
        ).fetchall()


def unit_persons(
    conn: psycopg.Connection[Any], unit_id: str, start: date, end: date
) -> list[dict[str, Any]]:
    """At unit level the children are the persons resident at the end of `to`."""
    with conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(
            "SELECT r.person_id::text, r.residence_id::text, 'person' AS kind,"
            " r.person_name AS name, r.arrival_date,"
            " (r.arrival_date BETWEEN %(from)s AND %(to)s)::int AS checked_in,"
            " (r.departure_date IS NOT NULL AND r.departure_date BETWEEN %(from)s AND %(to)s)::int"
            "   AS departed, 1 AS current"
            " FROM stats_residences r WHERE r.unit_id = %(id)s AND NOT r.cancelled"
            " AND r.arrival_date <= %(to)s"
            " AND (r.departure_date IS NULL OR r.departure_date > %(to)s)"
            " ORDER BY r.person_name, r.person_id",
            {"id": unit_id, "from": start, "to": end},
        ).fetchall()


# What a breakdown groups by: a column of the projection, or the age on the period's last day.
_VALUES = {
    "origin_region": "r.origin_region",
    "housing_type": "r.housing_type",
    "reason": "r.reason",
    "sex": "r.sex",
    "age": "date_part('year', age(%(to)s::date, r.birth_date))::int",
}


def grouped(
    conn: psycopg.Connection[Any], where: dict[str, Any], start: date, end: date, value: str
) -> list[dict[str, Any]]:
    """The figures of the place's residences for each value of `value` (see _VALUES)."""
    column = LEVEL_COLUMNS[PLACE_KINDS.index(where["kind"])]
    with conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(
            f"SELECT {_VALUES[value]} AS value, {_FIGURES} FROM stats_residences r"
            f" WHERE r.{column} = %(id)s AND NOT r.cancelled GROUP BY 1",
            {"id": where["id"], "from": start, "to": end},
        ).fetchall()


def movements(
    conn: psycopg.Connection[Any], where: dict[str, Any], start: date, end: date, unit: str
) -> dict[date, dict[str, int]]:
    """Arrivals and departures of the place in [start, end], by day or month (`unit`)."""
    column = LEVEL_COLUMNS[PLACE_KINDS.index(where["kind"])]
    moves: dict[date, dict[str, int]] = {}
    for figure, field in (("arrivals", "arrival_date"), ("departures", "departure_date")):
        rows = conn.execute(
            f"SELECT date_trunc(%(unit)s, r.{field})::date, count(*) FROM stats_residences r"
            f" WHERE r.{column} = %(id)s AND NOT r.cancelled"
            f" AND r.{field} BETWEEN %(from)s AND %(to)s GROUP BY 1",
            {"id": where["id"], "from": start, "to": end, "unit": unit},
        ).fetchall()
        for period, count in rows:
            moves.setdefault(period, {"arrivals": 0, "departures": 0})[figure] = int(count)
    return moves


def resident_at_end_of(conn: psycopg.Connection[Any], where: dict[str, Any], day: date) -> int:
    column = LEVEL_COLUMNS[PLACE_KINDS.index(where["kind"])]
    row = conn.execute(
        f"SELECT count(*) FROM stats_residences r WHERE r.{column} = %(id)s AND NOT r.cancelled"
        " AND r.arrival_date <= %(day)s"
        " AND (r.departure_date IS NULL OR r.departure_date > %(day)s)",
        {"id": where["id"], "day": day},
    ).fetchone()
    return int(row[0]) if row else 0
