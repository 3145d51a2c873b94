"""The connector service: every event of the topics the province receives (persons,
residences, housing, our answers; not our staff's audit trail) delivered to it, the
province's notices and requests placed in the to-do lists, and the reconciliation of both
sides' counts."""

from __future__ import annotations

from contextlib import nullcontext
from functools import partial
from pathlib import Path

from fastapi import FastAPI
from pydantic import model_validator

from liudong_events.catalog import EXCHANGE_TOPIC
from liudong_events.service import ServiceSpec, create_app
from liudong_events.settings import ServiceSettings
from liudong_sync_province import inbox, move_cases, periodic, reconciliation
from liudong_sync_province.api import items, moves
from liudong_sync_province.api import reconciliation as reconciliation_api
from liudong_sync_province.connector import ToProvince
from liudong_sync_province.delivery import Delivery
from liudong_sync_province.district import District, DistrictUnavailable
from liudong_sync_province.move_cases import MoveCases
from liudong_sync_province.province_client import Province, ProvinceUnanswered, api_base
from liudong_sync_province.receiver import DEVELOPMENT_KEY

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


class ConnectorSettings(ServiceSettings):
    """`LIUDONG_PROVINCE_URL`: where batches go (the receiver's `/events`; its other
    endpoints beside it); `LIUDONG_PROVINCE_KEY`: the key both sides sign and verify with;
    the district's services it asks, by their base URLs."""

    province_url: str = ""
    province_key: str = DEVELOPMENT_KEY
    province_timeout: float = 10.0  # seconds for the province to answer a batch
    registry_url: str = "http://127.0.0.1:8101"
    housing_url: str = "http://127.0.0.1:8102"
    gateway_url: str = "http://127.0.0.1:8000"
    inbox_every: float = 2.0  # seconds between readings of the province's outbox
    escalate_every: float = 60.0  # seconds between looks for move cases' clocks run out
    reconcile_every: float = 300.0  # seconds between reconciliations (gauges)

    @model_validator(mode="after")
    def _a_province(self) -> ConnectorSettings:
        if not self.province_url:
            raise ValueError("LIUDONG_PROVINCE_URL must name the province's endpoint")
        if self.environment == "production" and self.province_key == DEVELOPMENT_KEY:
            raise ValueError("LIUDONG_PROVINCE_KEY must be set outside development")
        return self

    def event_stores(self) -> tuple[str, ...]:
        """Every service that keeps events, this one included."""
        return (
            self.registry_url,
            self.housing_url,
            self.gateway_url,
            f"http://127.0.0.1:{self.port}",
        )


def build(settings: ConnectorSettings | None = None) -> FastAPI:
    settings = settings or ConnectorSettings()
    delivery = Delivery(
        settings.province_url, settings.province_key, timeout=settings.province_timeout
    )
    district = District(
        settings.jwt_secret, settings.registry_url, settings.housing_url, settings.event_stores()
    )
    province = Province(api_base(settings.province_url), settings.province_key)
    reader = inbox.Inbox(settings.database_url, district, province)
    reconciler = reconciliation.Reconciler(district, province)
    unanswered = (DistrictUnavailable, ProvinceUnanswered)
    spec = ServiceSpec(
        name="sync_province",
        settings=settings,
        migrations=MIGRATIONS,
        publishes_to=(EXCHANGE_TOPIC,),
        projections=[ToProvince(delivery), MoveCases()],
        resources={
            "district": lambda _s: nullcontext(district),
            "province": lambda _s: nullcontext(province),
            "inbox": lambda _s: periodic.every(
                settings.inbox_every, "inbox", reader.once, inbox.UNANSWERED
            ),
            "escalation": lambda _s: periodic.every(
                settings.escalate_every,
                "escalation",
                partial(move_cases.escalate_due, settings.database_url),
            ),
            "reconciler": lambda _s: periodic.every(
                settings.reconcile_every, "reconciliation", reconciler.once, unanswered
            ),
        },
    )
    app = create_app(spec, title="liudong province connector")
    for routes in (reconciliation_api, items, moves):
        app.include_router(routes.router)
    return app
