"""kill -9 of the registry leaves nothing running: its import workers (each may hold
gigabytes while landing a file) die with it, and what else it left in its process group is
killed by the supervisor before the registry starts again. The module has a suite of its
own (conftest's `suite`): its registry is killed twice."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from liudong_devstack.suite import Suite
from liudong_registry.import_workers import WORKERS
from tests.e2e.helpers import eventually, eventually_equal

Started = dict[int, int]  # pid: its start time, so that a pid used again is not mistaken


def stat(pid: int) -> tuple[str, int, int] | None:
    """A process's state, parent and start time; None once it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    fields = text.rsplit(")", 1)[1].split()
    return fields[0], int(fields[1]), int(fields[19])


def import_workers(parent: int) -> Started:
    """The import workers `parent` has started (multiprocessing's spawned children)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes()
        except (FileNotFoundError, ProcessLookupError):
            continue
        now = stat(int(entry.name))
        if now and now[1] == parent and b"spawn_main" in command:
            found[int(entry.name)] = now[2]
    return found


def running(workers: Started) -> list[int]:
    """Those of `workers` still running (a zombie has ended: it holds no memory)."""
    alive = []
    for pid, started in workers.items():
        now = stat(pid)
        if now and now[2] == started and now[0] != "Z":
            alive.append(pid)
    return alive


def registry_pid(suite: Suite) -> int:
    registry = suite.processes["registry"].process
    assert registry is not None
    return registry.pid


def warm_workers(suite: Suite) -> Started:
    """The registry's import workers, once it has started them all (at its start)."""
    pid = registry_pid(suite)

    def all_started() -> Started | None:
        found = import_workers(pid)
        return found if len(found) == WORKERS else None

    return dict(eventually(all_started))


def kill_registry(suite: Suite) -> None:
    registry = suite.processes["registry"].process
    assert registry is not None
    os.kill(registry.pid, signal.SIGKILL)
    registry.wait()


@pytest.fixture(autouse=True)
def registry_again(suite: Suite) -> Iterator[None]:
    """The registry running again after each test, whatever the test left."""
    yield
    if suite.restart_dead():
        suite.wait_healthy(90)


def test_the_import_workers_end_with_a_registry_killed_outright(suite: Suite) -> None:
    workers = warm_workers(suite)
    kill_registry(suite)
    try:
        # No one else ends them: not the supervisor, which has not looked yet.
        eventually_equal(lambda: running(workers), [], timeout=10)
    finally:
        for pid in running(workers):  # they outlived it: not left behind by this test
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)

    assert suite.restart_dead() == ["registry"]
    suite.wait_healthy(90)
    assert set(warm_workers(suite)).isdisjoint(workers)


def test_the_supervisor_kills_what_a_killed_service_left_before_restarting_it(
    suite: Suite,
) -> None:
    # Something the registry started that would not die with it, in its process group.
    left = subprocess.Popen(["sleep", "600"], process_group=registry_pid(suite))
    try:
        kill_registry(suite)
        assert left.poll() is None

        assert suite.restart_dead() == ["registry"]
        assert left.wait(10) == -signal.SIGKILL
        suite.wait_healthy(90)
    finally:
        if left.poll() is None:
            left.kill()
            left.wait()
