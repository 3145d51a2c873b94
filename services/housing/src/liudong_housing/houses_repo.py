"""Houses, rental filings, inspections and hazard notices in housing's own tables.

A house's rows hang on its unit: scope is the unit's place path (joined from `places`, so a
moved place takes its houses along). A coordinator sees only the houses assigned to them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from psycopg import sql
from psycopg.rows import dict_row
from psycopg.types.json import Jsonb

from liudong_events.auth import Principal
from liudong_events.event_data import EventData
from liudong_events.housing_events import (
    HouseCancelled,
    HouseChanged,
    HouseCoordinatorAssigned,
    HouseFacts,
    HouseRegistered,
    HouseRestored,
    InspectionRecorded,
    NoticeFollowedUp,
    RentalEnded,
    RentalFiled,
)
from liudong_housing.domain.houses import House, Rental
from liudong_housing.domain.inspections import Notice
from liudong_housing.journal import Conn, record
from liudong_housing.paging import page_of


def stream_id(house_id: str) -> str:
    return f"house-{house_id}"


def _record(conn: Conn, house_id: str, event: EventData, actor: dict[str, str] | None) -> None:
    record(conn, stream_id(house_id), house_id, [event], actor)


def scope_filter(who: Principal) -> tuple[sql.Composable, list[Any]]:
    """Rows of houses `h` under units `u` that the caller may see."""
    where: list[sql.Composable] = []
    args: list[Any] = []
    if who.role != "admin":
        where.append(sql.SQL("u.path_ids @> ARRAY[%s]::uuid[]"))
        args.append(who.scope_place_id)
    if who.role == "coordinator":
        where.append(sql.SQL("h.coordinator_id = %s"))
        args.append(who.user_id)
    return sql.SQL(" AND ").join(where or [sql.SQL("TRUE")]), args


_FACTS = "archive_no, use, capacity, floor_area, owner, agent"


def _house(row: dict[str, Any]) -> House:
    return House(
        id=row["id"],
        unit_id=row["unit_id"],
        facts=HouseFacts.model_validate({k: row[k] for k in _FACTS.split(", ")}),
        cancelled_reason=row["cancelled_reason"],
        coordinator_id=row["coordinator_id"],
    )


def visible_house(
    conn: Conn, house_id: str, who: Principal, *, lock: bool = False
) -> tuple[House, list[str]] | None:
    """The house and its unit's path, if the caller may see it."""
    where, args = scope_filter(who)
    query = sql.SQL(
        "SELECT h.id::text, h.unit_id::text, {facts}, h.cancelled_reason,"
        " h.coordinator_id::text, u.path_ids::text[] AS path_ids"
        " FROM houses h JOIN places u ON u.id = h.unit_id WHERE h.id = %s AND {where}"
    ).format(facts=sql.SQL(_FACTS), where=where)
    if lock:
        query = query + sql.SQL(" FOR UPDATE OF h")
    with conn.cursor(row_factory=dict_row) as cur:
        row = cur.execute(query, [house_id, *args]).fetchone()
    return (_house(row), row["path_ids"]) if row else None


def house_of_unit(conn: Conn, unit_id: str) -> str | None:
    row = conn.execute("SELECT id::text FROM houses WHERE unit_id = %s", (unit_id,)).fetchone()
    return row[0] if row else None


def archive_no_taken(conn: Conn, archive_no: str) -> bool:
    row = conn.execute("SELECT 1 FROM houses WHERE archive_no = %s", (archive_no,)).fetchone()
    return row is not None


def _facts_args(facts: HouseFacts) -> dict[str, Any]:
    return {
        "archive_no": facts.archive_no,
        "use": facts.use,
        "capacity": facts.capacity,
        "floor_area": facts.floor_area,
        "owner": Jsonb(facts.owner.model_dump()),
        "owner_name": facts.owner.name,
        "agent": Jsonb(facts.agent.model_dump()) if facts.agent else None,
    }


def add(conn: Conn, event: HouseRegistered, actor: dict[str, str]) -> None:
    conn.execute(
        "INSERT INTO houses (id, unit_id, archive_no, use, capacity, floor_area, owner,"
        " owner_name, agent, coordinator_id) VALUES (%(id)s, %(unit)s, %(archive_no)s, %(use)s,"
        " %(capacity)s, %(floor_area)s, %(owner)s, %(owner_name)s, %(agent)s, %(coordinator)s)",
        {
            "id": event.house_id,
            "unit": event.unit_id,
            "coordinator": event.coordinator_id,
            **_facts_args(event.facts),
        },
    )
    _record(conn, event.house_id, event, actor)


