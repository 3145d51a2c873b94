"""Registry's tables: persons, residences and its copy of the place tree."""

from __future__ import annotations

import json
import uuid
from datetime import date
from typing import Any

import psycopg
from psycopg.rows import dict_row
from psycopg.types.json import Jsonb

from liudong_codetables.names import is_initials, search_keys
from liudong_events.catalog import (
    AuditData,
    PersonRegistered,
    PlaceCreated,
    PlaceOfficerAssigned,
    ResidenceCancelled,
    ResidenceCheckedIn,
    ResidenceDeparted,
)
from liudong_events.housing_events import PlaceMoved, PlaceRenamed
from liudong_events.store import array_literal, insert_rows
from liudong_registry.domain.residences import PERSON_DETAIL_FIELDS, PersonDetails, Residence

Conn = psycopg.Connection[Any]

_RESIDENCE = (
    "SELECT id::text, person_id::text, unit_id::text, place_path::text[], arrival_date,"
    " departure_date, status, version FROM residences"
)


def _residence(row: tuple[Any, ...] | None) -> Residence | None:
    return Residence(*row) if row else None


def person_id_by_document(
    conn: Conn, id_number: str, id_type: str, nationality: str | None, *, lock: bool = False
) -> str | None:
    """A passport is known by nationality and number; every other document by its number."""
    if id_type == "passport":
        sql = (
            "SELECT id::text FROM persons WHERE id_type = 'passport' AND nationality = %s"
            " AND id_number = %s"
        )
        args: tuple[object, ...] = (nationality, id_number)
    else:
        sql = "SELECT id::text FROM persons WHERE id_type <> 'passport' AND id_number = %s"
        args = (id_number,)
    row = conn.execute(sql + (" FOR UPDATE" if lock else ""), args).fetchone()
    return str(row[0]) if row else None


def active_residence(conn: Conn, person_id: str) -> Residence | None:
    return _residence(
        conn.execute(
            _RESIDENCE + " WHERE person_id = %s AND status = 'active' FOR UPDATE", (person_id,)
        ).fetchone()
    )


def residence(conn: Conn, residence_id: str, *, lock: bool = False) -> Residence | None:
    sql = _RESIDENCE + " WHERE id = %s" + (" FOR UPDATE" if lock else "")
    return _residence(conn.execute(sql, (residence_id,)).fetchone())


PERSON_DETAILS = PERSON_DETAIL_FIELDS


PERSON_COLUMNS = (
    "id",
    "id_number",
    "name",
    "initials",
    "other_initials",
    "areas",
    "sex",
    "ethnicity",
    "birth_date",
    "phone",
    "details",
    "id_type",
    "nationality",
)
RESIDENCE_COLUMNS = (
    "id",
    "person_id",
    "unit_id",
    "place_path",
    "arrival_date",
    "status",
    "housing_type",
    "reason",
    "intended_stay_days",
    "version",
    "declaration",
    "capture",
)
MINOR_COLUMNS = (
    "id",
    "residence_id",
    "guardian_id",
    "name",
    "sex",
    "birth_date",
    "id_number",
    "relationship",
    "school_id",
)


def add_persons(conn: Conn, events: list[PersonRegistered], areas: dict[str, list[str]]) -> None:
    """New persons, with the places of the residences they are checked in to."""
    rows = [_person_row(e, areas.get(e.person_id, [])) for e in events]
    insert_rows(conn, "persons", PERSON_COLUMNS, rows)


def add_areas(conn: Conn, areas: dict[str, list[str]]) -> None:
    """Places a known person now lives under, for the scoped search by person."""
    with conn.cursor() as cur:
        cur.executemany(
            "UPDATE persons SET areas = ARRAY(SELECT DISTINCT a FROM unnest(areas || %s::uuid[]) a)"
            " WHERE id = %s",
            [(places, person_id) for person_id, places in areas.items()],
        )


