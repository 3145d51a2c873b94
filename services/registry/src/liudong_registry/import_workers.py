"""Import runs in worker processes of their own.

Landing 100,000 rows is Python work. In the service's process it would share one
interpreter lock with the relay that publishes those rows' events and with every other
request; in a worker it has a core to itself. The workers start with the first import and
end with the service, even one killed outright: a worker that outlived it would go on
holding its memory (gigabytes, landing a big file), reparented to init. A worker that dies
(killed, out of memory) fails its run at once, never leaves it waiting, and is replaced by
the next import.
"""

from __future__ import annotations

import asyncio
import ctypes
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any

import psycopg
import structlog

from liudong_events import logs
from liudong_events.auth import Principal
from liudong_registry import import_runs

WORKERS = 2  # two files at once; more would only queue for the cores and PostgreSQL
PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent ends


class ImportWorkers:
    """A file always goes to the same worker, so a landing finds its dry run's checked rows
    (see import_runs._checked)."""

    def __init__(self, dsn: str, log_level: str) -> None:
        self.dsn, self.log_level = dsn, log_level
        self._workers: list[ProcessPoolExecutor | None] = [None] * WORKERS
        self._lock = threading.Lock()

    def warm(self) -> None:
        """Start the workers now: each takes about a second to import the registry's code,
        which the first clerk to import a file would otherwise wait for."""
        for which in range(WORKERS):
            self._submit_to(which, _ready)

    def _submit(
        self, upload: import_runs.Upload, run: Callable[..., Any], *args: Any
    ) -> Future[Any]:
        which = int(upload.digest[:8], 16) % WORKERS
        return self._submit_to(which, run, *args)

    def _submit_to(self, which: int, run: Callable[..., Any], *args: Any) -> Future[Any]:
        with self._lock:
            for _ in range(2):
                worker = self._workers[which]
                if worker is None:
                    worker = self._workers[which] = ProcessPoolExecutor(
                        1,
                        mp_context=multiprocessing.get_context("spawn"),
                        initializer=_start_worker,
                        initargs=(os.getpid(), self.log_level),
                    )
                try:
                    return worker.submit(run, *args)
                except BrokenProcessPool:
                    self._workers[which] = None  # its process died: start another one
            raise BrokenProcessPool("no import worker could be started")

    async def run(
        self, upload: import_runs.Upload, who: Principal, housing: import_runs.Housing
    ) -> dict[str, Any]:
        """The run's report, once a worker has done it; its exception if it raised, and
        BrokenProcessPool if the worker died."""
        done: Future[dict[str, Any]] = self._submit(upload, _run, self.dsn, upload, who, housing)
        return await asyncio.wrap_future(done)

    def start_job(
        self, job_id: str, upload: import_runs.Upload, who: Principal, housing: import_runs.Housing
    ) -> None:
        """The job reports its stage and outcome in import_jobs itself, unless its worker
        dies: then it is marked failed from here."""
        done = self._submit(upload, _run_job, self.dsn, job_id, upload, who, housing)
        done.add_done_callback(lambda future: self._lost(job_id, future))

    def _lost(self, job_id: str, future: Future[Any]) -> None:
        if future.cancelled() or future.exception() is None:
            return
        structlog.get_logger().error("import_job_lost", import_job=job_id)
        with psycopg.connect(self.dsn, autocommit=True) as conn:
            import_runs.interrupt_job(conn, job_id)

    def stop(self) -> None:
        with self._lock:
            for worker in filter(None, self._workers):
                # No public way before Python 3.14 to stop a running worker: end its
                # process (a run cut short lands nothing twice when run again).
                processes = list((worker._processes or {}).values())
                worker.shutdown(wait=False, cancel_futures=True)
                for process in processes:
                    process.terminate()
                    process.join(5)
            self._workers = [None] * WORKERS


@contextmanager
def running(dsn: str, log_level: str) -> Iterator[ImportWorkers]:
    workers = ImportWorkers(dsn, log_level)
    workers.warm()
    try:
        yield workers
    finally:
        workers.stop()


# In the worker process:


def _start_worker(service: int, log_level: str) -> None:
    """Die with the service, then log as it does.

    Linux sends the signal when the thread that started the worker ends, not the process:
    workers are started from the event loop's thread (the service's main one, see the
    import routes and `running`), which lives as long as the service. The service may have
    died before the signal was asked for: then this worker is an orphan already and ends."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
    if os.getppid() != service:
        os._exit(1)
    logs.configure("registry", log_level)


def _ready() -> None:
    """Nothing: the worker has imported everything by the time it runs this."""


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
