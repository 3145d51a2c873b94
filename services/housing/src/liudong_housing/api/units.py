"""/api/units/{id}: a unit's page (house, owner, rental filings, occupants now and before)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Request

from liudong_events.auth import Principal
from liudong_events.policy import require
from liudong_events.responses import SIGNED_IN, refusals
from liudong_events.service import DbConn
from liudong_housing.unit_page import unit_page

router = APIRouter(prefix="/api/units", tags=["houses"], responses=SIGNED_IN | refusals(404))
Reader = Annotated[Principal, require("house.read")]


@router.get("/{unit_id}")
def read(unit_id: str, request: Request, conn: DbConn, who: Reader) -> dict[str, Any]:
    return unit_page(conn, unit_id, who, request)
