"""A job the connector runs every few seconds in a thread of its own for as long as the
service runs: reading the province's outbox, escalating clocks that ran out, reconciling."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import structlog
from prometheus_client import Counter

log = structlog.get_logger("province")
FAILURES = Counter("liudong_connector_job_failures_total", "Periodic jobs that failed", ["job"])


def _repeat(
    name: str,
    job: Callable[[], object],
    seconds: float,
    expected: tuple[type[Exception], ...],
    stop: threading.Event,
) -> None:
    while not stop.is_set():
        try:
            job()
        except expected as exc:  # the other side not answering: next time
            FAILURES.labels(name).inc()
            log.warning("job_postponed", job=name, reason=str(exc))
        except Exception:
            FAILURES.labels(name).inc()
            log.exception("job_failed", job=name)
        stop.wait(seconds)


@contextmanager
def every(
    seconds: float,
    name: str,
    job: Callable[[], object],
    expected: tuple[type[Exception], ...] = (),
) -> Iterator[None]:
    """Run `job` now and every `seconds` until the block ends; an exception of `expected`
    is logged as a warning, any other with its traceback; neither stops the repeating."""
    stop = threading.Event()
    thread = threading.Thread(
        target=_repeat, args=(name, job, seconds, expected, stop), name=name, daemon=True
    )
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(5)
