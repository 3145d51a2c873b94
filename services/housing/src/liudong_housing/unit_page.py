"""A unit's page: its house, owner and agent, rental filings, who lives and lived there, and
its inspections and notices, all from housing's own tables."""

from __future__ import annotations

from typing import Any

from fastapi import HTTPException, Request, status
from psycopg.rows import dict_row

from liudong_events import audit
from liudong_events.auth import Principal
from liudong_events.days import office_today
from liudong_events.masking import mask, mask_phone
from liudong_housing import houses_repo
from liudong_housing.api.common import visible_place
from liudong_housing.journal import Conn


def masked_party(party: dict[str, Any] | None) -> dict[str, Any] | None:
    """An owner, agent or tenant as pages show them: a person's ID number and phone masked
    (a company's credit code is public)."""
    if party is None:
        return None
    shown = dict(party)
    if shown.get("kind", "person") == "person" and shown.get("id_number"):
        shown["id_number"] = mask(shown["id_number"])
    shown["phone"] = mask_phone(shown.get("phone"))
    return shown


def masked_parties(record: dict[str, Any]) -> dict[str, Any]:
    """A record as lists show it, its parties masked with `masked_party`: an event's data
    (a house's `facts`, a rental's `tenants`), a rental or a house row."""
    shown = dict(record)
    if isinstance(record.get("facts"), dict):
        shown["facts"] = masked_parties(record["facts"])
    for key in ("owner", "agent"):
        if key in record:
            shown[key] = masked_party(record[key])
    if isinstance(record.get("tenants"), list):
        shown["tenants"] = [masked_party(t) for t in record["tenants"]]
    return shown


def occupants(conn: Conn, unit_id: str) -> dict[str, list[dict[str, Any]]]:
    """Current residents and those who left (cancelled records count nowhere)."""
    with conn.cursor(row_factory=dict_row) as cur:
        rows = cur.execute(
            "SELECT o.residence_id::text, o.person_id::text, p.name, p.id_number_masked,"
            " o.arrival_date, o.departure_date, o.status FROM occupants o"
            " LEFT JOIN occupant_persons p ON p.person_id = o.person_id"
            " WHERE o.unit_id = %s AND o.status <> 'cancelled'"
            " ORDER BY o.arrival_date DESC, p.name",
            (unit_id,),
        ).fetchall()
    return {
        "current": [r for r in rows if r["status"] == "active"],
        "past": [r for r in rows if r["status"] == "departed"],
    }


def _house(conn: Conn, unit_id: str) -> dict[str, Any] | None:
    with conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(
            "SELECT h.id::text AS house_id, h.archive_no, h.use, h.capacity, h.floor_area,"
            " h.owner, h.agent, h.cancelled_reason, h.cancelled_reason IS NOT NULL AS cancelled,"
            " h.coordinator_id::text, c.name AS coordinator_name, h.registered_at"
            " FROM houses h LEFT JOIN coordinators c ON c.id = h.coordinator_id"
            " WHERE h.unit_id = %s",
            (unit_id,),
        ).fetchone()


def unit_page(conn: Conn, unit_id: str, who: Principal, request: Request) -> dict[str, Any]:
    """The page; the persons it shows are put on the audit trail like a search's."""
    unit = visible_place(conn, unit_id, who)
    house = _house(conn, unit_id)
    if who.role == "coordinator" and (house is None or house["coordinator_id"] != who.user_id):
        raise HTTPException(status.HTTP_404_NOT_FOUND, "地点不存在或不在管辖范围内")
    living = occupants(conn, unit_id)
    shown = [o["person_id"] for o in living["current"] + living["past"]]
    audit.searched(conn, who, request, shown, ["unit_id"])
    page: dict[str, Any] = {
        "unit": {
            "id": unit.id,
            "name": unit.name,
            "path": [s.model_dump() for s in unit.path],
            "address": unit.address.model_dump() if unit.address else None,
            "retired": unit.retired,
        },
        "house": None,
        "rentals": [],
        "inspections": [],
        "notices": [],
        "occupants": living,
    }
    if house is not None:
        house = masked_parties(house)
        capacity = house["capacity"]
        house["over_capacity"] = capacity is not None and len(living["current"]) > capacity
        rentals = houses_repo.rentals(conn, house["house_id"], office_today())
        page.update(
            house=house,
            rentals=[masked_parties(r) for r in rentals],
            inspections=houses_repo.inspections(conn, house["house_id"]),
            notices=houses_repo.house_notices(conn, who, house["house_id"]),
        )
    return page
