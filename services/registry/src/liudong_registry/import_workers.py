"""Import runs in worker processes of their own.

Landing 100,000 rows is Python work. In the service's process it would share one
interpreter lock with the relay that publishes those rows' events and with every other
request; in a worker it has a core to itself. The workers start with the first import and
end with the service.
"""

from __future__ import annotations

import asyncio
import hashlib
import multiprocessing
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing.pool import Pool
from typing import Any

import psycopg
import structlog

from liudong_events import logs
from liudong_events.auth import Principal
from liudong_registry import import_runs

WORKERS = 2  # two files at once; more would only queue for the cores and PostgreSQL


class ImportWorkers:
    """A file always goes to the same worker, so a landing finds its dry run's checked rows
    (see import_runs._checked)."""

    def __init__(self, dsn: str, log_level: str) -> None:
        self.dsn, self.log_level = dsn, log_level
        self._pools: list[Pool | None] = [None] * WORKERS
        self._lock = threading.Lock()

    def _worker_for(self, upload: import_runs.Upload) -> Pool:
        which = int(hashlib.sha256(upload.content).hexdigest()[:8], 16) % WORKERS
        with self._lock:
            pool = self._pools[which]
            if pool is None:
                pool = self._pools[which] = multiprocessing.get_context("spawn").Pool(
                    1, initializer=logs.configure, initargs=("registry", self.log_level)
                )
            return pool

    async def run(
        self, upload: import_runs.Upload, who: Principal, housing: import_runs.Housing
    ) -> dict[str, Any]:
        """The run's report, once a worker has done it (its exception, if it raised)."""
        loop = asyncio.get_running_loop()
        done: asyncio.Future[dict[str, Any]] = loop.create_future()
        self._worker_for(upload).apply_async(
            _run,
            (self.dsn, upload, who, housing),
            callback=lambda result: loop.call_soon_threadsafe(_settle, done, result, None),
            error_callback=lambda exc: loop.call_soon_threadsafe(_settle, done, None, exc),
        )
        return await done

    def start_job(
        self, job_id: str, upload: import_runs.Upload, who: Principal, housing: import_runs.Housing
    ) -> None:
        """The job reports its stage and outcome in import_jobs itself."""
        log = structlog.get_logger().bind(import_job=job_id)
        self._worker_for(upload).apply_async(
            _run_job,
            (self.dsn, job_id, upload, who, housing),
            error_callback=lambda exc: log.error("import_job_lost", error=type(exc).__name__),
        )

    def stop(self) -> None:
        with self._lock:
            for pool in self._pools:
                if pool is not None:
                    pool.terminate()  # a run cut short lands nothing twice when run again
                    pool.join()
            self._pools = [None] * WORKERS


@contextmanager
def running(dsn: str, log_level: str) -> Iterator[ImportWorkers]:
    workers = ImportWorkers(dsn, log_level)
    try:
        yield workers
    finally:
        workers.stop()


def _settle(
    done: asyncio.Future[dict[str, Any]], result: dict[str, Any] | None, exc: BaseException | None
) -> None:
    if done.cancelled():
        return
    if exc is not None:
        done.set_exception(exc)
    else:
        assert result is not None
        done.set_result(result)


# In the worker process:


def _run(
    dsn: str, upload: import_runs.Upload, who: Principal, housing: import_runs.Housing
) -> dict[str, Any]:
    with psycopg.connect(dsn, autocommit=True) as conn:
        return import_runs.run(conn, upload, who, housing)


def _run_job(
    dsn: str,
    job_id: str,
    upload: import_runs.Upload,
    who: Principal,
    housing: import_runs.Housing,
) -> None:
    with psycopg.connect(dsn, autocommit=True) as conn:
        import_runs.run_job(conn, job_id, upload, who, housing)
