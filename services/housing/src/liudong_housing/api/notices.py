"""/api/notices: hazard notices (隐患通知) and their follow-up by the department concerned."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, status
from pydantic import BaseModel, Field

from liudong_events.auth import Principal
from liudong_events.event_data import Department
from liudong_events.policy import require
from liudong_events.service import DbConn
from liudong_housing import houses_repo
from liudong_housing.api.common import known_id, visible_place
from liudong_housing.domain.inspections import follow_up

router = APIRouter(prefix="/api/notices", tags=["inspections"])
Reader = Annotated[Principal, require("notice.read")]
FollowUp = Annotated[Principal, require("notice.follow_up")]


class FollowUpIn(BaseModel):
    status: Literal["in_progress", "closed"]
    note: str = Field(min_length=1, max_length=1000, description="处理情况")


@router.get("")
def list_notices(
    conn: DbConn,
    who: Reader,
    status: Literal["open", "in_progress", "closed"] | None = None,
    department: Department | None = None,
    place_id: str | None = None,
) -> dict[str, Any]:
    """Notices in scope, open ones first; a department user sees its own department's."""
    if place_id is not None:
        visible_place(conn, place_id, who)
    items = houses_repo.notices(conn, who, status=status, department=department, place_id=place_id)
    return {"items": items, "total": len(items)}


@router.post("/{notice_id}/follow-ups")
def add_follow_up(notice_id: str, body: FollowUpIn, conn: DbConn, who: FollowUp) -> dict[str, str]:
    """The department records what it did; `closed` ends the notice."""
    with conn.transaction():
        notice = houses_repo.visible_notice(conn, known_id(notice_id, "通知"), who, lock=True)
        if notice is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, "通知不存在或不在管辖范围内")
        event = follow_up(notice, who.department, body.status, body.note)
        houses_repo.save_follow_up(conn, event, who.actor(), who.username)
    return {"notice_id": notice_id, "status": event.status}
