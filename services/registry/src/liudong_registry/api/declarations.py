"""/api/declarations: a resident declares their residence online (个人居住信息申报); a clerk of
the unit's jurisdiction confirms it, and it becomes a check-in, or rejects it with a reason.
The resident sees only their own declarations and follows their status."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Request, status
from pydantic import BaseModel, Field

import liudong_codetables as codetables
from liudong_events import audit
from liudong_events.auth import Principal
from liudong_events.catalog import Capture, PersonViewed
from liudong_events.days import office_today
from liudong_events.policy import require
from liudong_events.responses import SIGNED_IN, refusals
from liudong_events.service import DbConn
from liudong_registry import declarations, handlers, repo
from liudong_registry.api.residences import _known_id
from liudong_registry.checkin_request import ResidenceCreate, command
from liudong_registry.domain.identity import FieldError
from liudong_registry.domain.residences import (
    DeclarationInvalid,
    StateConflict,
    check_in_errors,
)

router = APIRouter(prefix="/api/declarations", tags=["declarations"], responses=SIGNED_IN)
Resident = Annotated[Principal, require("declaration.submit")]
Reader = Annotated[Principal, require("declaration.read")]
Reviewer = Annotated[Principal, require("declaration.review")]
SELF_DECLARED = Capture(channel="self_declared")


class Rejection(BaseModel):
    reason: str = Field(min_length=1, max_length=200)


@router.post("", status_code=status.HTTP_201_CREATED, responses=refusals(404))
def submit(body: ResidenceCreate, conn: DbConn, who: Resident) -> dict[str, Any]:
    """Checked like a clerk's check-in; waits for a clerk as `pending`."""
    path = declarations.unit_path(conn, body.unit_id)
    if path is None or not who.covers(path):
        raise HTTPException(status.HTTP_404_NOT_FOUND, "房屋不存在或不在本人可申报范围内")
    errors = check_in_errors(
        command(body, path, SELF_DECLARED), None, today=office_today(), known=codetables.known
    )
    closed = repo.closed_units(conn, [body.unit_id])
    if closed:
        errors.append(FieldError("unit_id", closed[body.unit_id]))
    if errors:
        raise DeclarationInvalid(errors)
    declaration_id = declarations.submit(conn, body.model_dump(mode="json"), path, who)
    return {"declaration_id": declaration_id, "status": "pending"}


UNITS_LISTED = 50


@router.get("/units")
def units(
    conn: DbConn, who: Resident, q: Annotated[str | None, Query(max_length=60)] = None
) -> dict[str, Any]:
    """Where a resident may declare: units of their scope whose address ("小区/楼栋/户")
    contains `q`. Residents may not read the place tree; the registry's copy answers."""
    found = repo.unit_addresses(conn, who.scope_place_id, UNITS_LISTED, (q or "").strip() or None)
    return {"items": [{"unit_id": unit_id, "address": address} for address, unit_id in found]}


@router.get("")
def list_declarations(conn: DbConn, who: Reader) -> dict[str, Any]:
    """A resident's own; a clerk's: those of units in their jurisdiction."""
    items = declarations.visible(conn, who)
    return {"items": items, "total": len(items)}


class DeclarationPublic(BaseModel):
    """A declaration as the resident submitted it (`body`) and where it stands."""

    declaration_id: str
    status: Literal["pending", "confirmed", "rejected"]
    unit_id: str
    place_path: list[str]
    reason: str | None
    residence_id: str | None
    submitted_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    address: str | None
    name: str
    id_number_masked: str
    body: dict[str, Any]


@router.get("/{declaration_id}", responses=refusals(404))
def read(declaration_id: str, request: Request, conn: DbConn, who: Reader) -> DeclarationPublic:
    """The whole declaration as submitted (the person's details): an audited read."""
    _known_id(declaration_id)
    found = declarations.one(conn, declaration_id, who)
    concerned = [declaration_id, *([found["residence_id"]] if found["residence_id"] else [])]
    with conn.transaction():
        audit.record(conn, audit.entry(PersonViewed, who, request, records=concerned))
    return DeclarationPublic.model_validate(found)


@router.post("/{declaration_id}/confirmation", responses=refusals(404, 409))
def confirm(declaration_id: str, request: Request, conn: DbConn, who: Reviewer) -> dict[str, Any]:
    """The declaration becomes a check-in (captured as self-declared)."""
    found = _pending(conn, declaration_id, who)
    body = ResidenceCreate.model_validate(found["body"])
    cmd = command(body, found["place_path"], SELF_DECLARED)

    def settle(conn: DbConn, residence_id: str) -> None:  # in the check-in's transaction
        declarations.decide(conn, declaration_id, "confirmed", who, residence_id=residence_id)

    residence_id, person_id = handlers.check_in(
        conn, cmd, today=office_today(), actor=who.actor(), then=settle
    )
    return {
        "declaration_id": declaration_id,
        "status": "confirmed",
        "residence_id": residence_id,
        "person_id": person_id,
    }


@router.post("/{declaration_id}/rejection", responses=refusals(404, 409))
def reject(declaration_id: str, body: Rejection, conn: DbConn, who: Reviewer) -> dict[str, Any]:
    _pending(conn, declaration_id, who)
    with conn.transaction():
        declarations.decide(conn, declaration_id, "rejected", who, reason=body.reason)
    return {"declaration_id": declaration_id, "status": "rejected", "reason": body.reason}


def _pending(conn: DbConn, declaration_id: str, who: Principal) -> dict[str, Any]:
    """A declaration the clerk may see that still waits for a decision (else 404 / 409)."""
    _known_id(declaration_id)
    found = declarations.one(conn, declaration_id, who)
    if found["status"] != "pending":
        raise StateConflict(f"declaration is {found['status']}")
    return found
