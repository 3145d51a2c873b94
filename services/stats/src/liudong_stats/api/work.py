"""/api/stats/work: staff work figures (绩效考核) for a place and a period."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from liudong_events.responses import SIGNED_IN, refusals
from liudong_events.service import DbConn
from liudong_stats import work
from liudong_stats.api.common import Asked, Reader, public, visible_place

router = APIRouter(prefix="/api/stats", tags=["statistics"], responses=SIGNED_IN | refusals(404))


@router.get("/work")
def work_figures(conn: DbConn, who: Reader, place_id: str, asked: Asked) -> dict[str, Any]:
    """Records entered (check-ins, departures), corrected and cancelled in the period under
    the place, per user and per child place; and for each month of the period, how many of
    its changes were entered by the 4th of the next month, 16:00 (Beijing time)."""
    place = visible_place(conn, place_id, who)
    return {
        "place": public(place),
        "from": asked.start,
        "to": asked.end,
        **work.figures(conn, place, asked.start, asked.end),
    }