def _person_row(e: PersonRegistered, areas: list[str]) -> tuple[Any, ...]:
    details = {k: getattr(e, k) for k in PERSON_DETAILS if getattr(e, k) is not None}
    usual, others = search_keys(e.name)
    return (
        e.person_id,
        e.id_number,
        e.name,
        usual,
        array_literal(others),
        array_literal(areas),
        e.sex,
        e.ethnicity,
        e.birth_date,
        e.phone,
        json.dumps(details),
        e.id_type,
        e.nationality,
    )


def add_residences(conn: Conn, events: list[ResidenceCheckedIn]) -> None:
    insert_rows(conn, "residences", RESIDENCE_COLUMNS, [_residence_row(e) for e in events])
    minors = [
        (
            m.minor_id,
            e.residence_id,
            e.person_id,
            m.name,
            m.sex,
            m.birth_date,
            m.id_number,
            m.relationship,
            m.school_id,
        )
        for e in events
        for m in e.minors
    ]
    insert_rows(conn, "minors", MINOR_COLUMNS, minors)


def _residence_row(e: ResidenceCheckedIn) -> tuple[Any, ...]:
    employment = e.employment.model_dump(mode="json") if e.employment else None
    return (
        e.residence_id,
        e.person_id,
        e.unit_id,
        array_literal(e.place_path),
        e.arrival_date,
        "active",
        e.housing_type,
        e.reason,
        e.intended_stay_days,
        1,
        json.dumps({"applies_for_permit": e.applies_for_permit, "employment": employment}),
        e.capture.model_dump_json(exclude_none=True),
    )


def end_residences(conn: Conn, events: list[ResidenceDeparted | ResidenceCancelled]) -> None:
    with conn.cursor() as cur:
        cur.executemany(
            "UPDATE residences SET status = %s, departure_date = coalesce(%s, departure_date),"
            " version = version + 1 WHERE id = %s",
            [
                (
                    "departed" if isinstance(e, ResidenceDeparted) else "cancelled",
                    e.departure_date if isinstance(e, ResidenceDeparted) else None,
                    e.residence_id,
                )
                for e in events
            ],
        )


def persons_by_number(conn: Conn, numbers: list[str]) -> dict[str, str]:
    """Person ids by document number (not passports), locked for the caller's transaction."""
    rows = conn.execute(
        "SELECT id_number, id::text FROM persons WHERE id_type <> 'passport'"
        " AND id_number = ANY(%s) ORDER BY id FOR UPDATE",
        (numbers,),
    ).fetchall()
    return {r[0]: r[1] for r in rows}


def registered_by_number(conn: Conn, numbers: list[str]) -> list[tuple[str, str, str, bool]]:
    """(number, person id, name, has an active residence) of those already registered."""
    rows = conn.execute(
        "SELECT p.id_number, p.id::text, p.name, EXISTS (SELECT 1 FROM residences r"
        "  WHERE r.person_id = p.id AND r.status = 'active')"
        " FROM persons p WHERE p.id_type <> 'passport' AND p.id_number = ANY(%s)",
        (numbers,),
    ).fetchall()
    return [(str(n), str(pid), str(name), bool(active)) for n, pid, name, active in rows]


def active_residences(conn: Conn, person_ids: list[str]) -> dict[str, Residence]:
    """The active residence of each of these persons that has one, locked."""
    rows = conn.execute(
        _RESIDENCE + " WHERE person_id = ANY(%s::uuid[]) AND status = 'active'"
        " ORDER BY id FOR UPDATE",
        (person_ids,),
    ).fetchall()
    return {r.person_id: r for r in (Residence(*row) for row in rows)}


def landed_rows(conn: Conn, batch_id: str, numbers: list[int]) -> set[int]:
    rows = conn.execute(
        "SELECT row_no FROM import_rows WHERE batch_id = %s AND row_no = ANY(%s)",
        (batch_id, numbers),
    )
    return {r[0] for r in rows}


