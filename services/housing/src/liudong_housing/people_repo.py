"""Compounds' five-in-one record, coordinators (with their photos), employers and their
staff, in housing's own tables."""

from __future__ import annotations

from datetime import date
from typing import Any

from psycopg import sql
from psycopg.rows import dict_row
from psycopg.types.json import Jsonb

from liudong_events.auth import Principal
from liudong_events.housing_events import (
    Company,
    CompoundProfileSet,
    CoordinatorPhotoSet,
    CoordinatorRegistered,
    EmployeeJoined,
    EmployeeLeft,
    EmployerCoordinatorAssigned,
    EmployerRegistered,
    Location,
)
from liudong_housing import places_repo
from liudong_housing.houses_repo import like_literal
from liudong_housing.journal import Conn, record
from liudong_housing.paging import page_of


def _json(part: Company | Location | None) -> Jsonb | None:
    return Jsonb(part.model_dump()) if part else None


# Five-in-one (五位一体)


def save_profile(conn: Conn, event: CompoundProfileSet, actor: dict[str, str]) -> None:
    conn.execute(
        "INSERT INTO compound_profiles"
        " (compound_id, developer, builder, property_company, location)"
        " VALUES (%s, %s, %s, %s, %s) ON CONFLICT (compound_id) DO UPDATE SET"
        " developer = EXCLUDED.developer, builder = EXCLUDED.builder,"
        " property_company = EXCLUDED.property_company, location = EXCLUDED.location,"
        " updated_at = now()",
        (
            event.compound_id,
            _json(event.developer),
            _json(event.builder),
            _json(event.property_company),
            _json(event.location),
        ),
    )
    record(conn, places_repo.stream_id(event.compound_id), event.compound_id, [event], actor)


def profile(conn: Conn, compound_id: str) -> dict[str, Any] | None:
    with conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(
            "SELECT developer, builder, property_company, location, updated_at"
            " FROM compound_profiles"
            " WHERE compound_id = %s",
            (compound_id,),
        ).fetchone()


def residents(conn: Conn, compound_id: str) -> dict[str, Any]:
    """The compound's residents now, from housing's copy of the registry: how many, in how
    many households, by building."""
    with conn.cursor(row_factory=dict_row) as cur:
        rows = cur.execute(
            "SELECT b.id::text AS building_id, b.name AS building,"
            " count(o.residence_id) AS residents, count(DISTINCT o.unit_id) AS households"
            " FROM places b LEFT JOIN occupants o"
            "  ON o.status = 'active' AND o.place_path @> ARRAY[b.id]"
            " WHERE b.parent_id = %s AND b.kind = 'building'"
            " GROUP BY b.id, b.name ORDER BY b.name",
            (compound_id,),
        ).fetchall()
    return {
        "current": sum(r["residents"] for r in rows),
        "households": sum(r["households"] for r in rows),
        "by_building": rows,
    }


# Coordinators (协管员)


def coordinator_stream(coordinator_id: str) -> str:
    return f"coordinator-{coordinator_id}"


def add_coordinator(conn: Conn, event: CoordinatorRegistered, actor: dict[str, str]) -> None:
    conn.execute(
        "INSERT INTO coordinators (id, name, phone, place_id) VALUES (%s, %s, %s, %s)",
        (event.coordinator_id, event.name, event.phone, event.place_id),
    )
    record(conn, coordinator_stream(event.coordinator_id), event.coordinator_id, [event], actor)


def coordinator(conn: Conn, coordinator_id: str, who: Principal) -> dict[str, Any] | None:
    """A coordinator whose place lies in the caller's scope (a coordinator sees only
    themself)."""
    if who.role == "coordinator" and coordinator_id != who.user_id:
        return None
    with conn.cursor(row_factory=dict_row) as cur:
        row = cur.execute(
            "SELECT c.id::text AS coordinator_id, c.name, c.phone, c.place_id::text,"
            " p.path_ids::text[] AS path_ids, ph.sha256 AS photo_sha256"
            " FROM coordinators c JOIN places p ON p.id = c.place_id"
            " LEFT JOIN coordinator_photos ph ON ph.coordinator_id = c.id WHERE c.id = %s",
            (coordinator_id,),
        ).fetchone()
    if row is None or (
        who.role not in ("admin", "coordinator") and not who.covers(row["path_ids"])
    ):
        return None
    row.pop("path_ids")
    return row


def coordinator_in_scope(conn: Conn, coordinator_id: str, who: Principal) -> bool:
    return coordinator(conn, coordinator_id, who) is not None


