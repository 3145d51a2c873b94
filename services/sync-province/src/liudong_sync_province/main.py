"""The connector service: every event of every topic delivered to the province."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from pydantic import model_validator

from liudong_events.service import ServiceSpec, create_app
from liudong_events.settings import ServiceSettings
from liudong_sync_province.connector import ToProvince
from liudong_sync_province.delivery import Delivery
from liudong_sync_province.receiver import DEVELOPMENT_KEY

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


class ConnectorSettings(ServiceSettings):
    """`LIUDONG_PROVINCE_URL`: where batches go (the receiver's `/events`);
    `LIUDONG_PROVINCE_KEY`: the key both sides sign and verify with."""

    province_url: str = ""
    province_key: str = DEVELOPMENT_KEY
    province_timeout: float = 10.0  # seconds for the province to answer a batch

    @model_validator(mode="after")
    def _a_province(self) -> ConnectorSettings:
        if not self.province_url:
            raise ValueError("LIUDONG_PROVINCE_URL must name the province's endpoint")
        if self.environment == "production" and self.province_key == DEVELOPMENT_KEY:
            raise ValueError("LIUDONG_PROVINCE_KEY must be set outside development")
        return self


def build(settings: ConnectorSettings | None = None) -> FastAPI:
    settings = settings or ConnectorSettings()
    delivery = Delivery(
        settings.province_url, settings.province_key, timeout=settings.province_timeout
    )
    spec = ServiceSpec(
        name="sync_province",
        settings=settings,
        migrations=MIGRATIONS,
        projections=[ToProvince(delivery)],
    )
    return create_app(spec, title="liudong province connector")
