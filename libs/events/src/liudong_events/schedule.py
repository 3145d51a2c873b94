"""Running a rebuild's set-based steps on a few connections, each as soon as it may.

A step fills tables once the steps it needs are done; a table's indexes are built once
every step filling it is done. Each connection takes the first ready step in the order
given (the long ones first, by the caller's choice), else an index to build, so no
connection waits while there is work it could do.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import psycopg

Conn = psycopg.Connection[Any]
Step = Callable[[Conn], None]


@dataclass(frozen=True)
class Fill:
    """A step of a rebuild's `after_replay`: it fills `tables` once `after` are done."""

    name: str
    run: Step
    tables: tuple[str, ...] = ()
    after: tuple[str, ...] = ()


class Schedule:
    def __init__(self, fills: Sequence[Fill], builds: dict[str, list[Step]]) -> None:
        self._waiting = list(fills)
        self._builds = dict(builds)  # per table, until every step filling it is done
        self._filling = Counter(t for fill in fills for t in fill.tables)
        self._ready = [b for t, bs in builds.items() if not self._filling[t] for b in bs]
        self._done: set[str] = set()
        self._running = 0
        self._failed: BaseException | None = None
        self._changed = threading.Condition()

    def run(self, lanes: list[Conn]) -> None:
        """Everything, each in a transaction of its own on one of `lanes`; raises what a
        step raised (the others stop after their current one)."""
        threads = [threading.Thread(target=self._lane, args=(lane,)) for lane in lanes]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if self._failed is not None:
            raise self._failed

    def _lane(self, conn: Conn) -> None:
        while (task := self._take()) is not None:
            try:
                with conn.transaction():
                    (task.run if isinstance(task, Fill) else task)(conn)
            except BaseException as exc:  # said by `run`
                with self._changed:
                    self._failed = self._failed or exc
                    self._running -= 1
                    self._changed.notify_all()
                return
            self._finish(task)

    def _take(self) -> Fill | Step | None:
        with self._changed:
            while self._failed is None:
                ready: Fill | Step | None
                ready = next((f for f in self._waiting if set(f.after) <= self._done), None)
                if ready is not None:
                    self._waiting.remove(ready)
                elif self._ready:
                    ready = self._ready.pop(0)
                elif not self._running:
                    if self._waiting:  # what they wait for will never run
                        self._failed = ValueError(f"unmet: {[f.name for f in self._waiting]}")
                        self._changed.notify_all()
                    return None
                if ready is not None:
                    self._running += 1
                    return ready
                self._changed.wait()
            return None

    def _finish(self, task: Fill | Step) -> None:
        with self._changed:
            self._running -= 1
            if isinstance(task, Fill):
                self._done.add(task.name)
                self._filling.subtract(task.tables)
                for table in task.tables:
                    if not self._filling[table]:
                        self._ready += self._builds.pop(table, [])
            self._changed.notify_all()
