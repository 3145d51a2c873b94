"""What every service process shares: lifespan, pool, relay and consumers, /health, /metrics.

Only pools, clients and background loops live for the process; each request gets its own
connection (its unit of work) through `DbConn`.
"""

from __future__ import annotations

import faulthandler
import gc
import os
import signal
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, asynccontextmanager, suppress
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import psycopg
import structlog
from fastapi import Depends, FastAPI, Query, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from psycopg_pool import ConnectionPool

from liudong_events import logs
from liudong_events.auth import Principal
from liudong_events.consumer import ConsumerLoop, Projection
from liudong_events.ended_sessions import EndedSessions, EndedSessionsProjection
from liudong_events.event_counts import checked_span, counts_by_day
from liudong_events.migrate import apply_migrations, grant_runtime_role
from liudong_events.observe import RequestObserver
from liudong_events.policy import require
from liudong_events.relay import Relay
from liudong_events.settings import ServiceSettings
from liudong_events.storable_text import StorableText


@dataclass
class ServiceSpec:
    name: str
    settings: ServiceSettings
    migrations: Path
    publishes_to: tuple[str, ...] = ()
    append_only: tuple[str, ...] = ()  # besides `events`
    projections: list[Projection] = field(default_factory=list)
    # What else lives as long as the process, entered at start and left at stop; each is
    # then `app.state.<name>`.
    resources: dict[str, Callable[[ServiceSettings], AbstractContextManager[Any]]] = field(
        default_factory=dict
    )


@dataclass
class Background:
    stop: threading.Event = field(default_factory=threading.Event)
    relay: Relay | None = None
    consumers: list[ConsumerLoop] = field(default_factory=list)
    threads: list[threading.Thread] = field(default_factory=list)

    def ready(self) -> dict[str, bool]:
        status = {f"consumer:{c.projection.name}": c.ready.is_set() for c in self.consumers}
        if self.relay:
            status[f"relay:{self.relay.name}"] = self.relay.ready.is_set()
        return status

    def start(self, name: str, target: Callable[[threading.Event], None]) -> None:
        thread = threading.Thread(
            target=_behind_requests, args=(target, self.stop), name=name, daemon=True
        )
        thread.start()
        self.threads.append(thread)

    def shutdown(self, grace_seconds: float = 8.0) -> None:
        """Stop the loops; a loop stuck on an unreachable broker is abandoned (daemon)."""
        self.stop.set()
        deadline = time.monotonic() + grace_seconds
        for thread in self.threads:
            thread.join(timeout=max(0.0, deadline - time.monotonic()))


# How far the relay and the consumers stand back from requests when the cores are busy.
BACKGROUND_NICENESS = 10


def _behind_requests(target: Callable[[threading.Event], None], stop: threading.Event) -> None:
    """Run a background loop at a lower scheduling priority (Linux sets niceness per thread):
    a clerk's request, or an import's worker, then comes first when the cores are short, and
    the projections catch up right after. Where the system refuses, it runs as it is."""
    with suppress(OSError):
        thread = threading.get_native_id()
        os.setpriority(
            os.PRIO_PROCESS, thread, os.getpriority(os.PRIO_PROCESS, thread) + BACKGROUND_NICENESS
        )
    target(stop)


def _start_background(spec: ServiceSpec) -> Background:
    bg = Background()
    s = spec.settings
    if spec.publishes_to:
        bg.relay = Relay(
            s.database_url, s.kafka_bootstrap, spec.name, spec.publishes_to, f"/{spec.name}"
        )
        bg.start(f"relay-{spec.name}", bg.relay.run)
    if s.run_consumers:
        for projection in [*spec.projections, EndedSessionsProjection(spec.name)]:
            loop = ConsumerLoop(s.database_url, s.kafka_bootstrap, projection)
            bg.consumers.append(loop)
            bg.start(f"consumer-{projection.name}", loop.run)
    return bg


def create_app(spec: ServiceSpec, **fastapi_kwargs: object) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        logs.configure(spec.name, spec.settings.log_level)
        # `kill -USR1 <pid>` writes every thread's stack to stderr: where a stuck loop waits.
        faulthandler.register(signal.SIGUSR1, all_threads=True)
        owner = spec.settings.migration_database_url or spec.settings.database_url
        apply_migrations(owner, spec.migrations)
        grant_runtime_role(owner, spec.settings.database_url, ("events", *spec.append_only))
        pool = ConnectionPool(
            spec.settings.database_url,
            min_size=2,
            max_size=20,
            open=True,
            kwargs={"autocommit": True},
        )
        app.state.pool = pool
        app.state.background = _start_background(spec)
        structlog.get_logger().info("service_started", port=spec.settings.port)
        with ExitStack() as resources:
            for name, resource in spec.resources.items():
                setattr(app.state, name, resources.enter_context(resource(spec.settings)))
            gc.freeze()
            try:
                yield
            finally:
                app.state.background.shutdown()
                pool.close()

    app = FastAPI(lifespan=lifespan, **fastapi_kwargs)  # type: ignore[arg-type]
    app.state.settings = spec.settings
    app.state.spec = spec
    app.state.ended_sessions = EndedSessions()
    app.add_middleware(StorableText)
    app.add_middleware(RequestObserver, service=spec.name)  # outermost: sees every answer
    app.add_api_route("/health", health, include_in_schema=False)
    app.add_api_route("/metrics", metrics, include_in_schema=False)
    app.add_api_route("/api/events/counts", event_counts, include_in_schema=False)
    return app


def health(request: Request) -> JSONResponse:
    parts = request.app.state.background.ready()
    ok = all(parts.values())
    return JSONResponse(
        {"status": "ok" if ok else "starting", "parts": parts}, status_code=200 if ok else 503
    )


def metrics() -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)


def db_connection(request: Request) -> Iterator[psycopg.Connection[Any]]:
    """One connection per request: the request's unit of work."""
    with request.app.state.pool.connection() as conn:
        yield conn


DbConn = Annotated[psycopg.Connection[Any], Depends(db_connection)]


def event_counts(
    _who: Annotated[Principal, require("events.count")],
    conn: DbConn,
    first: Annotated[date, Query(alias="from")],
    last: Annotated[date, Query(alias="to")],
) -> dict[str, Any]:
    """`GET /api/events/counts?from=&to=` (not through the gateway): this service's events
    by day and type, for the reconciliation with the province."""
    checked_span(first, last)
    return {"from": first, "to": last, "counts": counts_by_day(conn, first, last)}
