"""The gateway: login, users, and one door to every service."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from fastapi import FastAPI

from liudong_events.catalog import ACCOUNTS_TOPIC, AUDIT_TOPIC
from liudong_events.service import ServiceSpec, create_app
from liudong_gateway import users
from liudong_gateway.api import audit as audit_routes
from liudong_gateway.api import auth, proxy, web
from liudong_gateway.api import users as user_routes
from liudong_gateway.audit_log import AuditLog
from liudong_gateway.openapi import merged_openapi
from liudong_gateway.session_guard import SessionGuard
from liudong_gateway.settings import GatewaySettings

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


def build(settings: GatewaySettings | None = None) -> FastAPI:
    settings = settings or GatewaySettings()
    spec = ServiceSpec(
        name="gateway",
        settings=settings,
        migrations=MIGRATIONS,
        publishes_to=(AUDIT_TOPIC, ACCOUNTS_TOPIC),
        projections=[AuditLog()],
        append_only=("audit_log",),
    )
    app = create_app(spec, title="liudong", description="流动人口居住登记 — published interface")
    inner = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with inner(app):
            with app.state.pool.connection() as conn:
                users.bootstrap_admin(conn, settings.admin_password)
            # Idle connections are dropped before the services' own keep-alive (uvicorn's 5 s)
            # would close them under a request in flight.
            async with httpx.AsyncClient(limits=httpx.Limits(keepalive_expiry=2.0)) as client:
                app.state.http = client
                yield

    app.router.lifespan_context = lifespan
    app.openapi = lambda: merged_openapi(app, settings)  # type: ignore[method-assign]
    app.include_router(auth.router)
    app.include_router(user_routes.router)
    app.include_router(audit_routes.router)
    app.add_middleware(SessionGuard)
    app.include_router(proxy.router)
    app.include_router(web.router)  # last: every path the API does not answer
    return app
