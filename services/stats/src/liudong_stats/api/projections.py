"""/api/stats/lag and /api/stats/rebuild: how far the projections are behind the event
stores, and replaying every event into fresh tables."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Request, status
from pydantic import BaseModel

from liudong_events.auth import Principal
from liudong_events.consumer import ConsumerLoop
from liudong_events.policy import require
from liudong_events.rebuild import Rebuild
from liudong_events.responses import SIGNED_IN, refusals
from liudong_stats.projections.occupancy import Occupancy

router = APIRouter(prefix="/api/stats", tags=["statistics"], responses=SIGNED_IN)


class Progress(BaseModel):
    state: str
    applied: int
    total: int
    percent: float
    started_at: datetime | None
    finished_at: datetime | None
    error: str | None


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


@router.post("/rebuild", status_code=202, responses=refusals(409))
def rebuild(request: Request, _who: Annotated[Principal, require("stats.rebuild")]) -> Progress:
    """Replay every event into fresh tables beside the live ones, then switch over in one
    transaction: the figures stay available throughout. Follow it at GET /api/stats/rebuild.
    A rebuild already running is not started twice: its progress is the answer."""
    job = _job(request)
    job.start()
    return _progress(job)


@router.get("/rebuild", responses=refusals(409))
def rebuild_progress(
    request: Request, _who: Annotated[Principal, require("stats.read")]
) -> Progress:
    """The last rebuild: its state, events replayed of those there were when it began."""
    return _progress(_job(request))


def _job(request: Request) -> Rebuild:
    """The rebuild of the occupancy projection, made with its live loop in this process."""
    state = request.app.state
    if getattr(state, "rebuild", None) is None:
        loops = [c for c in state.background.consumers if c.projection.name == Occupancy.name]
        if not loops:
            raise HTTPException(status.HTTP_409_CONFLICT, "此进程未运行统计投影, 不能重建")
        settings = state.settings
        state.rebuild = Rebuild(
            owner_dsn=settings.migration_database_url or settings.database_url,
            runtime_dsn=settings.database_url,
            bootstrap=settings.kafka_bootstrap,
            projection=loops[0].projection,
            live=loops[0],
        )
    job: Rebuild = state.rebuild
    return job


def _progress(job: Rebuild) -> Progress:
    p = job.progress
    return Progress(
        state=p.state,
        applied=p.applied,
        total=p.total,
        percent=p.percent,
        started_at=p.started_at,
        finished_at=p.finished_at,
        error=p.error,
    )