def remember_import_rows(conn: Conn, batch_id: str, landed: list[tuple[int, str]]) -> None:
    insert_rows(
        conn,
        "import_rows",
        ("batch_id", "row_no", "residence_id"),
        [(batch_id, number, residence_id) for number, residence_id in landed],
    )


def unit_path(conn: Conn, unit_id: str) -> tuple[str, list[str]] | None:
    row = conn.execute(
        "SELECT kind, path_ids::text[] FROM places WHERE id = %s", (unit_id,)
    ).fetchone()
    return (str(row[0]), list(row[1])) if row else None


def address_of(path: str) -> str:
    """SQL for the address "compound/building/unit" of the place whose path is the column
    `path`, from registry's copy of the tree."""
    return (
        f"(SELECT string_agg(p.name, '/' ORDER BY array_position({path}, p.id))"
        f" FROM places p WHERE p.id = ANY({path}) AND p.kind IN ('compound', 'building', 'unit'))"
    )


def unit_addresses(
    conn: Conn, scope: str | None, limit: int | None, containing: str | None = None
) -> list[tuple[str, str]]:
    """(address "compound/building/unit", unit id) for units under `scope` (None: all) whose
    address contains `containing` (None: any)."""
    rows = conn.execute(
        f"SELECT address, id FROM (SELECT {address_of('u.path_ids')} AS address, u.id::text AS id"
        " FROM places u WHERE u.kind = 'unit'"
        " AND (%s::uuid IS NULL OR u.path_ids @> ARRAY[%s::uuid])) units"
        " WHERE %s::text IS NULL OR strpos(address, %s) > 0"
        " ORDER BY address LIMIT %s",
        (scope, scope, containing, containing, limit),
    ).fetchall()
    return [(str(address), str(unit_id)) for address, unit_id in rows]


def remember_place(conn: Conn, e: PlaceCreated) -> None:
    """Under its parent's path as registry now has it: a move of the parent may have been
    applied before this creation (another stream), and must not be undone by it."""
    conn.execute(
        "INSERT INTO places (id, kind, name, parent_id, path_ids) VALUES (%(id)s, %(kind)s,"
        " %(name)s, %(parent)s, coalesce((SELECT path_ids || %(id)s::uuid FROM places"
        "  WHERE id = %(parent)s), %(path)s::uuid[])) ON CONFLICT (id) DO NOTHING",
        {
            "id": e.place_id,
            "kind": e.kind,
            "name": e.name,
            "parent": e.parent_id,
            "path": [s.id for s in e.path],
        },
    )


def remember_officer(conn: Conn, e: PlaceOfficerAssigned) -> None:
    conn.execute("UPDATE places SET officer_id = %s WHERE id = %s", (e.officer_id, e.place_id))


def remember_name(conn: Conn, e: PlaceRenamed) -> None:
    conn.execute("UPDATE places SET name = %s WHERE id = %s", (e.name, e.place_id))


def remember_retirement(conn: Conn, place_id: str) -> None:
    conn.execute("UPDATE places SET retired = true WHERE id = %s", (place_id,))


def remember_house_status(conn: Conn, unit_id: str, *, cancelled: bool) -> None:
    """Whether the unit exists here yet or not (the unit's creation is on another stream)."""
    if cancelled:
        conn.execute(
            "INSERT INTO cancelled_houses (unit_id) VALUES (%s) ON CONFLICT DO NOTHING", (unit_id,)
        )
    else:
        conn.execute("DELETE FROM cancelled_houses WHERE unit_id = %s", (unit_id,))


