"""The reference provincial receiver: the province's side of the exchange, for the tests and
as a reference for the province's own.

It verifies each batch's signature (`POST /events`), stores its events once each (an event
id seen before is counted as a duplicate and ignored) in a schema of its own, in the order
received, and answers 200 only once they are stored.

- `GET /received/summary` counts what it holds; `GET /received/counts?from=&to=` counts it
  by day (Asia/Shanghai) and type, for the district's reconciliation report.
- `POST /outbox`, `GET /outbox?after=&limit=` (signed): what the province sends the
  district, move notices and assistance requests (province_outbox.py).
- `GET /answers`: the district's answers to them, which come as ordinary events
  (`liudong.exchange_item.answered`) in its batches.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from typing import Annotated, Any

import orjson
import psycopg
import structlog
from fastapi import FastAPI, Query, Request
from fastapi.responses import JSONResponse, Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    generate_latest,
    multiprocess,
)
from psycopg_pool import ConnectionPool
from pydantic import BaseModel, Field
from pydantic_settings import BaseSettings, SettingsConfigDict
from starlette.concurrency import run_in_threadpool

from liudong_events import logs
from liudong_events.event_counts import checked_span, counts_by_day
from liudong_events.observe import RequestObserver
from liudong_events.service import DbConn, metrics
from liudong_sync_province import province_outbox, signing
from liudong_sync_province.batches import CONTENT_TYPE, BadBatch, BatchEvent, read_batch

log = structlog.get_logger("province")
RECEIVED = Counter("liudong_province_received_events_total", "Events stored for the first time")
DUPLICATES = Counter("liudong_province_duplicate_events_total", "Events received again, ignored")
REFUSED = Counter("liudong_province_refused_batches_total", "Batches refused", ["reason"])
DEVELOPMENT_KEY = "development-only-province-key-change-me"
ANSWERED = "liudong.exchange_item.answered"
SCHEMA_LOCK = 0x9807  # the advisory lock the worker processes create the schema under

# Idempotent: the receiver creates its schema at start, whatever is there already.
SCHEMA = (
    """
