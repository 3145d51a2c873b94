"""The statistics service: projections of registry and housing events, and their figures."""

from pathlib import Path
from typing import Annotated

from fastapi import FastAPI, Request

from liudong_events.auth import Principal
from liudong_events.consumer import rebuild
from liudong_events.policy import require
from liudong_events.service import ServiceSpec, create_app
from liudong_stats.api import occupancy
from liudong_stats.projections.occupancy import Occupancy
from liudong_stats.settings import StatsSettings

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


def build(settings: StatsSettings | None = None) -> FastAPI:
    projection = Occupancy()
    spec = ServiceSpec(
        name="stats",
        settings=settings or StatsSettings(),
        migrations=MIGRATIONS,
        projections=[projection],
    )
    app = create_app(spec, title="liudong statistics")
    app.include_router(occupancy.router)

    @app.post("/api/stats/rebuild", status_code=202, tags=["statistics"])
    def rebuild_occupancy(
        request: Request, _who: Annotated[Principal, require("stats.rebuild")]
    ) -> dict[str, str]:
        """Empty the occupancy projection and replay every event into it."""
        with request.app.state.pool.connection() as conn:
            rebuild(conn, projection)
        return {"status": "rebuilding"}

    return app