def remember_move(conn: Conn, e: PlaceMoved) -> None:
    """The place and all under it hang below the new parent; so do the residences there,
    and the persons who live or lived there are found under their new places."""
    depth, ids = len(e.old_path), [s.id for s in e.path]
    conn.execute("UPDATE places SET parent_id = %s WHERE id = %s", (e.parent_id, e.place_id))
    conn.execute(
        "UPDATE places SET path_ids = %s::uuid[] || path_ids[%s + 1:]"
        " WHERE path_ids @> ARRAY[%s]::uuid[]",
        (ids, depth, e.place_id),
    )
    moved = conn.execute(
        "UPDATE residences SET place_path = %s::uuid[] || place_path[%s + 1:]"
        " WHERE place_path[%s] = %s RETURNING person_id",
        (ids, depth, depth, e.place_id),
    ).fetchall()
    conn.execute(
        "UPDATE persons p SET areas = ARRAY(SELECT DISTINCT a FROM residences r,"
        " unnest(r.place_path) a WHERE r.person_id = p.id) WHERE p.id = ANY(%s)",
        (list({row[0] for row in moved}),),
    )


CLOSED_UNIT = {
    "retired": "该房屋地址已撤销, 不能入住登记",
    "cancelled": "该房屋已注销(拆迁), 恢复出租前不能入住登记",
}


def closed_units(conn: Conn, unit_ids: list[str]) -> dict[str, str]:
    """Units that take no check-in, with the reason to show (registry's copy of housing)."""
    rows = conn.execute(
        "SELECT u.id::text, CASE WHEN p.retired THEN 'retired' ELSE 'cancelled' END"
        " FROM unnest(%s::uuid[]) u(id) LEFT JOIN places p ON p.id = u.id"
        " LEFT JOIN cancelled_houses c ON c.unit_id = u.id"
        " WHERE p.retired OR c.unit_id IS NOT NULL",
        (unit_ids,),
    ).fetchall()
    return {str(unit_id): CLOSED_UNIT[str(why)] for unit_id, why in rows}


# The orders a search may ask for (a fixed list: never SQL from the request).
SORTS = {
    "name": "name",
    "arrival_date": "arrival_date",
    "-arrival_date": "arrival_date DESC",
    "-departure_date": "departure_date DESC NULLS LAST",
}


