"""/api/stats/feed: the big screen's live figures as server-sent events.

Each event is the whole picture of a place: residents now, today's arrivals and
departures, and the same for every compound under it. The projection notifies
`stats_changed` with each batch it commits; the feed answers within a second of it
(bursts are taken together, at most two pictures a second), and says it is alive every
15 s when nothing happens.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import psycopg
from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from liudong_events.days import office_today
from liudong_events.responses import SIGNED_IN, refusals
from liudong_stats import queries
from liudong_stats.api.common import Reader, public, visible_place
from liudong_stats.projections.occupancy import CHANGED

router = APIRouter(prefix="/api/stats", tags=["statistics"], responses=SIGNED_IN | refusals(404))
QUIET_SECONDS = 15.0
SETTLE_SECONDS = 0.3  # a burst of batches makes one picture
EVENT_STREAM = "text/event-stream"


def picture(request: Request, place: dict[str, Any]) -> dict[str, Any]:
    today = office_today()
    with request.app.state.pool.connection() as conn:
        totals = queries.totals(conn, place, today, today)
        compounds = queries.compounds_today(conn, place, today)
    return {
        "place": public(place),
        "at": datetime.now(UTC).isoformat(),
        "current": totals["current"],
        "arrivals_today": totals["checked_in"],
        "departures_today": totals["departed"],
        "compounds": compounds,
    }


@router.get(
    "/feed",
    response_class=StreamingResponse,
    responses={200: {"content": {EVENT_STREAM: {}}, "description": "server-sent events"}},
)
def feed(request: Request, who: Reader, place_id: str) -> StreamingResponse:
    """Server-sent events (`event: figures`), a picture at once and one after each change.
    (No connection of the pool is held for the stream: each picture takes one briefly.)"""
    with request.app.state.pool.connection() as conn:
        place = visible_place(conn, place_id, who)
    dsn = request.app.state.settings.database_url
    return StreamingResponse(
        _pictures(request, place, dsn),
        media_type=EVENT_STREAM,
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


async def _pictures(request: Request, place: dict[str, Any], dsn: str) -> AsyncIterator[str]:
    async with await psycopg.AsyncConnection.connect(dsn, autocommit=True) as listener:
        await listener.execute(f"LISTEN {CHANGED}")
        last = None
        while not await request.is_disconnected():
            now = await run_in_threadpool(picture, request, place)
            shown = {k: v for k, v in now.items() if k != "at"}
            if shown != last:
                last = shown
                yield f"event: figures\ndata: {json.dumps(now, ensure_ascii=False)}\n\n"
            if not await _changed(listener):
                yield ": alive\n\n"
            await asyncio.sleep(SETTLE_SECONDS)


async def _changed(listener: psycopg.AsyncConnection[Any]) -> bool:
    """Whether the projection changed within QUIET_SECONDS (then any burst is drained)."""
    async for _ in listener.notifies(timeout=QUIET_SECONDS, stop_after=1):
        return True
    return False
