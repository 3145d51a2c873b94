"""`/api/exchange/items`: the to-do list of what the province sent, and the answers."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, status
from pydantic import BaseModel, Field

from liudong_events.ids import is_uuid
from liudong_events.paging import Page, PageSize
from liudong_events.responses import SIGNED_IN, refusals
from liudong_events.service import DbConn
from liudong_sync_province import exchange, exchange_store
from liudong_sync_province.api.common import Answerer, Note, Reader

router = APIRouter(prefix="/api", tags=["province exchange"], responses=SIGNED_IN)
NOT_FOUND = "待办事项不存在或不在管辖范围内"


@router.get("/exchange/items")
def list_items(
    conn: DbConn,
    who: Reader,
    status_: Annotated[exchange_store.Listed, Query(alias="status")] = "open",
    page: Page = 1,
    page_size: PageSize = 20,
) -> dict[str, Any]:
    """The caller's to-do list: open items (or overdue, answered, all), soonest due first."""
    rows, total = exchange_store.items(conn, who, status_, page_size, (page - 1) * page_size)
    return {"items": rows, "total": total, "page": page, "page_size": page_size}


@router.get("/exchange/items/{item_id}", responses=refusals(404))
def get_item(item_id: str, conn: DbConn, who: Reader) -> dict[str, Any]:
    found = exchange_store.item(conn, who, item_id) if is_uuid(item_id) else None
    if found is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, NOT_FOUND)
    return {**found, "answers": exchange.ANSWERS[found["kind"]]}


class AnswerGiven(BaseModel):
    answer: str = Field(min_length=1, max_length=40)
    note: Note = None


@router.post("/exchange/items/{item_id}/answer", responses=refusals(404, 409))
def answer_item(item_id: str, body: AnswerGiven, conn: DbConn, who: Answerer) -> dict[str, Any]:
    """Answer an item once; the answer goes to the province with the district's events."""
    found = exchange_store.item(conn, who, item_id) if is_uuid(item_id) else None
    if found is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, NOT_FOUND)
    wrong = exchange.answer_error(found["kind"], body.answer)
    if wrong:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_ENTITY,
            [{"loc": ["body", "answer"], "msg": wrong, "type": "value_error"}],
        )
    try:
        exchange_store.answer(conn, who, found, body.answer, body.note)
    except exchange_store.AlreadyAnswered:
        raise HTTPException(status.HTTP_409_CONFLICT, "该事项已答复") from None
    answered = exchange_store.item(conn, who, item_id)
    assert answered is not None
    return answered