def coordinators(conn: Conn, place_id: str | None, who: Principal) -> list[dict[str, Any]]:
    where, args = "TRUE", []
    if who.role != "admin":
        where, args = "p.path_ids @> ARRAY[%s]::uuid[]", [who.scope_place_id]
    if place_id:
        where += " AND p.path_ids @> ARRAY[%s]::uuid[]"
        args.append(place_id)
    with conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(
            "SELECT c.id::text AS coordinator_id, c.name, c.phone, c.place_id::text,"
            " p.name AS place_name, ph.sha256 IS NOT NULL AS has_photo,"
            " (SELECT count(*) FROM houses h WHERE h.coordinator_id = c.id) AS houses"
            " FROM coordinators c JOIN places p ON p.id = c.place_id"
            " LEFT JOIN coordinator_photos ph ON ph.coordinator_id = c.id"
            f" WHERE {where} ORDER BY c.name",
            args,
        ).fetchall()


def save_photo(conn: Conn, event: CoordinatorPhotoSet, image: bytes, actor: dict[str, str]) -> None:
    conn.execute(
        "INSERT INTO coordinator_photos (coordinator_id, content_type, image, sha256)"
        " VALUES (%s, %s, %s, %s) ON CONFLICT (coordinator_id) DO UPDATE SET"
        " content_type = EXCLUDED.content_type, image = EXCLUDED.image,"
        " sha256 = EXCLUDED.sha256, updated_at = now()",
        (event.coordinator_id, event.content_type, image, event.sha256),
    )
    record(conn, coordinator_stream(event.coordinator_id), event.coordinator_id, [event], actor)


def photo(conn: Conn, coordinator_id: str) -> tuple[str, bytes, str] | None:
    row = conn.execute(
        "SELECT content_type, image, sha256 FROM coordinator_photos WHERE coordinator_id = %s",
        (coordinator_id,),
    ).fetchone()
    return (row[0], bytes(row[1]), row[2]) if row else None


def work_list(conn: Conn, coordinator_id: str, today: date) -> dict[str, Any]:
    """A coordinator's houses and employers, what is due first: open notices, rentals
    running out within 30 days, houses longest without an inspection."""
    with conn.cursor(row_factory=dict_row) as cur:
        houses = cur.execute(
            "SELECT h.id::text AS house_id, h.archive_no, u.path, u.address,"
            " h.cancelled_reason IS NOT NULL AS cancelled,"
            " (SELECT max(i.inspected_on) FROM inspections i WHERE i.house_id = h.id)"
            "   AS last_inspected_on,"
            " (SELECT count(*) FROM hazard_notices n WHERE n.house_id = h.id"
            "   AND n.status <> 'closed') AS open_notices,"
            " (SELECT min(r.end_date) FROM rentals r WHERE r.house_id = h.id"
            "   AND r.ended_on IS NULL AND r.end_date >= %(today)s) AS rental_ends_on"
            " FROM houses h JOIN places u ON u.id = h.unit_id"
            " WHERE h.coordinator_id = %(id)s"
            " ORDER BY open_notices DESC, last_inspected_on NULLS FIRST, h.archive_no",
            {"id": coordinator_id, "today": today},
        ).fetchall()
        employers = cur.execute(
            "SELECT e.id::text AS employer_id, e.name, e.address,"
            " (SELECT count(*) FROM employees s WHERE s.employer_id = e.id AND s.until IS NULL)"
            "   AS staff FROM employers e WHERE e.coordinator_id = %s ORDER BY e.name",
            (coordinator_id,),
        ).fetchall()
    for house in houses:
        ends = house["rental_ends_on"]
        house["rental_expiring"] = ends is not None and (ends - today).days <= 30
    return {"houses": houses, "employers": employers}


# Employers (企业) and their staff (企业用工)


def employer_stream(employer_id: str) -> str:
    return f"employer-{employer_id}"


def credit_code_taken(conn: Conn, credit_code: str | None) -> bool:
    if not credit_code:
        return False
    row = conn.execute("SELECT 1 FROM employers WHERE credit_code = %s", (credit_code,)).fetchone()
    return row is not None


def add_employer(conn: Conn, event: EmployerRegistered, actor: dict[str, str]) -> None:
    conn.execute(
        "INSERT INTO employers (id, name, credit_code, place_id, address, contact_person, phone)"
        " VALUES (%s, %s, %s, %s, %s, %s, %s)",
        (
            event.employer_id,
            event.name,
            event.credit_code,
            event.place_id,
            event.address,
            event.contact_person,
            event.phone,
        ),
    )
    record(conn, employer_stream(event.employer_id), event.employer_id, [event], actor)


