"""The card-reader agent as a desk PC runs it: its console script on loopback, over a
simulated GA 467 reader, in an empty home and working folder of its own."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from liudong_devstack.ports import free_port
from tests.e2e.helpers import eventually

AGENT = Path(sys.executable).with_name("liudong-cardreader")


@dataclass(frozen=True)
class Agent:
    url: str
    log: Path
    home: Path


@contextmanager
def running_agent(device: Path, origin: str, folder: Path) -> Iterator[Agent]:
    """`origin`: the gateway's, the only page the agent answers (CORS)."""
    home, port = folder / "home", free_port()
    home.mkdir()
    log = folder / "agent.log"
    command = [str(AGENT), "--backend", "serial", "--device", str(device)]
    command += ["--listen", f"127.0.0.1:{port}", "--origin", origin]
    env = {**os.environ, "HOME": str(home), "TMPDIR": str(home)}
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=home, env=env, stdout=out, stderr=out)
    url = f"http://127.0.0.1:{port}"
    try:
        eventually(lambda: _up(url, process), timeout=15)
        yield Agent(url, log, home)
    finally:
        process.terminate()
        process.wait(10)


def _up(url: str, process: subprocess.Popen[bytes]) -> bool:
    assert process.poll() is None, "the agent exited"
    try:
        return httpx.get(f"{url}/health", timeout=1).status_code == 200
    except httpx.TransportError:
        return False
