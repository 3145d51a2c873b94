"""/api/stats/lag and /api/stats/rebuild: how far the projections are behind the event
stores, and replaying every event into them."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Request

from liudong_events.auth import Principal
from liudong_events.consumer import ConsumerLoop, rebuild
from liudong_events.policy import require

router = APIRouter(prefix="/api/stats", tags=["statistics"])


@router.get("/lag")
def lag(request: Request, _who: Annotated[Principal, require("stats.read")]) -> dict[str, Any]:
    """Per projection: events published and not yet applied, and how old the last applied
    one is while they wait (0 s when caught up). Measured about once a second; the same
    figures are the Prometheus gauges `liudong_consumer_behind_*`."""
    loops: list[ConsumerLoop] = request.app.state.background.consumers
    return {
        "projections": [
            {
                "name": loop.projection.name,
                "ready": loop.ready.is_set(),
                "behind_events": loop.behind.events,
                "behind_seconds": round(loop.behind.seconds, 3),
                "last_event_at": loop.behind.last_event_at,
                "measured_at": loop.behind.measured_at,
                "applied_events": loop.applied_total,
            }
            for loop in loops
        ]
    }


@router.post("/rebuild", status_code=202)
def rebuild_all(
    request: Request, _who: Annotated[Principal, require("stats.rebuild")]
) -> dict[str, str]:
    """Empty the projections and replay every event into them."""
    with request.app.state.pool.connection() as conn:
        for projection in request.app.state.spec.projections:
            rebuild(conn, projection)
    return {"status": "rebuilding"}
