"""/api/persons: search (masked) and a person's full record with residence history."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

import structlog
from fastapi import APIRouter, Query

from liudong_events.auth import Principal
from liudong_events.policy import require
from liudong_events.service import DbConn
from liudong_registry import handlers, repo
from liudong_registry.api.residences import _known_id
from liudong_registry.domain.identity import mask, mask_phone, normalise

router = APIRouter(prefix="/api/persons", tags=["persons"])
Reader = Annotated[Principal, require("person.read")]
audit = structlog.get_logger("audit")


@router.get("")
def search(
    conn: DbConn,
    who: Reader,
    id_number: str | None = None,
    name: str | None = Query(default=None, max_length=60),
    place_id: str | None = None,
    arrived_from: date | None = None,
    arrived_to: date | None = None,
    status: Literal["active", "departed", "cancelled"] | None = None,
    page: int = Query(default=1, ge=1),
    page_size: int = Query(default=20, ge=1, le=200),
) -> dict[str, Any]:
    if place_id is not None:
        _known_id(place_id)
    rows, total = repo.search_persons(
        conn,
        scope=who.scope_place_id,
        id_number=normalise(id_number) if id_number else None,
        name=name,
        place_id=place_id,
        arrived_from=arrived_from,
        arrived_to=arrived_to,
        status=status,
        limit=page_size,
        offset=(page - 1) * page_size,
    )
    items = [
        {
            "person_id": r["person_id"],
            "name": r["name"],
            "id_number_masked": mask(r["id_number"]),
            "phone_masked": mask_phone(r["phone"]),
            "residence": {
                k: r[k]
                for k in ("residence_id", "unit_id", "arrival_date", "departure_date", "status")
            },
        }
        for r in rows
    ]
    return {"items": items, "total": total, "page": page, "page_size": page_size}


@router.get("/{person_id}")
def read(person_id: str, conn: DbConn, who: Reader) -> dict[str, Any]:
    _known_id(person_id)
    record = repo.person(conn, person_id)
    residences = repo.residences_of(conn, person_id)
    if record is None or not any(who.covers(r["place_path"]) for r in residences):
        raise handlers.NotFound(person_id)
    audit.info("person_read", person_id=person_id, user_id=who.user_id, role=who.role)
    return {**record, "residences": residences}
