"""The occupancy projection applied at once to a rebuild's staged registry events.

A rebuild stages the registry's events in a table per type (`STAGED`, see
liudong_events.staging) and this writes what the live projection would have written event
by event, in a few statements over the whole set: each residence once, with its departure
and cancellation, under its unit as it stands; the corrections of persons; each change
with who made it. The days follow in `Occupancy.after_replay`. A test holds a rebuild to
the live figures.
"""

from __future__ import annotations

from typing import Any

import orjson
import psycopg

from liudong_events.rebuild import step
from liudong_events.staging import Fields, Staged

Conn = psycopg.Connection[Any]
CHECKED_IN = "liudong.residence.checked_in"
DEPARTED = "liudong.residence.departed"
CANCELLED = "liudong.residence.cancelled"
AMENDED = "liudong.person.amended"


def _path(data: dict[str, Any]) -> str:
    return "{" + ",".join(data["place_path"]) + "}"


def _checked_in(d: dict[str, Any]) -> Fields:
    return (
        d["residence_id"],
        d["person_id"],
        d["person_name"],
        _path(d),
        d["unit_id"],
        d["arrival_date"],
        d["sex"],
        d["birth_date"],
        d["origin_region"],
        d["housing_type"],
        d["reason"],
    )


def _departed(d: dict[str, Any]) -> Fields:
    return (d["residence_id"], d["departure_date"], _path(d))


def _cancelled(d: dict[str, Any]) -> Fields:
    return (d["residence_id"], _path(d))


def _amended(d: dict[str, Any]) -> Fields:
    return (d["person_id"], orjson.dumps(d["changes"]).decode())


STAGED = {
    CHECKED_IN: Staged(
        "replay_checkins",
        "residence_id uuid, person_id uuid, person_name text, path uuid[], unit_id uuid,"
        " arrival_date date, sex text, birth_date date, origin_region text,"
        " housing_type text, reason text",
        _checked_in,
    ),
    DEPARTED: Staged(
        "replay_departures", "residence_id uuid, departure_date date, path uuid[]", _departed
    ),
    CANCELLED: Staged("replay_cancellations", "residence_id uuid, path uuid[]", _cancelled),
    AMENDED: Staged("replay_amendments", "person_id uuid, changes jsonb", _amended),
}
# Staff work figures: which events are a user's entries, corrections and cancellations,
# and the day each takes effect (a column of its staged table).
CHANGE_KINDS = {
    CHECKED_IN: ("entered", "arrival_date"),
    DEPARTED: ("entered", "departure_date"),
    CANCELLED: ("cancelled", None),
    AMENDED: ("corrected", None),
}
# Residences and changes are written in two halves side by side, by the parity of the
# partition their events were read from: a person's events keep to one partition.
HALF = "partition %% 2 = %(half)s"
_LEVELS = ", ".join(f"c.filed[{n}]" for n in range(1, 6))
RESIDENCES = (
    "INSERT INTO stats_residences (residence_id, person_id, person_name, district_id,"
    " station_id, community_id, compound_id, building_id, unit_id, arrival_date,"
    " departure_date, cancelled, sex, birth_date, origin_region, housing_type, reason)"
    f" SELECT c.residence_id, c.person_id, c.person_name, {_LEVELS}, c.unit_id,"
    " c.arrival_date, d.departure_date, x.residence_id IS NOT NULL, c.sex, c.birth_date,"
    " c.origin_region, c.housing_type, c.reason"
    # Under the unit's path as the places stand (all applied by now), as the live
    # projection files a check-in under a unit it has; the check-in says the path of its day.
    " FROM (SELECT c.*, coalesce(u.path_ids, c.path) AS filed FROM replay_checkins c"
    "  LEFT JOIN stats_places u ON u.id = c.unit_id"
    f"  WHERE c.{HALF}) c"
    # A residence's first departure, as the live projection keeps it.
    " LEFT JOIN (SELECT DISTINCT ON (residence_id) residence_id, departure_date"
    f"  FROM replay_departures WHERE {HALF} ORDER BY residence_id, version) d"
    "  USING (residence_id)"
    " LEFT JOIN (SELECT DISTINCT residence_id FROM replay_cancellations"
    f"  WHERE {HALF}) x USING (residence_id)"
)
# A correction reaches the residences whose check-in was published before it (a later
# check-in carries the name and dates of its own form), as it does live.
_BEFORE = (
    "c.person_id = a.person_id AND c.topic = a.topic AND c.partition = a.partition"
    " AND c.kafka_offset < a.kafka_offset"
)
# Where each correction is filed: the person's latest residence checked in before it.
HOMES = (
    "CREATE TEMP TABLE replay_homes ON COMMIT DROP AS"
    " SELECT DISTINCT ON (a.stream_id, a.version) a.stream_id, a.version, c.path"
    f" FROM replay_amendments a JOIN replay_checkins c ON {_BEFORE} WHERE a.{HALF}"
    " ORDER BY a.stream_id, a.version, c.arrival_date DESC"
)
CORRECTED = {
    "name": ("person_name", "text"),
    "sex": ("sex", "text"),
    "birth_date": ("birth_date", "date"),
}
CORRECTION = (
    "UPDATE stats_residences r SET {column} = (a.changes->>%(field)s)::{kind}"
    " FROM (SELECT DISTINCT ON (person_id) * FROM replay_amendments"
    "  WHERE changes ? %(field)s ORDER BY person_id, version DESC) a"
    f" JOIN replay_checkins c ON {_BEFORE}"
    " WHERE r.residence_id = c.residence_id"
)
_PATHS = {AMENDED: "coalesce(h.path, '{}')"}  # the others' events say theirs
_HOMES = {AMENDED: " LEFT JOIN replay_homes h USING (stream_id, version)"}
CHANGES = "INSERT INTO stats_changes (stream_id, version, kind, user_id, username, place_path,"
CHANGES += " effective, recorded_at) " + " UNION ALL ".join(
    f"SELECT e.stream_id, e.version, '{kind}', e.actor_id, e.actor_username,"
    f" {_PATHS.get(kind_of, 'e.path')}, {f'e.{day}' if day else 'NULL::date'}, e.time"
    f" FROM {STAGED[kind_of].table} e{_HOMES.get(kind_of, '')} WHERE e.{HALF}"
    for kind_of, (kind, day) in CHANGE_KINDS.items()
)
CORRECTIONS = "SELECT EXISTS (SELECT FROM replay_amendments)"


def residences(conn: Conn, half: int) -> None:
    """Each residence of one half once, with its departure and cancellation."""
    with step(f"residences_{half}"):
        conn.execute(RESIDENCES, {"half": half})


def corrections(conn: Conn) -> None:
    """The persons' corrections, on the residences they reach."""
    if _corrected(conn):
        with step("corrections"):
            for field, (column, kind) in CORRECTED.items():
                conn.execute(CORRECTION.format(column=column, kind=kind), {"field": field})


def changes(conn: Conn, half: int) -> None:
    """Each change of one half with who made it and where (staff work figures)."""
    with step(f"changes_{half}"):
        if _corrected(conn):
            conn.execute(HOMES, {"half": half})
        else:
            conn.execute(
                "CREATE TEMP TABLE replay_homes (stream_id text, version int, path uuid[])"
                " ON COMMIT DROP"
            )
        conn.execute(CHANGES, {"half": half})


def _corrected(conn: Conn) -> bool:
    return bool((conn.execute(CORRECTIONS).fetchone() or (False,))[0])
