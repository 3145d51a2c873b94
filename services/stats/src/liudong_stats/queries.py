"""Occupancy figures for a place and its children, straight from the projection.

`checked_in` and `departed` count arrivals and departures dated within [from, to];
`current` counts residences active at the end of `to`. Cancelled residences count nowhere.

A district, station, community or compound is answered from its days (`stats_daily`): a
few hundred rows a year whatever lies under it. A building or a unit, and the breakdowns,
from the residences themselves.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import psycopg
from psycopg.rows import dict_row

from liudong_events.catalog import PLACE_KINDS
from liudong_stats.projections.occupancy import DAILY_KINDS, LEVEL_COLUMNS

Conn = psycopg.Connection[Any]
FIGURES = ("checked_in", "departed", "current")
_FIGURES = (
    "count(*) FILTER (WHERE r.arrival_date BETWEEN %(from)s AND %(to)s) AS checked_in,"
    " count(*) FILTER (WHERE r.departure_date BETWEEN %(from)s AND %(to)s) AS departed,"
    " count(*) FILTER (WHERE r.arrival_date <= %(to)s"
    "   AND (r.departure_date IS NULL OR r.departure_date > %(to)s)) AS current"
)
_DAILY_FIGURES = (
    "coalesce(sum(d.arrivals) FILTER (WHERE d.day >= %(from)s), 0)::int AS checked_in,"
    " coalesce(sum(d.departures) FILTER (WHERE d.day >= %(from)s), 0)::int AS departed,"
    " coalesce(sum(d.arrivals - d.departures), 0)::int AS current"
)


def place(conn: Conn, place_id: str) -> dict[str, Any] | None:
    with conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(
            "SELECT id::text, kind, name, path_ids::text[] AS path_ids FROM stats_places"
            " WHERE id = %s",
            (place_id,),
        ).fetchone()


def _column(where: dict[str, Any]) -> str:
    return LEVEL_COLUMNS[PLACE_KINDS.index(where["kind"])]


def totals(conn: Conn, where: dict[str, Any], start: date, end: date) -> dict[str, int]:
    args = {"id": where["id"], "from": start, "to": end}
    with conn.cursor(row_factory=dict_row) as cur:
        if where["kind"] not in DAILY_KINDS:
            row = cur.execute(
                f"SELECT {_FIGURES} FROM stats_residences r"
                f" WHERE r.{_column(where)} = %(id)s AND NOT r.cancelled",
                args,
            ).fetchone()
        else:
            row = cur.execute(
                f"SELECT {_DAILY_FIGURES} FROM stats_daily d"
                " WHERE d.place_id = %(id)s AND d.day <= %(to)s",
                args,
            ).fetchone()
    return {k: int(row[k]) for k in FIGURES} if row else dict.fromkeys(FIGURES, 0)


def child_places(
    conn: Conn, parent: dict[str, Any], start: date, end: date
) -> list[dict[str, Any]]:
    """Each child of the place with its figures (nothing under it: zeros)."""
    args = {"id": parent["id"], "from": start, "to": end}
    level = PLACE_KINDS.index(parent["kind"])
    if PLACE_KINDS[level + 1] not in DAILY_KINDS:  # children counted from their residences
        column, child = LEVEL_COLUMNS[level], LEVEL_COLUMNS[level + 1]
        figures = (
            f"SELECT r.{child} AS child, {_FIGURES} FROM stats_residences r"
            f" WHERE r.{column} = %(id)s AND NOT r.cancelled GROUP BY r.{child}"
        )
    else:
        figures = (
            f"SELECT d.place_id AS child, {_DAILY_FIGURES} FROM stats_daily d"
            " WHERE d.place_id IN (SELECT id FROM stats_places WHERE parent_id = %(id)s)"
            " AND d.day <= %(to)s GROUP BY d.place_id"
        )
    with conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(
            "SELECT p.id::text AS place_id, p.kind, p.name,"
            " coalesce(f.checked_in, 0) AS checked_in, coalesce(f.departed, 0) AS departed,"
            f" coalesce(f.current, 0) AS current FROM stats_places p LEFT JOIN ({figures}) f"
            " ON f.child = p.id WHERE p.parent_id = %(id)s ORDER BY p.name, p.id",
            args,
        ).fetchall()


def unit_persons(conn: Conn, unit_id: str, start: date, end: date) -> list[dict[str, Any]]:
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
    conn: Conn, where: dict[str, Any], start: date, end: date, value: str
) -> list[dict[str, Any]]:
    """The figures of the place's residences for each value of `value` (see _VALUES)."""
    with conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(
            f"SELECT {_VALUES[value]} AS value, {_FIGURES} FROM stats_residences r"
            f" WHERE r.{_column(where)} = %(id)s AND NOT r.cancelled GROUP BY 1",
            {"id": where["id"], "from": start, "to": end},
        ).fetchall()


def movements(
    conn: Conn, where: dict[str, Any], start: date, end: date, unit: str
) -> dict[date, dict[str, int]]:
    """Arrivals and departures of the place in [start, end], by day or month (`unit`)."""
    args = {"id": where["id"], "from": start, "to": end, "unit": unit}
    if where["kind"] not in DAILY_KINDS:
        column = _column(where)
        rows = conn.execute(
            "SELECT date_trunc(%(unit)s, day)::date, sum(a)::int, sum(d)::int FROM ("
            "  SELECT arrival_date AS day, 1 AS a, 0 AS d FROM stats_residences r"
            f"   WHERE r.{column} = %(id)s AND NOT r.cancelled"
            "  UNION ALL SELECT departure_date, 0, 1 FROM stats_residences r"
            f"   WHERE r.{column} = %(id)s AND NOT r.cancelled AND departure_date IS NOT NULL"
            ") m WHERE day BETWEEN %(from)s AND %(to)s GROUP BY 1",
            args,
        ).fetchall()
    else:
        rows = conn.execute(
            "SELECT date_trunc(%(unit)s, day)::date, sum(arrivals)::int, sum(departures)::int"
            " FROM stats_daily WHERE place_id = %(id)s AND day BETWEEN %(from)s AND %(to)s"
            " GROUP BY 1",
            args,
        ).fetchall()
    return {period: {"arrivals": a, "departures": d} for period, a, d in rows}


def resident_at_end_of(conn: Conn, where: dict[str, Any], day: date) -> int:
    return totals(conn, where, day, day)["current"]


def compounds_today(conn: Conn, where: dict[str, Any], today: date) -> list[dict[str, Any]]:
    """Each compound at or under the place: residents now, arrivals and departures today."""
    with conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(
            "SELECT p.id::text AS place_id, p.name, p.lng, p.lat,"
            " coalesce(sum(d.arrivals - d.departures), 0)::int AS current,"
            " coalesce(sum(d.arrivals) FILTER (WHERE d.day = %(today)s), 0)::int AS arrivals,"
            " coalesce(sum(d.departures) FILTER (WHERE d.day = %(today)s), 0)::int AS departures"
            " FROM stats_places p LEFT JOIN stats_daily d"
            "  ON d.place_id = p.id AND d.day <= %(today)s"
            " WHERE p.kind = 'compound' AND p.path_ids @> ARRAY[%(id)s]::uuid[]"
            " GROUP BY p.id, p.name, p.lng, p.lat ORDER BY current DESC, p.name",
            {"id": where["id"], "today": today},
        ).fetchall()
