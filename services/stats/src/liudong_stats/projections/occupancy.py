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
from functools import partial
from typing import Any

import psycopg

from liudong_events.catalog import HOUSING_TOPIC, PLACE_KINDS, REGISTRY_TOPIC, PersonAmended, parse
from liudong_events.envelope import Envelope
from liudong_events.housing_events import PlaceMoved
from liudong_events.rebuild import step
from liudong_events.schedule import Fill
from liudong_events.store import array_literal, insert_rows
from liudong_stats.projections import replayed
from liudong_stats.projections.replayed import AMENDED, CHANGE_KINDS

Conn = psycopg.Connection[Any]
LEVEL_COLUMNS = [f"{kind}_id" for kind in PLACE_KINDS]  # district_id … unit_id
# Levels with days of their own; a building or a unit (a few hundred residences at most)
# is counted from its residences, and keeping its days cost a rebuild more than the rest.
DAILY_LEVELS = LEVEL_COLUMNS[:4]
DAILY_KINDS = PLACE_KINDS[:4]
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
_LEVELS_OF = "unnest(ARRAY[" + ", ".join(f"r.{c}" for c in DAILY_LEVELS) + "]) AS place"
DAYS_FROM_RESIDENCES = (
    "INSERT INTO stats_daily (place_id, day, arrivals, departures)"
    " SELECT place, day, sum(arrivals), sum(departures) FROM ("
    f"  SELECT place, arrival_date AS day, 1 AS arrivals, 0 AS departures"
    f"   FROM stats_residences r, {_LEVELS_OF} WHERE NOT r.cancelled"
    f"  UNION ALL SELECT place, departure_date, 0, 1 FROM stats_residences r, {_LEVELS_OF}"
    "   WHERE NOT r.cancelled AND r.departure_date IS NOT NULL"
    " ) changes WHERE place IS NOT NULL GROUP BY place, day"
)
# A place's path follows from its parent's, and parents are kept by creations and moves
# whatever order their streams come in; a path taken from an event may not (a place created
# before its parent was known, after a move above it). So the subtrees under the new places
# of a batch (those whose parent is not new too) take their paths from them; a rebuild
# draws every path from the roots down once at the end of its replay.
_PATHS_DOWN = (
    " UNION ALL SELECT c.id, t.path_ids || c.id FROM stats_places c"
    "  JOIN tree t ON c.parent_id = t.id)"
    " UPDATE stats_places s SET path_ids = t.path_ids FROM tree t"
    " WHERE s.id = t.id AND s.path_ids IS DISTINCT FROM t.path_ids"
)
REPATH = (
    "WITH RECURSIVE new AS (SELECT unnest(%(ids)s::uuid[]) AS id),"
    " tree (id, path_ids) AS (SELECT p.id, p.path_ids FROM stats_places p JOIN new USING (id)"
    "  WHERE p.parent_id IS NULL OR p.parent_id NOT IN (SELECT id FROM new)" + _PATHS_DOWN
)
ALL_PATHS = (
    "WITH RECURSIVE tree (id, path_ids) AS ("
    " SELECT id, ARRAY[id] FROM stats_places WHERE parent_id IS NULL" + _PATHS_DOWN
)
_ADD_TO_DAILY = (
    " INSERT INTO stats_daily (place_id, day, arrivals, departures)"
    " SELECT place, day, sum(arrivals), sum(departures) FROM changes"
    # In key order: two writers (a rebuild's lanes) then lock the rows in one order.
    " WHERE place IS NOT NULL GROUP BY place, day ORDER BY place, day"
    " ON CONFLICT (place_id, day) DO UPDATE SET"
    " arrivals = stats_daily.arrivals + EXCLUDED.arrivals,"
    " departures = stats_daily.departures + EXCLUDED.departures"
)