CREATE SCHEMA IF NOT EXISTS province;
CREATE TABLE IF NOT EXISTS province.events (
    received    bigserial   PRIMARY KEY,          -- the order events were stored in
    event_id    uuid        NOT NULL UNIQUE,
    source      text        NOT NULL,
    type        text        NOT NULL,
    subject     text        NOT NULL,
    sequence    integer     NOT NULL,
    time        timestamptz NOT NULL,
    event       json        NOT NULL,             -- the event as it came
    received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS events_subject ON province.events (subject, sequence);
-- Events arrive roughly in time order, so a BRIN index finds a range of days in a few pages.
CREATE INDEX IF NOT EXISTS events_time ON province.events USING brin (time);
CREATE INDEX IF NOT EXISTS events_answered ON province.events (received)
    WHERE type = 'liudong.exchange_item.answered';
CREATE TABLE IF NOT EXISTS province.counters (name text PRIMARY KEY, value bigint NOT NULL);
-- PUT /faults: how every worker process misbehaves on purpose (tests, rehearsals).
CREATE TABLE IF NOT EXISTS province.faults (
    one    boolean PRIMARY KEY DEFAULT true CHECK (one),
    status integer,
    delay  float8 NOT NULL DEFAULT 0
);
"""
    + province_outbox.SCHEMA
)


class ReceiverSettings(BaseSettings):
    """`LIUDONG_PROVINCE_*`: where it stores, the key batches are signed with, its port."""

    model_config = SettingsConfigDict(env_prefix="LIUDONG_PROVINCE_", extra="ignore")

    environment: str = "development"
    database_url: str = "postgresql://postgres@127.0.0.1:5432/postgres"
    key: str = DEVELOPMENT_KEY
    port: int = 8090
    log_level: str = "info"
    faults: bool = False  # PUT /faults may make it fail on purpose (tests, rehearsals)
    workers: int = 2  # processes: one parses a batch while another's is stored


def build(settings: ReceiverSettings | None = None) -> FastAPI:
    settings = settings or ReceiverSettings()
    if settings.environment == "production" and settings.key == DEVELOPMENT_KEY:
        raise ValueError("LIUDONG_PROVINCE_KEY must be set outside development")

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        logs.configure("province", settings.log_level)
        with psycopg.connect(settings.database_url, autocommit=True) as conn:
            # Each worker process starts here: one at a time (CREATE … IF NOT EXISTS is
            # not safe against a concurrent one).
            conn.execute("SELECT pg_advisory_lock(%s)", (SCHEMA_LOCK,))
            conn.execute(SCHEMA)
            conn.execute("SELECT pg_advisory_unlock(%s)", (SCHEMA_LOCK,))
        with ConnectionPool(settings.database_url, min_size=1, max_size=10) as pool:
            app.state.pool = pool
            yield

    app = FastAPI(lifespan=lifespan, title="liudong reference provincial receiver")
    app.state.settings = settings
    app.add_middleware(RequestObserver, service="province")
    app.add_api_route("/events", receive, methods=["POST"])
    app.add_api_route("/received/summary", summary)
    app.add_api_route("/received/counts", counts)
    app.add_api_route("/answers", answers)
    app.include_router(province_outbox.router)
    app.add_api_route("/faults", set_faults, methods=["PUT"])
    app.add_api_route("/health", health, include_in_schema=False)
    app.add_api_route("/metrics", all_workers_metrics, include_in_schema=False)
    return app


def refused(status: int, reason: str, detail: str) -> JSONResponse:
    REFUSED.labels(reason).inc()
    log.warning("batch_refused", reason=reason)
    return JSONResponse({"detail": detail}, status_code=status)


class Faults(BaseModel):
    """How the receiver misbehaves on purpose: answering every batch with `status`, or
    storing it only after `delay` seconds (the sender times out, and sends it again)."""

    status: int | None = Field(default=None, ge=400, le=599)
    delay: float = Field(default=0.0, ge=0, le=120)


def set_faults(request: Request, faults: Faults, conn: DbConn) -> JSONResponse:
    """Faults stay set, whichever worker process takes a batch, until PUT /faults `{}`."""
    if not request.app.state.settings.faults:
        return JSONResponse({"detail": "Not Found"}, status_code=404)
    conn.execute(
        "INSERT INTO province.faults (status, delay) VALUES (%s, %s) ON CONFLICT (one)"
        " DO UPDATE SET status = EXCLUDED.status, delay = EXCLUDED.delay",
        (faults.status, faults.delay),
    )
    log.warning("faults_set", status=faults.status, delay=faults.delay)
    return JSONResponse(faults.model_dump())


def faults_now(pool: ConnectionPool) -> Faults:
    with pool.connection() as conn:
        row = conn.execute("SELECT status, delay FROM province.faults").fetchone()
    return Faults(status=row[0], delay=row[1]) if row else Faults()


async def receive(request: Request) -> JSONResponse:
    """Store a signed batch: 200 with how many events were new and how many seen before."""
    if request.app.state.settings.faults:
        faults = await run_in_threadpool(faults_now, request.app.state.pool)
        if faults.status:
            return refused(faults.status, "fault", "failing on purpose (PUT /faults)")
        if faults.delay:
            await asyncio.sleep(faults.delay)
    body = await request.body()
    key = request.app.state.settings.key
    if not signing.verified(body, key, request.headers.get(signing.HEADER)):
        return refused(401, "signature", "the batch's signature does not verify")
    if request.headers.get("content-type", "").split(";")[0].strip() != CONTENT_TYPE:
        return refused(415, "content_type", f"a batch is sent as {CONTENT_TYPE}")
    try:
        events = read_batch(body)
    except BadBatch as exc:
        return refused(422, "malformed", str(exc))
    stored = await run_in_threadpool(store_in, request.app.state.pool, body, events)
    RECEIVED.inc(stored)
    DUPLICATES.inc(len(events) - stored)
    return JSONResponse({"stored": stored, "duplicates": len(events) - stored})


def store_in(pool: ConnectionPool, body: bytes, events: list[BatchEvent]) -> int:
    with pool.connection() as conn:
        return store(conn, body, events)


def store(conn: psycopg.Connection[Any], body: bytes, events: list[BatchEvent]) -> int:
    """The batch's new events in its order, and the count of those seen before, in one
    transaction; returns how many were new. Each event is stored as it came in `body`,
    taken apart by PostgreSQL; its attributes as read_batch read them (`events`), sent
    beside it as one small JSON document (reading them from each event again cost
    PostgreSQL a parse of the whole event per attribute)."""
    attributes = orjson.dumps(
        [
            {
                "id": e.id,
                "source": e.source,
                "type": e.type,
                "subject": e.subject,
                "sequence": e.sequence,
                "time": e.time,
            }
            for e in events
        ]
    )
    with conn.transaction():
        new = conn.execute(
            "INSERT INTO province.events (event_id, source, type, subject, sequence, time, event)"
            " SELECT a.id, a.source, a.type, a.subject, a.sequence, a.time, e.event"
            " FROM json_array_elements(%s::json) WITH ORDINALITY AS e (event, n)"
            " JOIN ROWS FROM (json_to_recordset(%s::json) AS (id uuid, source text, type text,"
            "  subject text, sequence int, time timestamptz)) WITH ORDINALITY"
            "  AS a (id, source, type, subject, sequence, time, n) USING (n)"
            " ORDER BY n ON CONFLICT (event_id) DO NOTHING",
            (body.decode(), attributes.decode()),
        ).rowcount
        if new < len(events):
            conn.execute(
                "INSERT INTO province.counters (name, value) VALUES ('duplicates_ignored', %s)"
                " ON CONFLICT (name) DO UPDATE SET value = province.counters.value"
                " + EXCLUDED.value",
                (len(events) - new,),
            )
    return new


def summary(conn: DbConn) -> dict[str, Any]:
    """What the province holds: events in all, by type, and duplicates it ignored."""
    by_type = dict(
        conn.execute("SELECT type, count(*) FROM province.events GROUP BY type ORDER BY type")
    )
    row = conn.execute(
        "SELECT value FROM province.counters WHERE name = 'duplicates_ignored'"
    ).fetchone()
    return {
        "events": sum(by_type.values()),
        "by_type": by_type,
        "duplicates_ignored": int(row[0]) if row else 0,
    }


def all_workers_metrics() -> Response:
    """Every worker process's metrics added up, when they count in files (see
    liudong_suite/province.py); else this process's."""
    if "PROMETHEUS_MULTIPROC_DIR" not in os.environ:
        return metrics()
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)


def health(conn: DbConn) -> dict[str, str]:
    conn.execute("SELECT 1")
    return {"status": "ok"}


def counts(
    conn: DbConn,
    start: Annotated[date, Query(alias="from")],
    end: Annotated[date, Query(alias="to")],
) -> dict[str, Any]:
    """Events by the (Beijing) day of their `time` and by type, counted as the district's
    event stores count theirs, for the connector to set beside them."""
    checked_span(start, end)
    found = counts_by_day(conn, start, end, "province.events", "time")
    return {"from": start.isoformat(), "to": end.isoformat(), "counts": found}


def answers(conn: DbConn) -> dict[str, Any]:
    """The district's answers to the province's messages, in the order they were received:
    they are events of its batches like any other, so they need no channel of their own."""
    rows = conn.execute(
        "SELECT event_id, event->'data'->>'message_id', event->'data'->>'answer',"
        " event->'data'->>'note', time"
        " FROM province.events WHERE type = %s ORDER BY received",
        (ANSWERED,),
    )
    fields = ("event_id", "message_id", "answer", "note", "answered_at")
    return {"answers": [dict(zip(fields, row, strict=True)) for row in rows]}
