"""`/api/province/reconciliation`: the district's events beside the province's."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request, status

from liudong_events.auth import Principal
from liudong_events.consumer import ConsumerLoop
from liudong_events.days import office_today
from liudong_events.event_counts import checked_span
from liudong_events.iso_dates import IsoDate
from liudong_events.policy import require
from liudong_events.responses import SIGNED_IN, refusals
from liudong_sync_province import reconciliation
from liudong_sync_province.connector import ToProvince
from liudong_sync_province.district import DistrictUnavailable
from liudong_sync_province.province_client import ProvinceUnanswered

router = APIRouter(prefix="/api", tags=["province exchange"], responses=SIGNED_IN)


@router.get("/province/reconciliation", responses=refusals(503))
def reconciliation_report(
    request: Request,
    _who: Annotated[Principal, require("province.reconcile")],
    first: Annotated[IsoDate | None, Query(alias="from")] = None,
    last: Annotated[IsoDate | None, Query(alias="to")] = None,
) -> dict[str, Any]:
    """By day and event type: the district's events beside the province's, the days and
    types that differ, and how far delivery is behind (default: the last 7 days)."""
    last = last or office_today()
    first = first or last - timedelta(days=6)
    checked_span(first, last)
    state = request.app.state
    try:
        found = reconciliation.reconcile(state.district, state.province, first, last)
    except (DistrictUnavailable, ProvinceUnanswered) as exc:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, f"对账暂不可用: {exc}") from exc
    loops: list[ConsumerLoop] = state.background.consumers
    delivering = [loop for loop in loops if loop.projection.name == ToProvince.name]
    behind = delivering[0].behind if delivering else None
    found["lag"] = {
        "events": behind.events if behind else None,
        "seconds": round(behind.seconds, 3) if behind else None,
    }
    return found
