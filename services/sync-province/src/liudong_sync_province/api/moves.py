"""`/api/exchange/moves`: moves between two stations of the district, each a case that the
origin (流出地确认退档) and the destination (流入地确认) confirm within their clocks."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, status
from pydantic import BaseModel

from liudong_events.auth import Principal
from liudong_events.ids import is_uuid
from liudong_events.paging import Page, PageSize
from liudong_events.responses import SIGNED_IN, refusals
from liudong_events.service import DbConn
from liudong_sync_province import move_cases
from liudong_sync_province.api.common import Answerer, Note, Reader
from liudong_sync_province.moves import Side

router = APIRouter(prefix="/api/exchange/moves", tags=["province exchange"], responses=SIGNED_IN)
NOT_FOUND = "迁移事项不存在或不在管辖范围内"


@router.get("")
def list_cases(
    conn: DbConn,
    who: Reader,
    status_: Annotated[move_cases.Listed, Query(alias="status")] = "open",
    page: Page = 1,
    page_size: PageSize = 20,
) -> dict[str, Any]:
    """The cases either side of which lies in the caller's jurisdiction: open ones (or
    overdue, escalated, completed, all), soonest due first."""
    rows, total = move_cases.cases(conn, who, status_, page_size, (page - 1) * page_size)
    return {"items": rows, "total": total, "page": page, "page_size": page_size}


def _found(conn: DbConn, who: Principal, case_id: str) -> dict[str, Any]:
    found = move_cases.case(conn, who, case_id) if is_uuid(case_id) else None
    if found is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, NOT_FOUND)
    return found


@router.get("/{case_id}", responses=refusals(404))
def get_case(case_id: str, conn: DbConn, who: Reader) -> dict[str, Any]:
    return _found(conn, who, case_id)


class Confirmation(BaseModel):
    side: Side
    note: Note = None


@router.post("/{case_id}/confirmation", responses=refusals(404, 409))
def confirm_case(case_id: str, body: Confirmation, conn: DbConn, who: Answerer) -> dict[str, Any]:
    """Confirm one side, by someone whose jurisdiction holds that side's unit (the level
    above included, which takes a side whose clock ran out)."""
    found = _found(conn, who, case_id)
    if not who.covers(found[body.side]["place_path"]):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "只有该侧辖区(或其上级)可以确认")
    try:
        move_cases.confirm(conn, who, found, body.side, body.note)
    except move_cases.AlreadyConfirmed:
        raise HTTPException(status.HTTP_409_CONFLICT, "该侧已确认") from None
    return _found(conn, who, case_id)
