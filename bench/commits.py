"""PostgreSQL's single-client committed-insert rate, for a row shaped like a check-in's."""

from __future__ import annotations

import json
import time
import uuid
from datetime import date
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

TABLE = """
CREATE TABLE residence_like (
    id                 uuid PRIMARY KEY,
    person_id          uuid NOT NULL,
    unit_id            uuid NOT NULL,
    place_path         uuid[] NOT NULL,
    arrival_date       date NOT NULL,
    status             text NOT NULL,
    housing_type       text NOT NULL,
    reason             text NOT NULL,
    intended_stay_days integer,
    version            integer NOT NULL,
    created_at         timestamptz NOT NULL DEFAULT now(),
    payload            jsonb NOT NULL
)"""
INSERT = (
    "INSERT INTO residence_like (id, person_id, unit_id, place_path, arrival_date, status,"
    " housing_type, reason, intended_stay_days, version, payload)"
    " VALUES (%s, %s, %s, %s, %s, 'active', 'rented', 'work', 365, 1, %s)"
)
PATH = [uuid.uuid4() for _ in range(6)]


def payload(i: int) -> dict[str, Any]:
    """About 600 bytes of JSON, like a checked-in event's data."""
    data: dict[str, Any] = {
        "residence_id": str(uuid.uuid4()),
        "person_id": str(uuid.uuid4()),
        "unit_id": str(PATH[-1]),
        "unit_path": [str(p) for p in PATH],
        "arrival_date": date.today().isoformat(),
        "housing_type": "rented",
        "reason": "work",
        "intended_stay_days": 365,
        "person": {"name": "王伟", "sex": "1", "seq": i},
    }
    data["note"] = "x" * max(0, 600 - len(json.dumps(data)))
    return data


def _insert(conn: psycopg.Connection[Any], data: dict[str, Any]) -> None:
    conn.execute(INSERT, (uuid.uuid4(), uuid.uuid4(), PATH[-1], PATH, date.today(), Jsonb(data)))
    conn.commit()


def commits_per_second(dsn: str, rows: int, warmup: int = 100) -> float:
    """One connection, autocommit off, one INSERT + COMMIT per row; rows/s over `rows`."""
    payloads = [payload(i) for i in range(warmup + rows)]
    with psycopg.connect(dsn, autocommit=False) as conn:
        conn.execute(TABLE)
        conn.commit()
        for data in payloads[:warmup]:
            _insert(conn, data)
        began = time.perf_counter()
        for data in payloads[warmup:]:
            _insert(conn, data)
        return rows / (time.perf_counter() - began)


def server_facts(dsn: str) -> dict[str, str]:
    """Version and the settings that decide what a COMMIT waits for."""
    names = (
        "server_version",
        "fsync",
        "synchronous_commit",
        "full_page_writes",
        "wal_sync_method",
        "shared_buffers",
    )
    with psycopg.connect(dsn, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT name, setting FROM pg_settings WHERE name = ANY(%s)", (list(names),)
        ).fetchall()
    return {str(name): str(setting) for name, setting in rows}
