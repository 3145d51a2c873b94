"""The housing service: the place tree (and, later, houses, rentals and inspections)."""

from pathlib import Path

from fastapi import FastAPI

from liudong_events.catalog import HOUSING_TOPIC
from liudong_events.service import ServiceSpec, create_app
from liudong_housing.api import places
from liudong_housing.settings import HousingSettings

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


def build(settings: HousingSettings | None = None) -> FastAPI:
    spec = ServiceSpec(
        name="housing",
        settings=settings or HousingSettings(),
        migrations=MIGRATIONS,
        publishes_to=(HOUSING_TOPIC,),
    )
    app = create_app(spec, title="liudong housing")
    app.include_router(places.router)
    return app
