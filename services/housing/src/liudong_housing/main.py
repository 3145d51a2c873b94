"""The housing service: the place tree and the housing register (houses, rentals,
five-in-one, coordinators, employers, inspections and hazard notices)."""

from pathlib import Path

from fastapi import FastAPI

from liudong_events.catalog import AUDIT_TOPIC, HOUSING_TOPIC
from liudong_events.service import ServiceSpec, create_app
from liudong_housing.api import (
    compounds,
    coordinators,
    employers,
    houses,
    notices,
    places,
    units,
)
from liudong_housing.api.common import rule_broken
from liudong_housing.domain.rules import RuleBroken
from liudong_housing.projections.occupants import Occupants
from liudong_housing.settings import HousingSettings

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


def build(settings: HousingSettings | None = None) -> FastAPI:
    spec = ServiceSpec(
        name="housing",
        settings=settings or HousingSettings(),
        migrations=MIGRATIONS,
        publishes_to=(HOUSING_TOPIC, AUDIT_TOPIC),
        projections=[Occupants()],
    )
    app = create_app(spec, title="liudong housing")
    app.add_exception_handler(RuleBroken, rule_broken)
    for module in (places, houses, units, compounds, coordinators, employers, notices):
        app.include_router(module.router)
    return app