def search_persons(
    conn: Conn,
    *,
    scope: str | None,
    id_number: str | None,
    name: str | None,
    place_id: str | None,
    officer_id: str | None = None,
    arrived_from: date | None,
    arrived_to: date | None,
    status: str | None,
    limit: int,
    offset: int,
    sort: str = "name",
) -> tuple[list[dict[str, Any]], int]:
    """Persons with their latest residence that matches, within the caller's scope.

    Found by number or name, the persons come first: each is checked for a matching
    residence of its own and counted as it goes. Found by their residences only, the persons
    are counted off `residences_place` alone, and the page walks the persons in name order
    while matches are dense (or sorts them when they are few). Either way only the page's
    persons are read in full, with their latest matching residence.
    """
    by_person_only = (place_id, officer_id, arrived_from, arrived_to, status) == (None,) * 5
    if (id_number or name) and by_person_only and sort == "name":
        return _search_by_person(conn, scope, id_number, name, limit, offset)
    who, who_args = [], []
    if id_number is not None:
        who.append("p.id_number = %s")
        who_args.append(id_number)
    if name is not None:
        clause, values = _name_filter(name)
        who.append(clause)
        who_args.extend(values)
    where, args = _search_places(conn, scope, place_id, officer_id)
    for wanted, clause, value in (
        (arrived_from is not None, "r.arrival_date >= %s", arrived_from),
        (arrived_to is not None, "r.arrival_date <= %s", arrived_to),
        (status is not None, "r.status = %s", status),
    ):
        if wanted:
            where.append(clause)
            args.append(value)
    persons_where, residences_where = " AND ".join(who or ["TRUE"]), " AND ".join(where)
    latest = (
        f"SELECT r.* FROM residences r WHERE r.person_id = p.id AND {residences_where}"
        " ORDER BY r.arrival_date DESC, r.created_at DESC LIMIT 1"
    )
    columns = (
        "p.id::text AS person_id, p.name, p.id_number, p.phone, {r}.id::text AS residence_id,"
        " {r}.unit_id::text, {r}.arrival_date, {r}.departure_date, {r}.status"
    )
    if who:
        # Each person found looks for a matching residence of its own (never a scan of
        # every residence in the scope); the window counts them all before the page.
        matched = (
            "FROM persons p CROSS JOIN LATERAL (SELECT 1 FROM residences r"
            f" WHERE r.person_id = p.id AND {residences_where} LIMIT 1) x WHERE {persons_where}"
        )
        matched_args = [*args, *who_args]
        count, count_args = f"SELECT count(*) {matched}", matched_args
    else:
        matched = (
            "FROM persons p WHERE EXISTS (SELECT 1 FROM residences r"
            f" WHERE r.person_id = p.id AND {residences_where})"
        )
        matched_args = args
        # Every person_id is a person's: the distinct ones of the matching residences.
        count = (
            "SELECT count(*) FROM (SELECT DISTINCT r.person_id FROM residences r"
            f" WHERE {residences_where}) s"
        )
        count_args = args
    if sort == "name":
        total = "m.total" if who else f"({count}) AS total"
        sql = (
            f"SELECT {columns.format(r='l')}, {total} FROM (SELECT p.id, p.name"
            f"{', count(*) OVER () AS total' if who else ''} {matched}"
            " ORDER BY p.name, p.id LIMIT %s OFFSET %s) m JOIN persons p ON p.id = m.id"
            f" CROSS JOIN LATERAL ({latest}) l ORDER BY m.name, m.id"
        )
        page_args = [*([] if who else count_args), *matched_args, limit, offset, *args]
    else:
        # The order is a date of each match's latest residence: all of them come first.
        sql = (
            "SELECT *, count(*) OVER () AS total FROM (SELECT DISTINCT ON (p.id)"
            f" {columns.format(r='r')} FROM persons p JOIN residences r"
            f" ON r.person_id = p.id WHERE {persons_where} AND {residences_where}"
            " ORDER BY p.id, r.arrival_date DESC, r.created_at DESC) s"
            f" ORDER BY {SORTS[sort]}, person_id LIMIT %s OFFSET %s"
        )
        page_args = [*who_args, *args, limit, offset]
    with conn.cursor(row_factory=dict_row) as cur:
        rows = cur.execute(sql, page_args).fetchall()
    if rows or offset == 0:
        return rows, int(rows[0]["total"]) if rows else 0
    return rows, search_total(conn, count, count_args)


def search_total(conn: Conn, sql: str, args: list[Any]) -> int:
    """The number of persons matched, for a page the count did not come with."""
    row = conn.execute(sql, args).fetchone()
    return int(row[0]) if row else 0


def _search_places(
    conn: Conn, scope: str | None, place_id: str | None, officer_id: str | None
) -> tuple[list[str], list[Any]]:
    """Where the residence lies: under the scope, under the place and under one of the
    officer's places, said as ranges of `place_path`.

    Each kind of place hangs at its own depth and a moved place's residences take its new
    path (`remember_move`), so the residences under a place are those whose path begins
    with the place's own path: one range in the order
    of paths (`residences_place`, or a person's own entries in `residences_person_place`).
    The places asked for meet in the deepest of them. A place that registry has not copied
    yet is looked for anywhere in the path instead."""
    wanted = [p for p in (scope, place_id) if p is not None]
    if not wanted and officer_id is None:
        return ["TRUE"], []
    rows = conn.execute(
        "SELECT id::text, path_ids::text[], officer_id = %s FROM places"
        " WHERE id = ANY(%s::uuid[]) OR officer_id = %s",
        (officer_id, wanted, officer_id),
    ).fetchall()
    paths = {str(r[0]): list(r[1]) for r in rows}
    if any(p not in paths for p in wanted):
        return _contained(scope, place_id, officer_id)
    within = max((paths[p] for p in wanted), key=len, default=[])
    if any(within[: len(paths[p])] != paths[p] for p in wanted):
        return ["FALSE"], []  # two places, neither of which holds the other
    areas = [within]
    if officer_id is not None:
        areas = []
        for path in (list(r[1]) for r in rows if r[2]):
            if within[: len(path)] == path or path[: len(within)] == within:
                deeper = max(path, within, key=len)
                if deeper not in areas:
                    areas.append(deeper)
        if not areas:
            return ["FALSE"], []
    where, args = [], []
    for area in areas:
        last = uuid.UUID(area[-1]).int
        if last == 2**128 - 1:  # never a uuid4, and no next uuid to end the range with
            return _contained(scope, place_id, officer_id)
        where.append("r.place_path >= %s::uuid[] AND r.place_path < %s::uuid[]")
        args += [area, [*area[:-1], str(uuid.UUID(int=last + 1))]]
    return ["(" + " OR ".join(f"({w})" for w in where) + ")"], args


