"""A rebuild's steps run when what they need is done, and a table's indexes after it is full."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from liudong_events.schedule import Fill, Schedule, Step


class Lane:
    """A connection as the schedule uses it: a transaction around each step."""

    @contextmanager
    def transaction(self) -> Iterator[None]:
        yield


class Log:
    def __init__(self) -> None:
        self.ended: list[str] = []
        self._lock = threading.Lock()

    def step(self, name: str, seconds: float = 0.0) -> Step:
        def run(_conn: Any) -> None:
            time.sleep(seconds)
            with self._lock:
                self.ended.append(name)

        return run


def run(fills: list[Fill], builds: dict[str, list[Step]], lanes: int = 2) -> None:
    Schedule(fills, builds).run([Lane() for _ in range(lanes)])  # type: ignore[misc]


def test_a_step_waits_for_those_it_needs_and_indexes_for_every_step_filling_their_table() -> None:
    log = Log()
    fills = [
        Fill("residences_0", log.step("residences_0", 0.05), ("residences",)),
        Fill("residences_1", log.step("residences_1", 0.01), ("residences",)),
        Fill("days", log.step("days"), ("residences", "days"), after=("residences_0",)),
        Fill("changes", log.step("changes"), ("changes",)),
    ]
    builds = {
        "residences": [log.step("index residences")],
        "changes": [log.step("index changes")],
        "places": [log.step("index places")],
    }
    run(fills, builds)
    ended = log.ended
    assert sorted(ended) == sorted([*(f.name for f in fills), *(f"index {t}" for t in builds)])
    assert ended.index("days") > ended.index("residences_0")
    assert ended.index("index residences") > max(
        ended.index(n) for n in ("residences_0", "residences_1", "days")
    )
    assert ended.index("index changes") > ended.index("changes")


def test_a_failing_step_is_raised_and_nothing_after_it_runs() -> None:
    log = Log()

    def broken(_conn: Any) -> None:
        raise RuntimeError("disk full")

    fills = [
        Fill("residences", broken, ("residences",)),
        Fill("days", log.step("days"), after=("residences",)),
    ]
    with pytest.raises(RuntimeError, match="disk full"):
        run(fills, {"residences": [log.step("index residences")]}, lanes=1)
    assert log.ended == []


def test_a_step_waiting_on_a_step_that_does_not_exist_is_an_error() -> None:
    with pytest.raises(ValueError, match="days"):
        run([Fill("days", Log().step("days"), after=("residences",))], {})
