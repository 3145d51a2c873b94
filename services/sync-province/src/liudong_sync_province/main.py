"""The connector service: every event of every topic delivered to the province, the
province's notices and requests placed in the to-do lists, and the reconciliation of both
sides' counts."""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path

from fastapi import FastAPI
from pydantic import model_validator

from liudong_events.catalog import EXCHANGE_TOPIC
from liudong_events.service import ServiceSpec, create_app
from liudong_events.settings import ServiceSettings
from liudong_sync_province import api, inbox, reconciliation
from liudong_sync_province.connector import ToProvince
from liudong_sync_province.delivery import Delivery
from liudong_sync_province.district import District
from liudong_sync_province.province_client import Province, api_base
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
    spec = ServiceSpec(
        name="sync_province",
        settings=settings,
        migrations=MIGRATIONS,
        publishes_to=(EXCHANGE_TOPIC,),
        projections=[ToProvince(delivery)],
        resources={
            "district": lambda _s: nullcontext(district),
            "province": lambda _s: nullcontext(province),
            "inbox": lambda _s: inbox.running(
                inbox.Inbox(settings.database_url, district, province, settings.inbox_every)
            ),
            "reconciler": lambda _s: reconciliation.running(
                reconciliation.Reconciler(district, province, settings.reconcile_every)
            ),
        },
    )
    app = create_app(spec, title="liudong province connector")
    app.include_router(api.router)
    return app
