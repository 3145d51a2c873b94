"""Settings shared by every service, read from `LIUDONG_*` environment variables."""

from __future__ import annotations

from typing import Literal

from pydantic import model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEVELOPMENT_SECRET = "development-only-secret-change-me-000000"  # noqa: S105 - refused in production


class ServiceSettings(BaseSettings):
    """One validated settings object per process; services subclass it for their own keys."""

    model_config = SettingsConfigDict(env_prefix="LIUDONG_", extra="ignore")

    environment: Literal["development", "production"] = "development"
    database_url: str = "postgresql://postgres@127.0.0.1:5432/postgres"
    # The role that owns the tables and applies migrations; the service itself then runs as
    # `database_url`'s role, which cannot change append-only tables. Unset: one role for both.
    migration_database_url: str | None = None
    kafka_bootstrap: str = "127.0.0.1:9092"
    jwt_secret: str = DEVELOPMENT_SECRET
    port: int = 0
    log_level: str = "info"
    run_consumers: bool = True

    @model_validator(mode="after")
    def _refuse_default_secret(self) -> ServiceSettings:
        if self.environment == "production" and self.jwt_secret == DEVELOPMENT_SECRET:
            raise ValueError("LIUDONG_JWT_SECRET must be set outside development")
        return self