def save_change(conn: Conn, event: HouseChanged, actor: dict[str, str]) -> None:
    conn.execute(
        "UPDATE houses SET archive_no = %(archive_no)s, use = %(use)s, capacity = %(capacity)s,"
        " floor_area = %(floor_area)s, owner = %(owner)s, owner_name = %(owner_name)s,"
        " agent = %(agent)s WHERE id = %(id)s",
        {"id": event.house_id, **_facts_args(event.facts)},
    )
    _record(conn, event.house_id, event, actor)


def save_cancellation(conn: Conn, event: HouseCancelled, actor: dict[str, str]) -> None:
    conn.execute(
        "UPDATE houses SET cancelled_reason = %s WHERE id = %s", (event.reason, event.house_id)
    )
    _record(conn, event.house_id, event, actor)


def save_restoration(conn: Conn, event: HouseRestored, actor: dict[str, str]) -> None:
    conn.execute(
        "UPDATE houses SET cancelled_reason = NULL, use = 'rented' WHERE id = %s",
        (event.house_id,),
    )
    _record(conn, event.house_id, event, actor)


def save_coordinator(conn: Conn, event: HouseCoordinatorAssigned, actor: dict[str, str]) -> None:
    conn.execute(
        "UPDATE houses SET coordinator_id = %s WHERE id = %s",
        (event.coordinator_id, event.house_id),
    )
    _record(conn, event.house_id, event, actor)


@dataclass(frozen=True)
class HouseQuery:
    """A search of the register: every filter given must hold."""

    place_id: str | None = None
    archive_no: str | None = None  # its beginning
    owner: str | None = None  # the beginning of the owner's name
    owner_id_number: str | None = None
    agent: str | None = None  # the beginning of the agent's name
    address: str | None = None  # a part of the unit's standard or descriptive address
    use: str | None = None
    cancelled: bool | None = None
    coordinator_id: str | None = None
    over_capacity: bool | None = None


def like_literal(text: str) -> str:
    """A text matched as it is by LIKE (its wildcards and escapes escaped)."""
    return text.replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_")


def _prefix(value: Any) -> Any:
    return like_literal(value) + "%"


def _part(value: Any) -> Any:
    return "%" + like_literal(value) + "%"


def _as_is(value: Any) -> Any:
    return value


_OCCUPIED = "(SELECT count(*) FROM occupants o WHERE o.unit_id = h.unit_id AND o.status = 'active')"
_FILTERS: dict[str, str] = {
    "place_id": "u.path_ids @> ARRAY[%s]::uuid[]",
    "archive_no": "h.archive_no LIKE %s",
    "owner": "h.owner_name LIKE %s",
    "owner_id_number": "h.owner->>'id_number' = upper(%s)",
    "agent": "h.agent->>'name' LIKE %s",
    # As an address is written: street, door number and room run on without spaces.
    "address": "concat(u.address->>'street', u.address->>'door_no', u.address->>'room')"
    " LIKE %s OR u.address->>'description' LIKE %s",
    "use": "h.use = %s",
    "cancelled": "(h.cancelled_reason IS NOT NULL) = %s",
    "coordinator_id": "h.coordinator_id = %s",
    "over_capacity": f"(h.capacity IS NOT NULL AND {_OCCUPIED} > h.capacity) = %s",
}
_MATCHED_BY: dict[str, Callable[[Any], Any]] = {
    "archive_no": _prefix,
    "owner": _prefix,
    "agent": _prefix,
    "address": _part,
}


