"""/api/stats/breakdown and /api/stats/series: the figures of a place by group and over time."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi import APIRouter, HTTPException, status

from liudong_events.responses import SIGNED_IN, refusals
from liudong_events.service import DbConn
from liudong_stats import queries
from liudong_stats.api.common import Asked, Reader, public, visible_place
from liudong_stats.breakdowns import GROUPED_BY, Breakdown, regroup
from liudong_stats.series import MOST_PERIODS, Interval, period_starts, series

router = APIRouter(prefix="/api/stats", tags=["statistics"], responses=SIGNED_IN | refusals(404))


@router.get("/breakdown")
def breakdown(
    conn: DbConn, who: Reader, place_id: str, by: Breakdown, asked: Asked
) -> dict[str, Any]:
    """The place's figures by origin province or city, housing type, reason, age band (age
    at the end of the period) or sex; the largest group first."""
    place = visible_place(conn, place_id, who)
    column = GROUPED_BY[by][0]
    rows = queries.grouped(conn, place, asked.start, asked.end, column)
    return {
        "place": public(place),
        "from": asked.start,
        "to": asked.end,
        "by": by,
        "items": regroup(by, rows),
    }


@router.get("/series")
def read_series(
    conn: DbConn, who: Reader, place_id: str, asked: Asked, interval: Interval = "day"
) -> dict[str, Any]:
    """Arrivals and departures in each day or month of the period, and the residents at
    its end."""
    if len(period_starts(asked.start, asked.end, interval)) > MOST_PERIODS[interval]:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_ENTITY,
            [
                {
                    "loc": ["query", "from"],
                    "msg": f"最多{MOST_PERIODS[interval]}个{'日' if interval == 'day' else '月'}",
                    "type": "value_error",
                }
            ],
        )
    place = visible_place(conn, place_id, who)
    before = queries.resident_at_end_of(conn, place, asked.start - timedelta(days=1))
    moves = queries.movements(conn, place, asked.start, asked.end, interval)
    return {
        "place": public(place),
        "from": asked.start,
        "to": asked.end,
        "interval": interval,
        "items": series(asked.start, asked.end, interval, before, moves),
    }
