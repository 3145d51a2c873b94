"""/api/stats/occupancy: a place's figures and its children's, scoped to the caller."""

from __future__ import annotations

import time
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, status

from liudong_events.auth import Principal
from liudong_events.ids import is_uuid
from liudong_events.policy import require
from liudong_events.service import DbConn
from liudong_stats import queries

router = APIRouter(prefix="/api/stats", tags=["statistics"])
WAIT_FOR_NEW_PLACE_SECONDS = 3.0
FROM_HELP = "default: the first day of the month of `to`"


@router.get("/occupancy")
def occupancy(
    conn: DbConn,
    who: Annotated[Principal, require("stats.read")],
    place_id: str,
    start: Annotated[date | None, Query(alias="from", description=FROM_HELP)] = None,
    end: Annotated[date | None, Query(alias="to", description="default: today")] = None,
) -> dict[str, Any]:
    end = end or date.today()
    start = start or end.replace(day=1)
    if start > end:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_ENTITY,
            [{"loc": ["query", "from"], "msg": "起始日期不能晚于截止日期", "type": "value_error"}],
        )
    place = _wait_for_place(conn, place_id)
    if place is None or not who.covers(place["path_ids"]):
        raise HTTPException(status.HTTP_404_NOT_FOUND, "place not found")
    if place["kind"] == "unit":
        children = queries.unit_persons(conn, place["id"], start, end)
    else:
        children = queries.child_places(conn, place, start, end)
    return {
        "place": {"id": place["id"], "kind": place["kind"], "name": place["name"]},
        "from": start,
        "to": end,
        "totals": queries.totals(conn, place, start, end),
        "children": children,
    }


def _wait_for_place(conn: DbConn, place_id: str) -> dict[str, Any] | None:
    """A place created a moment ago may not have reached this projection yet: wait briefly."""
    if not is_uuid(place_id):
        return None
    deadline = time.monotonic() + WAIT_FOR_NEW_PLACE_SECONDS
    while (found := queries.place(conn, place_id)) is None and time.monotonic() < deadline:
        time.sleep(0.05)
    return found
