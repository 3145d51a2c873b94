"""What the statistics routes share: the period asked for, and a place in the caller's scope."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Query, status

from liudong_events.auth import Principal
from liudong_events.days import office_today
from liudong_events.ids import is_uuid
from liudong_events.iso_dates import IsoDate
from liudong_events.policy import require
from liudong_events.service import DbConn
from liudong_stats import queries

WAIT_FOR_NEW_PLACE_SECONDS = 3.0
FROM_HELP = "default: the first day of the month of `to`"
TO_HELP = "default: today; the figures are as they stood at the end of this day (as of)"


@dataclass(frozen=True)
class Period:
    start: date
    end: date


def period(
    start: Annotated[IsoDate | None, Query(alias="from", description=FROM_HELP)] = None,
    end: Annotated[IsoDate | None, Query(alias="to", description=TO_HELP)] = None,
    as_of: Annotated[IsoDate | None, Query(description="the same as `to`")] = None,
) -> Period:
    end = end or as_of or office_today()
    start = start or end.replace(day=1)
    if start > end:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_ENTITY,
            [{"loc": ["query", "from"], "msg": "起始日期不能晚于截止日期", "type": "value_error"}],
        )
    return Period(start, end)


Asked = Annotated[Period, Depends(period)]
Reader = Annotated[Principal, require("stats.read")]


def visible_place(conn: DbConn, place_id: str, who: Principal) -> dict[str, Any]:
    """A place in the caller's scope (404 otherwise). One created a moment ago may not have
    reached this projection yet: wait briefly rather than answer a false 404."""
    found = None
    if is_uuid(place_id):
        deadline = time.monotonic() + WAIT_FOR_NEW_PLACE_SECONDS
        while (found := queries.place(conn, place_id)) is None and time.monotonic() < deadline:
            time.sleep(0.05)
    if found is None or not who.covers(found["path_ids"]):
        raise HTTPException(status.HTTP_404_NOT_FOUND, "place not found")
    return found


def public(place: dict[str, Any]) -> dict[str, Any]:
    return {"id": place["id"], "kind": place["kind"], "name": place["name"]}