def _contained(
    scope: str | None, place_id: str | None, officer_id: str | None
) -> tuple[list[str], list[Any]]:
    where, args = [], []
    for place in (scope, place_id):
        if place is not None:
            where.append("r.place_path @> ARRAY[%s]::uuid[]")
            args.append(place)
    if officer_id is not None:
        where.append("r.place_path && ARRAY(SELECT id FROM places WHERE officer_id = %s)")
        args.append(officer_id)
    return where or ["TRUE"], args


def _search_by_person(
    conn: Conn,
    scope: str | None,
    id_number: str | None,
    name: str | None,
    limit: int,
    offset: int,
) -> tuple[list[dict[str, Any]], int]:
    """A search by the person's own fields within the scope: counted and ordered from the
    persons' indexes alone (the scope checked against `areas`), or for two letters from the
    search keys, then the page's persons read with their latest residence under the scope."""
    matched, args, total = _short_key_matches(conn, scope, id_number, name) or _matches(
        scope, id_number, name
    )
    latest = "r.place_path @> ARRAY[%s]::uuid[]" if scope else "TRUE"
    counted = "count(*) OVER ()" if total is None else "NULL::bigint"
    sql = (
        "SELECT m.id::text AS person_id, m.name, p.id_number, p.phone,"
        " l.id::text AS residence_id, l.unit_id::text, l.arrival_date, l.departure_date,"
        f" l.status, m.total FROM (SELECT id, name, {counted} AS total"
        f" FROM ({matched}) u ORDER BY name, id LIMIT %s OFFSET %s) m"
        " JOIN persons p ON p.id = m.id CROSS JOIN LATERAL (SELECT * FROM residences r"
        f" WHERE r.person_id = m.id AND {latest}"
        " ORDER BY r.arrival_date DESC, r.created_at DESC LIMIT 1) l ORDER BY m.name, m.id"
    )
    with conn.cursor(row_factory=dict_row) as cur:
        rows = cur.execute(sql, [*args, limit, offset, *([scope] if scope else [])]).fetchall()
    if total is not None:
        return rows, total
    if rows or offset == 0:
        return rows, int(rows[0]["total"]) if rows else 0
    return rows, search_total(conn, f"SELECT count(*) FROM ({matched}) u", args)


Matches = tuple[str, list[Any], int | None]  # persons (id, name) found, its args, the total


def _matches(scope: str | None, id_number: str | None, name: str | None) -> Matches:
    in_scope = ("p.areas @> ARRAY[%s]::uuid[]", [scope]) if scope else ("TRUE", [])
    branches = _person_branches(id_number, name)
    matched = " UNION ALL ".join(
        f"SELECT p.id, p.name FROM persons p WHERE {where} AND {in_scope[0]}"
        for where, _ in branches
    )
    return matched, [a for _, values in branches for a in [*values, *in_scope[1]]], None


EVERYWHERE = "00000000-0000-0000-0000-000000000000"  # person_key_counts' area for all places
KEYED_SCOPES = ("district", "station", "community", "compound")  # see migration 012


