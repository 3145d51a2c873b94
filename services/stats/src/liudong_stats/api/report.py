"""/api/stats/report: the monthly report workbook (xlsx) of a place and a period."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote

from fastapi import APIRouter
from fastapi.responses import Response

from liudong_events.responses import SIGNED_IN, refusals
from liudong_events.service import DbConn
from liudong_stats import queries, work
from liudong_stats.api.common import Asked, Reader, visible_place
from liudong_stats.breakdowns import GROUPED_BY, regroup
from liudong_stats.series import MOST_PERIODS, Interval, period_starts, series
from liudong_stats.workbook import BREAKDOWN_TITLES, workbook

router = APIRouter(prefix="/api/stats", tags=["statistics"], responses=SIGNED_IN | refusals(404))
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get(
    "/report",
    response_class=Response,
    responses={200: {"content": {XLSX: {}}, "description": "the workbook (.xlsx)"}},
)
def report(conn: DbConn, who: Reader, place_id: str, asked: Asked) -> Response:
    """The figures of the statistics pages in one workbook: a cover naming the place and
    the period, the children, each breakdown, the days (months, beyond a year) and the
    staff work figures. Counts only: no person is named in it."""
    place = visible_place(conn, place_id, who)
    start, end = asked.start, asked.end
    children = [] if place["kind"] == "unit" else queries.child_places(conn, place, start, end)
    drill = {"totals": queries.totals(conn, place, start, end), "children": children}
    breakdowns = {
        by: regroup(by, queries.grouped(conn, place, start, end, GROUPED_BY[by][0]))
        for by in BREAKDOWN_TITLES
    }
    days_fit = len(period_starts(start, end, "day")) <= MOST_PERIODS["day"]
    interval: Interval = "day" if days_fit else "month"
    before = queries.resident_at_end_of(conn, place, start - timedelta(days=1))
    moves = queries.movements(conn, place, start, end, interval)
    days = series(start, end, interval, before, moves)
    staff = work.figures(conn, place, start, end)
    content = workbook(place, start, end, drill, breakdowns, days, staff)
    name = f"{place['name']}_{start.isoformat()}_{end.isoformat()}.xlsx"
    return Response(
        content,
        media_type=XLSX,
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"},
    )
