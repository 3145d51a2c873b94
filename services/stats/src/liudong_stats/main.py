"""The statistics service: projections of registry and housing events, and their figures."""

from pathlib import Path

from fastapi import FastAPI

from liudong_events.catalog import AUDIT_TOPIC
from liudong_events.service import ServiceSpec, create_app
from liudong_stats.api import feed, figures, moves, occupancy, projections, report, work
from liudong_stats.projections.moves import Moves
from liudong_stats.projections.occupancy import Occupancy
from liudong_stats.settings import StatsSettings

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


def build(settings: StatsSettings | None = None) -> FastAPI:
    spec = ServiceSpec(
        name="stats",
        settings=settings or StatsSettings(),
        migrations=MIGRATIONS,
        projections=[Occupancy(), Moves()],
        publishes_to=(AUDIT_TOPIC,),  # a unit's residents by name are an audited read
    )
    app = create_app(spec, title="liudong statistics")
    app.include_router(occupancy.router)
    app.include_router(figures.router)
    app.include_router(feed.router)
    app.include_router(work.router)
    app.include_router(report.router)
    app.include_router(projections.router)
    app.include_router(moves.router)
    return app