def _short_key_matches(
    conn: Conn, scope: str | None, id_number: str | None, name: str | None
) -> Matches | None:
    """Two pinyin letters match tens of thousands: the persons come in name order from
    `person_keys` and their number from `person_key_counts`, neither read in full."""
    if id_number is not None or name is None or len(name) != 2 or not is_initials(name):
        return None
    key, area = name.lower(), scope or EVERYWHERE
    row = conn.execute(
        "SELECT (SELECT kind FROM places WHERE id = %s),"
        " (SELECT sum(persons) FROM person_key_counts WHERE key = %s AND area = %s)",
        (area, key, area),
    ).fetchone()
    assert row is not None
    kind, persons = row
    if scope is not None and kind not in KEYED_SCOPES:
        return None
    matched = (
        "SELECT k.person_id AS id, k.name FROM person_keys k"
        " WHERE k.key = %s AND k.areas @> ARRAY[%s]::uuid[]"
    )
    return matched, [key, area], int(persons or 0)


def _person_branches(id_number: str | None, name: str | None) -> list[tuple[str, list[Any]]]:
    """The conditions on persons a search by number and name is the union of: each one an
    index can answer (the usual initials by an ordered index, other readings by GIN), and
    none true of a person another one is true of."""
    if name is None:
        return [("p.id_number = %s", [id_number])]
    names = _name_branches(name)
    if id_number is None:
        return names
    return [(f"p.id_number = %s AND {where}", [id_number, *values]) for where, values in names]


def _name_branches(query: str) -> list[tuple[str, list[Any]]]:
    """A name by its beginning; Latin letters also as the beginning of pinyin initials.
    The conditions exclude one another, so a union of them counts each person once."""
    pattern = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    if not is_initials(query):
        return [("p.name LIKE %s", [pattern])]
    usual, other = pattern.lower(), query.lower()
    return [
        ("p.initials LIKE %s", [usual]),
        ("p.other_initials @> ARRAY[%s] AND p.initials NOT LIKE %s", [other, usual]),
        (
            "p.name LIKE %s AND p.initials NOT LIKE %s AND NOT p.other_initials @> ARRAY[%s]",
            [pattern.upper(), usual, other],
        ),
    ]


def _name_filter(query: str) -> tuple[str, list[Any]]:
    branches = _name_branches(query)
    return (
        "(" + " OR ".join(where for where, _ in branches) + ")",
        [v for _, values in branches for v in values],
    )


def person(conn: Conn, person_id: str) -> dict[str, Any] | None:
    with conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(
            "SELECT id::text AS person_id, id_number, id_type, nationality, name, sex,"
            " ethnicity, birth_date, phone, details FROM persons WHERE id = %s",
            (person_id,),
        ).fetchone()


def residences_of(conn: Conn, person_id: str) -> list[dict[str, Any]]:
    with conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(
            "SELECT id::text AS residence_id, unit_id::text, place_path::text[], arrival_date,"
            " departure_date, status, housing_type, reason, intended_stay_days, declaration,"
            " capture FROM residences"
            " WHERE person_id = %s ORDER BY arrival_date DESC, created_at DESC",
            (person_id,),
        ).fetchall()


def add_view(conn: Conn, person_id: str, action: str, e: AuditData) -> None:
    conn.execute(
        "INSERT INTO audit_trail (person_id, action, actor_id, actor_name, role, address,"
        " purpose, at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
        (person_id, action, e.actor_id, e.actor_name, e.role, e.address, e.purpose, e.at),
    )


def views_of(conn: Conn, person_id: str, limit: int = 50) -> list[dict[str, Any]]:
    with conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(
            "SELECT action, actor_name, role, at, purpose FROM audit_trail"
            " WHERE person_id = %s ORDER BY at DESC, id DESC LIMIT %s",
            (person_id, limit),
        ).fetchall()


