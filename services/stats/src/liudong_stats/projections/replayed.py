"""The occupancy projection applied at once to a rebuild's staged registry events.

A rebuild stages the registry's events in `replay_events` (see liudong_events.staging) and
this writes what the live projection would have written event by event, in a few
statements over the whole set: each residence once, with its departure and cancellation;
the corrections of persons; each change with who made it. The residences' places above
their unit and their days follow in `Occupancy.after_replay`. A test holds a rebuild to the
live figures.
"""

from __future__ import annotations

from typing import Any

import psycopg

from liudong_events.rebuild import step

Conn = psycopg.Connection[Any]
CHECKED_IN = "liudong.residence.checked_in"
DEPARTED = "liudong.residence.departed"
CANCELLED = "liudong.residence.cancelled"
AMENDED = "liudong.person.amended"
TYPES = (CHECKED_IN, DEPARTED, CANCELLED, AMENDED)  # what is read here
# Staff work figures: which events are a user's entries, corrections and cancellations,
# and the day each takes effect.
CHANGE_KINDS = {
    CHECKED_IN: ("entered", "arrival_date"),
    DEPARTED: ("entered", "departure_date"),
    CANCELLED: ("cancelled", None),
    AMENDED: ("corrected", None),
}
_KINDS = ", ".join(
    f"('{kind}', '{change}', " + (f"'{day}')" if day else "NULL)")
    for kind, (change, day) in CHANGE_KINDS.items()
)
# Residences and changes are written in two halves side by side, by the parity of the
# partition their events were read from: a person's events keep to one partition.
HALF = "partition %% 2 = %(half)s"
_LEVELS = ", ".join(f"(c.data->'place_path'->>{n})::uuid" for n in range(5))
RESIDENCES = (
    "INSERT INTO stats_residences (residence_id, person_id, person_name, district_id,"
    " station_id, community_id, compound_id, building_id, unit_id, arrival_date,"
    " departure_date, cancelled, sex, birth_date, origin_region, housing_type, reason)"
    " SELECT c.residence, (c.data->>'person_id')::uuid, c.data->>'person_name',"
    f" {_LEVELS}, (c.data->>'unit_id')::uuid, (c.data->>'arrival_date')::date, d.day,"
    " x.residence IS NOT NULL, c.data->>'sex', (c.data->>'birth_date')::date,"
    " c.data->>'origin_region', c.data->>'housing_type', c.data->>'reason'"
    " FROM (SELECT (data->>'residence_id')::uuid AS residence, data FROM replay_events"
    f"  WHERE type = '{CHECKED_IN}' AND {HALF}) c"
    # A residence's first departure, as the live projection keeps it.
    " LEFT JOIN (SELECT DISTINCT ON (residence) (data->>'residence_id')::uuid AS residence,"
    "  (data->>'departure_date')::date AS day FROM replay_events"
    f"  WHERE type = '{DEPARTED}' AND {HALF} ORDER BY residence, version) d USING (residence)"
    " LEFT JOIN (SELECT DISTINCT (data->>'residence_id')::uuid AS residence FROM replay_events"
    f"  WHERE type = '{CANCELLED}' AND {HALF}) x USING (residence)"
)
# A correction reaches the residences whose check-in was published before it (a later
# check-in carries the name and dates of its own form), as it does live.
_BEFORE = (
    f"c.type = '{CHECKED_IN}' AND c.data->>'person_id' = a.data->>'person_id'"
    " AND c.topic = a.topic AND c.partition = a.partition AND c.kafka_offset < a.kafka_offset"
)
# The path of a residence as its check-in says it, or of a change as the event says it.
PATH = "array_remove(ARRAY[{}], NULL)".format(
    ", ".join(f"({{0}}.data->'place_path'->>{n})::uuid" for n in range(6))
)
# Where each correction is filed: the person's latest residence checked in before it.
HOMES = (
    "CREATE TEMP TABLE replay_homes ON COMMIT DROP AS"
    " SELECT DISTINCT ON (a.stream_id, a.version) a.stream_id, a.version,"
    f" {PATH.format('c')} AS path FROM replay_events a JOIN replay_events c ON {_BEFORE}"
    f" WHERE a.type = '{AMENDED}' AND a.{HALF}"
    " ORDER BY a.stream_id, a.version, (c.data->>'arrival_date')::date DESC"
)
CORRECTED = {
    "name": ("person_name", "text"),
    "sex": ("sex", "text"),
    "birth_date": ("birth_date", "date"),
}
CORRECTION = (
    "UPDATE stats_residences r SET {column} = (a.data->'changes'->>%(field)s)::{kind}"
    " FROM (SELECT DISTINCT ON (data->>'person_id') * FROM replay_events"
    f"  WHERE type = '{AMENDED}' AND data->'changes' ? %(field)s"
    "  ORDER BY data->>'person_id', version DESC) a"
    f" JOIN replay_events c ON {_BEFORE}"
    " WHERE r.residence_id = (c.data->>'residence_id')::uuid"
)
CHANGES = (
    "INSERT INTO stats_changes (stream_id, version, kind, user_id, username, place_path,"
    " effective, recorded_at)"
    " SELECT e.stream_id, e.version, k.kind, nullif(e.actor_id, '')::uuid,"
    " nullif(e.actor_username, ''),"
    f" CASE WHEN e.data ? 'place_path' THEN {PATH.format('e')} ELSE coalesce(h.path, '{{}}') END,"
    " (e.data->>k.effective)::date, e.time"
    f" FROM replay_events e JOIN (VALUES {_KINDS}) k (type, kind, effective) USING (type)"
    f" LEFT JOIN replay_homes h USING (stream_id, version) WHERE e.{HALF}"
)
CORRECTIONS = f"SELECT EXISTS (SELECT FROM replay_events WHERE type = '{AMENDED}')"


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