def search(
    conn: Conn, who: Principal, query: HouseQuery, *, page: int, page_size: int
) -> tuple[list[dict[str, Any]], int]:
    """Houses in scope matching every filter given, by archive number."""
    where, args = scope_filter(who)
    filters: list[sql.Composable] = [where]
    for name, condition in _FILTERS.items():
        value = getattr(query, name)
        if value is not None and value != "":
            filters.append(sql.SQL("({})").format(sql.SQL(condition)))
            args += [_MATCHED_BY.get(name, _as_is)(value)] * condition.count("%s")
    statement = sql.SQL(
        "SELECT h.id::text AS house_id, h.unit_id::text, u.path, u.address, h.archive_no, h.use,"
        " h.capacity, h.floor_area, h.owner, h.cancelled_reason IS NOT NULL AS cancelled,"
        " h.coordinator_id::text, " + _OCCUPIED + " AS occupants, count(*) OVER () AS total"
        " FROM houses h JOIN places u ON u.id = h.unit_id WHERE {where}"
        " ORDER BY h.archive_no, h.id"
    ).format(where=sql.SQL(" AND ").join(filters))
    return page_of(conn, statement, args, page=page, page_size=page_size)


# Rentals


def add_rental(conn: Conn, event: RentalFiled, actor: dict[str, str]) -> None:
    conn.execute(
        "INSERT INTO rentals (id, house_id, tenants, start_date, end_date, monthly_rent,"
        " filed_by) VALUES (%s, %s, %s, %s, %s, %s, %s)",
        (
            event.rental_id,
            event.house_id,
            Jsonb([t.model_dump() for t in event.tenants]),
            event.start_date,
            event.end_date,
            event.monthly_rent,
            Jsonb(actor),
        ),
    )
    _record(conn, event.house_id, event, actor)


def rental(conn: Conn, house_id: str, rental_id: str) -> Rental | None:
    row = conn.execute(
        "SELECT id::text, house_id::text, start_date, end_date, ended_on FROM rentals"
        " WHERE id = %s AND house_id = %s",
        (rental_id, house_id),
    ).fetchone()
    return Rental(*row) if row else None


def save_rental_end(conn: Conn, event: RentalEnded, actor: dict[str, str]) -> None:
    conn.execute(
        "UPDATE rentals SET ended_on = %s, end_reason = %s WHERE id = %s",
        (event.ended_on, event.reason, event.rental_id),
    )
    _record(conn, event.house_id, event, actor)


def rentals(conn: Conn, house_id: str, today: date) -> list[dict[str, Any]]:
    """Every filing of a house, newest first, with whether it is in force and its expiry."""
    with conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(
            "SELECT id::text AS rental_id, tenants, start_date, end_date, monthly_rent,"
            " filed_by->>'username' AS filed_by, filed_at, ended_on, end_reason,"
            " (start_date <= %(today)s AND %(today)s <= least(end_date, ended_on)) AS current,"
            " (end_date - %(today)s::date) AS days_to_expiry"
            " FROM rentals WHERE house_id = %(house)s ORDER BY start_date DESC, filed_at DESC",
            {"house": house_id, "today": today},
        ).fetchall()


# Inspections and notices


def add_inspection(conn: Conn, event: InspectionRecorded, actor: dict[str, str]) -> None:
    conn.execute(
        "INSERT INTO inspections (id, house_id, inspected_on, inspector_id, findings)"
        " VALUES (%s, %s, %s, %s, %s)",
        (
            event.inspection_id,
            event.house_id,
            event.inspected_on,
            event.inspector_id,
            event.findings,
        ),
    )
    for hazard in event.hazards:
        conn.execute(
            "INSERT INTO hazard_notices (id, inspection_id, house_id, category, department,"
            " description) VALUES (%s, %s, %s, %s, %s, %s)",
            (
                hazard.notice_id,
                event.inspection_id,
                event.house_id,
                hazard.category,
                hazard.department,
                hazard.description,
            ),
        )
    _record(conn, event.house_id, event, actor)


def inspections(conn: Conn, house_id: str) -> list[dict[str, Any]]:
    with conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(
            "SELECT i.id::text AS inspection_id, i.inspected_on, i.inspector_id::text,"
            " i.findings, coalesce(jsonb_agg(jsonb_build_object('notice_id', n.id,"
            "  'category', n.category, 'department', n.department, 'status', n.status))"
            "  FILTER (WHERE n.id IS NOT NULL), '[]') AS notices"
            " FROM inspections i LEFT JOIN hazard_notices n ON n.inspection_id = i.id"
            " WHERE i.house_id = %s GROUP BY i.id ORDER BY i.inspected_on DESC, i.recorded_at DESC",
            (house_id,),
        ).fetchall()