def person_details(conn: Conn, person_id: str) -> PersonDetails | None:
    """The current record, locked for a correction."""
    row = conn.execute(
        "SELECT id_number, name, sex, ethnicity, birth_date, phone, details, id_type,"
        " nationality FROM persons WHERE id = %s FOR UPDATE",
        (person_id,),
    ).fetchone()
    if row is None:
        return None
    extra = {k: row[6].get(k) for k in PERSON_DETAILS}
    return PersonDetails(
        row[0], row[1], row[2], row[3], row[4], row[5], **extra, id_type=row[7], nationality=row[8]
    )


def save_person(conn: Conn, person_id: str, p: PersonDetails) -> None:
    details = {k: getattr(p, k) for k in PERSON_DETAILS if getattr(p, k) is not None}
    usual, others = search_keys(p.name)
    conn.execute(
        "UPDATE persons SET id_number = %s, name = %s, initials = %s, other_initials = %s,"
        " sex = %s, ethnicity = %s, birth_date = %s, phone = %s, details = %s WHERE id = %s",
        (
            p.id_number,
            p.name,
            usual,
            list(others),
            p.sex,
            p.ethnicity,
            p.birth_date,
            p.phone,
            Jsonb(details),
            person_id,
        ),
    )


def person_paths(conn: Conn, person_id: str) -> list[list[str]]:
    return [
        list(r[0])
        for r in conn.execute(
            "SELECT place_path::text[] FROM residences WHERE person_id = %s", (person_id,)
        )
    ]


def timeline(conn: Conn, person_id: str) -> list[dict[str, Any]]:
    """Every event of the person and of their residences, oldest first, with who and when."""
    with conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(
            "SELECT recorded_at AS at, type, actor, data FROM events"
            " WHERE stream_id = %s OR stream_id IN"
            "  (SELECT 'residence-' || id FROM residences WHERE person_id = %s)"
            " ORDER BY position",
            (f"person-{person_id}", person_id),
        ).fetchall()


def residents_on(conn: Conn, unit_id: str, day: date) -> list[dict[str, Any]]:
    """Who lived in a unit at the end of `day` (cancelled records count nowhere)."""
    with conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(
            "SELECT p.id::text AS person_id, p.name, p.id_number, r.id::text AS residence_id,"
            " r.arrival_date, r.departure_date FROM residences r"
            " JOIN persons p ON p.id = r.person_id WHERE r.unit_id = %s"
            " AND r.status <> 'cancelled' AND r.arrival_date <= %s"
            " AND (r.departure_date IS NULL OR r.departure_date > %s)"
            " ORDER BY r.arrival_date, p.name",
            (unit_id, day, day),
        ).fetchall()


def residence_terms(conn: Conn, residence_id: str) -> dict[str, Any]:
    """What a residence was declared with that a move carries over to the next one."""
    row = conn.execute(
        "SELECT housing_type, reason, intended_stay_days FROM residences WHERE id = %s",
        (residence_id,),
    ).fetchone()
    if row is None:
        return {}
    return {"housing_type": row[0], "reason": row[1], "intended_stay_days": row[2]}


def schools_exist(conn: Conn, school_ids: list[str], district_id: str) -> set[str]:
    """Which of these schools exist in the district."""
    rows = conn.execute(
        "SELECT id::text FROM schools WHERE id = ANY(%s::uuid[]) AND place_path[1] = %s",
        (school_ids, district_id),
    ).fetchall()
    return {r[0] for r in rows}


def minors_of(conn: Conn, residence_id: str) -> list[dict[str, Any]]:
    with conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(
            "SELECT m.id::text AS minor_id, m.name, m.sex, m.birth_date, m.relationship,"
            " m.school_id::text, s.name AS school_name FROM minors m"
            " LEFT JOIN schools s ON s.id = m.school_id WHERE m.residence_id = %s"
            " ORDER BY m.birth_date",
            (residence_id,),
        ).fetchall()
