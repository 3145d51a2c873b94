"""PostgreSQL's single-client committed-insert rate, for a row shaped like a check-in's:
through psycopg as our services talk to it, and through the server's own `pgbench` (the
reference a client library cannot slow down)."""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
import time
import uuid
from datetime import date
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from liudong_devstack.postgres import PostgresServer, bin_dir

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


def pgbench_commits_per_second(pg: PostgresServer, database: str, rows: int) -> float:
    """The same insert and commit, one client, driven by the wheel's own `pgbench`."""
    with psycopg.connect(pg.dsn_for(database), autocommit=True) as conn:
        conn.execute(TABLE)
    path = "{" + ",".join(str(p) for p in PATH) + "}"
    insert = INSERT.replace("%s", "{}").format(
        "gen_random_uuid()",
        "gen_random_uuid()",
        f"'{PATH[-1]}'",
        f"'{path}'",
        "current_date",
        f"'{json.dumps(payload(0), ensure_ascii=False)}'::jsonb",
    )
    with tempfile.NamedTemporaryFile("w", suffix=".sql") as script:
        script.write(insert + ";\n")
        script.flush()
        server = ("-h", "127.0.0.1", "-p", str(pg.port), "-U", "postgres", database)
        done = subprocess.run(
            [
                str(bin_dir() / "pgbench"),
                "-n",
                "-c",
                "1",
                "-t",
                str(rows),
                "-f",
                script.name,
                *server,
            ],
            check=True,
            capture_output=True,
            text=True,
        )
    found = re.search(r"tps = ([0-9.]+) \(without initial connection time\)", done.stdout)
    if found is None:
        raise RuntimeError(f"pgbench said: {done.stdout[-500:]} {done.stderr[-500:]}")
    return float(found.group(1))