class Occupancy:
    name = "stats.occupancy"
    topics: tuple[str, ...] = (HOUSING_TOPIC, REGISTRY_TOPIC)
    checkpoints = "stats_checkpoints"
    tables: tuple[str, ...] = (
        "stats_residences",
        "stats_places",
        "stats_daily",
        "stats_changes",
        checkpoints,
    )
    staged_topics: tuple[str, ...] = (REGISTRY_TOPIC,)  # a rebuild applies them at once
    filled_after: tuple[str, ...] = ("stats_residences", "stats_daily", "stats_changes")
    staged = replayed.STAGED

    def __init__(self, *, live: bool = True) -> None:
        self.live = live

    def replaying(self) -> Occupancy:
        """The projection as a rebuild's replay runs it on the places: the days are counted,
        and the places' paths drawn from their parents, once at its end (`after_replay`),
        cheaper than kept up batch by batch."""
        return Occupancy(live=False)

    def after_replay(self) -> list[Fill]:
        """The staged registry events applied: the places' paths, the residences under
        them, then the corrections and the days; beside them the changes. Residences and
        changes each in two halves, so that both connections have work from the start."""
        halves = (0, 1)
        residences = [f"residences_{h}" for h in halves]
        return [
            Fill("paths", _paths, ("stats_places",)),
            *[
                Fill(
                    name,
                    partial(replayed.residences, half=h),
                    ("stats_residences",),
                    after=("paths",),
                )
                for name, h in zip(residences, halves, strict=True)
            ],
            Fill(
                "days",
                _corrected_and_days,
                ("stats_residences", "stats_daily"),
                after=tuple(residences),
            ),
            *[
                Fill(f"changes_{h}", partial(replayed.changes, half=h), ("stats_changes",))
                for h in halves
            ],
        ]

    @property
    def applies(self) -> frozenset[str]:
        return frozenset(_APPLY)

    def apply(self, event: Envelope, conn: Conn) -> None:
        self.apply_all([event], conn)

    def apply_all(self, events: list[Envelope], conn: Conn) -> None:
        """A batch, in runs that each end at a person's correction: a correction reaches
        the residences checked in before it, not those the same batch brings after it."""
        wanted = [e for e in events if e.type in _APPLY]
        run: list[Envelope] = []
        for event in wanted:
            run.append(event)
            if event.type == AMENDED:
                self._apply_run(run, conn)
                run = []
        self._apply_run(run, conn)
        if wanted:
            conn.execute(f"NOTIFY {CHANGED}")  # delivered when the batch commits

    def _apply_run(self, events: list[Envelope], conn: Conn) -> None:
        """One statement per type of event, the types in the order of `_APPLY`: places
        before the check-ins filed under them, check-ins before their departures and
        departures before cancellations (a stream's events keep their order), while events
        of one type from different streams do not depend on each other."""
        for kind, apply in _APPLY.items():
            of_kind = [e.data for e in events if e.type == kind]
            if of_kind:
                apply(conn, of_kind, self.live)
        _record_changes(conn, [e for e in events if e.type in CHANGE_KINDS])


def _paths(conn: Conn) -> None:
    """Every place's path drawn from the roots down (the residences are filed under them)."""
    with step("paths"):
        conn.execute(ALL_PATHS)


def _corrected_and_days(conn: Conn) -> None:
    """The corrections, then the days counted from the residences."""
    replayed.corrections(conn)
    with step("days"):
        conn.execute("TRUNCATE stats_daily")
        conn.execute(DAYS_FROM_RESIDENCES)


def _places(conn: Conn, events: list[dict[str, Any]], live: bool) -> None:
    """Under the parent's path as the projection has it (a move of the parent may have
    been applied first: it is another stream), else as the event says; live, each new
    place's subtree then takes its path down from it (see REPATH)."""
    conn.execute(
        "INSERT INTO stats_places (id, kind, name, parent_id, path_ids)"
        " SELECT e.id, e.kind, e.name, e.parent,"
        "  CASE WHEN p.id IS NULL THEN e.path::uuid[] ELSE p.path_ids || e.id END"
        " FROM unnest(%s::uuid[], %s::text[], %s::text[], %s::uuid[], %s::text[])"
        "  AS e (id, kind, name, parent, path)"
        " LEFT JOIN stats_places p ON p.id = e.parent"
        " ON CONFLICT (id) DO NOTHING",
        (
            array_literal(e["place_id"] for e in events),
            array_literal(e["kind"] for e in events),
            [e["name"] for e in events],  # any text: adapted element by element
            array_literal(e["parent_id"] or "NULL" for e in events),
            ["{" + ",".join(s["id"] for s in e["path"]) + "}" for e in events],
        ),
    )
    if live:
        conn.execute(REPATH, {"ids": array_literal(e["place_id"] for e in events)})


def _renamed(conn: Conn, events: list[dict[str, Any]], live: bool) -> None:
    with conn.cursor() as cur:
        cur.executemany(
            "UPDATE stats_places SET name = %s WHERE id = %s",
            [(e["name"], e["place_id"]) for e in events],
        )


def _located(conn: Conn, events: list[dict[str, Any]], live: bool) -> None:
    """A compound's location, from its five-in-one record (none: off the map)."""
    located = [(e["compound_id"], e.get("location") or {}) for e in events]
    with conn.cursor() as cur:
        cur.executemany(
            "UPDATE stats_places SET lng = %s, lat = %s WHERE id = %s",
            [(where.get("lng"), where.get("lat"), compound) for compound, where in located],
        )


def _moved(conn: Conn, events: list[dict[str, Any]], live: bool) -> None:
    """The place and all under it take the new path above it; so do its residences, which
    now count under the new parent (and its parents) for every period: their days leave
    the places each was counted under and join the new ones."""
    for data in events:
        e = parse("liudong.place.moved", data)
        assert isinstance(e, PlaceMoved)
        depth, above = len(e.old_path), [s.id for s in e.path][:-1]
        own, higher = LEVEL_COLUMNS[depth - 1], LEVEL_COLUMNS[: depth - 1]
        keep = min(len(higher), len(DAILY_LEVELS))  # the places above with days of their own
        if live:
            _move_days(conn, own, higher[:keep], e.place_id, above[:keep])
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


