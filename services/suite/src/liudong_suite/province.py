"""`liudong province` (`make province`): the reference provincial receiver on this machine,
on 127.0.0.1:$LIUDONG_PROVINCE_PORT (8090), until Ctrl-C.

Its data lives in a PostgreSQL of its own under `var/province` (override with LIUDONG_VAR),
unless LIUDONG_PROVINCE_DATABASE_URL names a database to use.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
from pathlib import Path
from types import FrameType

import uvicorn

from liudong_devstack.postgres import PostgresServer
from liudong_sync_province.receiver import ReceiverSettings


def add_command(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    command = commands.add_parser(
        "province", help="run the reference provincial receiver (the province's side)"
    )
    command.set_defaults(func=province)


def _stop(_signum: int, _frame: FrameType | None) -> None:
    raise SystemExit(0)


def province(_args: argparse.Namespace) -> int:
    # uvicorn shuts down on SIGTERM, then raises it again with the handler found before
    # it: ours, so that the process ends through `finally` and stops its PostgreSQL.
    signal.signal(signal.SIGTERM, _stop)
    settings = ReceiverSettings()
    var = Path(os.environ.get("LIUDONG_VAR", "var")).resolve() / "province"
    pg: PostgresServer | None = None
    if not os.environ.get("LIUDONG_PROVINCE_DATABASE_URL"):
        pg_port = int(os.environ.get("LIUDONG_PROVINCE_PG_PORT", "55433"))
        pg = PostgresServer(var / "pg", pg_port)
        print(f"liudong: the province's PostgreSQL on 127.0.0.1:{pg_port} (data in {var})")
        pg.start(durable=True)
        # The worker processes read their settings from the environment, as we did.
        os.environ["LIUDONG_PROVINCE_DATABASE_URL"] = pg.create_database("province")
    # Each worker process counts in files here; /metrics adds them up (prometheus_client's
    # multiprocess mode).
    metrics = var / "metrics"
    shutil.rmtree(metrics, ignore_errors=True)
    metrics.mkdir(parents=True)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(metrics)
    try:
        print(f"liudong: provincial receiver on http://127.0.0.1:{settings.port}", flush=True)
        uvicorn.run(
            "liudong_sync_province.receiver:build",
            factory=True,
            workers=settings.workers,
            host="127.0.0.1",
            port=settings.port,
            log_config=None,
        )
        return 0
    finally:
        if pg is not None:
            pg.stop()