def notice_filter(who: Principal) -> tuple[sql.Composable, list[Any]]:
    """Notices the caller may see: of houses in scope; a department's own only."""
    where, args = scope_filter(who)
    if who.role == "department":
        where = sql.SQL("{} AND n.department = %s").format(where)
        args.append(who.department)
    return where, args


def visible_notice(
    conn: Conn, notice_id: str, who: Principal, *, lock: bool = False
) -> Notice | None:
    where, args = notice_filter(who)
    query = sql.SQL(
        "SELECT n.id::text, n.house_id::text, n.department, n.status FROM hazard_notices n"
        " JOIN houses h ON h.id = n.house_id JOIN places u ON u.id = h.unit_id"
        " WHERE n.id = %s AND {where}"
    ).format(where=where)
    if lock:
        query = query + sql.SQL(" FOR UPDATE OF n")
    row = conn.execute(query, [notice_id, *args]).fetchone()
    return Notice(*row) if row else None


def save_follow_up(
    conn: Conn, event: NoticeFollowedUp, actor: dict[str, str], username: str
) -> None:
    entry = {"status": event.status, "note": event.note, "by": username}
    conn.execute(
        "UPDATE hazard_notices SET status = %s,"
        " follow_ups = follow_ups"
        "  || jsonb_build_array(%s::jsonb || jsonb_build_object('at', now())),"
        " closed_at = CASE WHEN %s = 'closed' THEN now() END WHERE id = %s",
        (event.status, Jsonb(entry), event.status, event.notice_id),
    )
    _record(conn, event.house_id, event, actor)


@dataclass(frozen=True)
class NoticeQuery:
    """Which notices a list shows: every filter given must hold."""

    status: str | None = None
    closed: bool | None = None  # False: not closed yet (未办结), open or in progress
    department: str | None = None
    category: str | None = None
    place_id: str | None = None
    house_id: str | None = None
    raised_from: datetime | None = None
    raised_to: datetime | None = None


_NOTICE_FILTERS: dict[str, str] = {
    "status": "n.status = %s",
    "closed": "(n.status = 'closed') = %s",
    "department": "n.department = %s",
    "category": "n.category = %s",
    "place_id": "u.path_ids @> ARRAY[%s]::uuid[]",
    "house_id": "n.house_id = %s",
    "raised_from": "n.raised_at >= %s",
    "raised_to": "n.raised_at <= %s",
}


def _notices(who: Principal, query: NoticeQuery) -> tuple[sql.Composed, list[Any]]:
    """The notices in the caller's view matching `query`: those not closed first, oldest
    first (the longest waiting); then the closed, the latest closed first. The notices of
    one inspection are raised at one instant: their ids order them."""
    where, args = notice_filter(who)
    filters: list[sql.Composable] = [where]
    for name, condition in _NOTICE_FILTERS.items():
        value = getattr(query, name)
        if value is not None:
            filters.append(sql.SQL(condition))
            args.append(value)
    statement = sql.SQL(
        "SELECT n.id::text AS notice_id, n.house_id::text, h.archive_no, u.path,"
        " n.category, n.department, n.description, n.status, n.follow_ups, n.raised_at,"
        " n.closed_at, count(*) OVER () AS total FROM hazard_notices n"
        " JOIN houses h ON h.id = n.house_id JOIN places u ON u.id = h.unit_id WHERE {where}"
        " ORDER BY n.status = 'closed', n.closed_at DESC NULLS LAST, n.raised_at, n.id"
    ).format(where=sql.SQL(" AND ").join(filters))
    return statement, args


def notices(
    conn: Conn, who: Principal, query: NoticeQuery, *, page: int, page_size: int
) -> tuple[list[dict[str, Any]], int]:
    """A page of the notices in the caller's view matching `query` (in `_notices`' order),
    and how many there are in all."""
    statement, args = _notices(who, query)
    return page_of(conn, statement, args, page=page, page_size=page_size)


def house_notices(conn: Conn, who: Principal, house_id: str) -> list[dict[str, Any]]:
    """Every notice of a house in the caller's view (a house's page shows them all)."""
    statement, args = _notices(who, NoticeQuery(house_id=house_id))
    with conn.cursor(row_factory=dict_row) as cur:
        rows = cur.execute(statement, args).fetchall()
    for row in rows:
        del row["total"]
    return rows
