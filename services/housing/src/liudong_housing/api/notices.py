"""/api/notices: hazard notices (隐患通知) and their follow-up by the department concerned."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, status
from pydantic import BaseModel, Field

from liudong_events.auth import Principal
from liudong_events.event_data import Department
from liudong_events.housing_events import HazardCategory
from liudong_events.iso_dates import AwareIsoDateTime
from liudong_events.paging import Page, PageSize
from liudong_events.policy import require
from liudong_events.responses import SIGNED_IN, refusals
from liudong_events.service import DbConn
from liudong_housing import houses_repo
from liudong_housing.api.common import known_id, visible_place
from liudong_housing.domain.inspections import follow_up

router = APIRouter(prefix="/api/notices", tags=["inspections"], responses=SIGNED_IN | refusals(404))
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
    closed: bool | None = Query(
        default=None, description="false: not closed yet (未办结), open or in progress"
    ),
    department: Department | None = None,
    category: HazardCategory | None = None,
    place_id: str | None = None,
    raised_from: Annotated[AwareIsoDateTime | None, Query(description="raised at or after")] = None,
    raised_to: Annotated[AwareIsoDateTime | None, Query(description="raised at or before")] = None,
    page: Page = 1,
    page_size: PageSize = 20,
) -> dict[str, Any]:
    """A page of the notices in scope, open ones first, oldest first within; a department
    user sees its own department's. `total` counts every one that matches."""
    if place_id is not None:
        visible_place(conn, place_id, who)
    query = houses_repo.NoticeQuery(
        status=status,
        closed=closed,
        department=department,
        category=category,
        place_id=place_id,
        raised_from=raised_from,
        raised_to=raised_to,
    )
    items, total = houses_repo.notices(conn, who, query, page=page, page_size=page_size)
    return {"items": items, "total": total}


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