def _checked_in(conn: Conn, events: list[dict[str, Any]], live: bool) -> None:
    """New rows, and their arrivals counted at every level. Filed under the unit's path as
    the projection has it, if it has the unit: a move above may have been applied before
    this check-in (another topic, as in a rebuild); the event carries the path of its day."""
    rows = conn.execute(
        "SELECT id::text, path_ids::text[] FROM stats_places WHERE id = ANY(%s::uuid[])",
        (array_literal({e["unit_id"] for e in events}),),
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
    _with_days(
        conn,
        live,
        "INSERT INTO stats_residences SELECT * FROM stats_incoming"
        " ON CONFLICT (residence_id) DO NOTHING",
        f"SELECT place, c.arrival_date AS day, 1 AS arrivals, 0 AS departures FROM c, {_PLACES_OF}",
        (),
    )


def _with_days(
    conn: Conn, live: bool, change: str, their_days: str, params: tuple[Any, ...]
) -> None:
    """`change` (an INSERT or UPDATE of residences), and live the days it changes
    (`their_days`, over its changed rows `c`) added to stats_daily, in one statement."""
    if live:
        change = f"WITH c AS ({change} RETURNING *), changes AS ({their_days})" + _ADD_TO_DAILY
    conn.execute(change.encode(), params)


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


def _departed(conn: Conn, events: list[dict[str, Any]], live: bool) -> None:
    _with_days(
        conn,
        live,
        "UPDATE stats_residences r SET departure_date = i.day"
        " FROM unnest(%s::uuid[], %s::date[]) AS i (id, day)"
        " WHERE r.residence_id = i.id AND r.departure_date IS NULL",
        "SELECT place, c.departure_date AS day, 0 AS arrivals, 1 AS departures"
        f" FROM c, {_PLACES_OF} WHERE NOT c.cancelled",
        (
            array_literal(e["residence_id"] for e in events),
            array_literal(e["departure_date"] for e in events),
        ),
    )


def _cancelled(conn: Conn, events: list[dict[str, Any]], live: bool) -> None:
    """Entered in error: the residence leaves every figure, its arrival and departure too."""
    _with_days(
        conn,
        live,
        "UPDATE stats_residences SET cancelled = true"
        " WHERE residence_id = ANY(%s::uuid[]) AND NOT cancelled",
        "SELECT place, c.arrival_date AS day, -1 AS arrivals, 0 AS departures"
        f" FROM c, {_PLACES_OF}"
        f" UNION ALL SELECT place, c.departure_date, 0, -1 FROM c, {_PLACES_OF}"
        " WHERE c.departure_date IS NOT NULL",
        (array_literal(e["residence_id"] for e in events),),
    )


def _amended(conn: Conn, events: list[dict[str, Any]], live: bool) -> None:
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


CHANGE_COLUMNS = (
    "stream_id",
    "version",
    "kind",
    "user_id",
    "username",
    "place_path",
    "effective",
    "recorded_at",
)


def _record_changes(conn: Conn, events: list[Envelope]) -> None:
    """Each change with who made it, where and when; a correction (of a person) is filed
    under the person's latest residence (after the check-ins of its run)."""
    if not events:
        return
    amended = [e.data["person_id"] for e in events if e.type == "liudong.person.amended"]
    homes = {}
    if amended:
        rows = conn.execute(
            "SELECT DISTINCT ON (person_id) person_id::text, ARRAY["
            + ", ".join(LEVEL_COLUMNS)
            + "]::text[] FROM stats_residences WHERE person_id = ANY(%s::uuid[])"
            " ORDER BY person_id, arrival_date DESC",
            (array_literal(amended),),
        ).fetchall()
        homes = {str(person): [p for p in path if p] for person, path in rows}
    insert_rows(conn, "stats_changes", CHANGE_COLUMNS, [_change_row(e, homes) for e in events])


def _change_row(e: Envelope, homes: dict[str, list[str]]) -> tuple[Any, ...]:
    kind, effective = CHANGE_KINDS[e.type]
    path = e.data.get("place_path") or homes.get(e.data["person_id"], [])
    actor = e.actor or {}
    return (
        e.stream_id,
        e.version,
        kind,
        actor.get("user_id"),
        actor.get("username"),
        array_literal(path),
        e.data[effective] if effective else None,
        e.time,
    )


_APPLY: dict[str, Callable[[Conn, list[dict[str, Any]], bool], None]] = {
    "liudong.place.created": _places,
    "liudong.place.renamed": _renamed,
    "liudong.place.moved": _moved,
    "liudong.compound.profile_set": _located,
    "liudong.residence.checked_in": _checked_in,
    "liudong.residence.departed": _departed,
    "liudong.residence.cancelled": _cancelled,
    "liudong.person.amended": _amended,
}