def _employer_scope(who: Principal) -> tuple[str, list[Any]]:
    if who.role == "admin":
        return "TRUE", []
    if who.role == "coordinator":
        return "e.coordinator_id = %s AND p.path_ids @> ARRAY[%s]::uuid[]", [
            who.user_id,
            who.scope_place_id,
        ]
    return "p.path_ids @> ARRAY[%s]::uuid[]", [who.scope_place_id]


def employer(
    conn: Conn, employer_id: str, who: Principal, *, lock: bool = False
) -> dict[str, Any] | None:
    where, args = _employer_scope(who)
    with conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(
            "SELECT e.id::text AS employer_id, e.name, e.credit_code, e.place_id::text,"
            " p.path, e.address, e.contact_person, e.phone, e.coordinator_id::text"
            f" FROM employers e JOIN places p ON p.id = e.place_id WHERE e.id = %s AND {where}"
            + (" FOR UPDATE OF e" if lock else ""),
            [employer_id, *args],
        ).fetchone()


def employers(
    conn: Conn, who: Principal, place_id: str | None, name: str | None, *, page: int, page_size: int
) -> tuple[list[dict[str, Any]], int]:
    """A page of the employers in scope, by name, and how many there are in all."""
    where, args = _employer_scope(who)
    if place_id:
        where += " AND p.path_ids @> ARRAY[%s]::uuid[]"
        args.append(place_id)
    if name:
        where += " AND e.name LIKE %s"
        args.append("%" + like_literal(name) + "%")
    statement = sql.SQL(
        "SELECT e.id::text AS employer_id, e.name, e.credit_code, e.place_id::text,"
        " p.name AS place_name, e.address, e.coordinator_id::text,"
        " (SELECT count(*) FROM employees s WHERE s.employer_id = e.id AND s.until IS NULL)"
        "  AS staff, count(*) OVER () AS total"
        " FROM employers e JOIN places p ON p.id = e.place_id WHERE {where}"
        " ORDER BY e.name, e.id"
    ).format(where=sql.SQL(where))
    return page_of(conn, statement, args, page=page, page_size=page_size)


def save_employer_coordinator(
    conn: Conn, event: EmployerCoordinatorAssigned, actor: dict[str, str]
) -> None:
    conn.execute(
        "UPDATE employers SET coordinator_id = %s WHERE id = %s",
        (event.coordinator_id, event.employer_id),
    )
    record(conn, employer_stream(event.employer_id), event.employer_id, [event], actor)


def person_known(conn: Conn, person_id: str) -> bool:
    row = conn.execute(
        "SELECT 1 FROM occupant_persons WHERE person_id = %s", (person_id,)
    ).fetchone()
    return row is not None


def employed_since(conn: Conn, employer_id: str, person_id: str) -> date | None:
    row = conn.execute(
        "SELECT since FROM employees WHERE employer_id = %s AND person_id = %s AND until IS NULL",
        (employer_id, person_id),
    ).fetchone()
    return row[0] if row else None


def save_hire(conn: Conn, event: EmployeeJoined, actor: dict[str, str]) -> None:
    conn.execute(
        "INSERT INTO employees (employer_id, person_id, since) VALUES (%s, %s, %s)",
        (event.employer_id, event.person_id, event.since),
    )
    record(conn, employer_stream(event.employer_id), event.employer_id, [event], actor)


def save_leave(conn: Conn, event: EmployeeLeft, actor: dict[str, str]) -> None:
    conn.execute(
        "UPDATE employees SET until = %s WHERE employer_id = %s AND person_id = %s"
        " AND until IS NULL",
        (event.until, event.employer_id, event.person_id),
    )
    record(conn, employer_stream(event.employer_id), event.employer_id, [event], actor)


def staff(conn: Conn, employer_id: str) -> list[dict[str, Any]]:
    """The employer's staff, current first; names and masked numbers from the registry's
    events (housing's copy)."""
    with conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(
            "SELECT s.person_id::text, p.name, p.id_number_masked, s.since, s.until,"
            " (SELECT o.unit_id::text FROM occupants o WHERE o.person_id = s.person_id"
            "   AND o.status = 'active' LIMIT 1) AS unit_id"
            " FROM employees s LEFT JOIN occupant_persons p ON p.person_id = s.person_id"
            " WHERE s.employer_id = %s ORDER BY s.until IS NOT NULL, s.since DESC",
            (employer_id,),
        ).fetchall()
