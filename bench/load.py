"""Concurrent check-ins through the gateway: per-request latency and every non-201 answer.

The requests are sent by bench/loadgen, a small Go program (`make loadgen` builds it into
var/cache/bin/loadgen; `LIUDONG_LOADGEN` names another binary): the benchmark runs on the
machine it measures, and the Python client it replaced took about 0.25 of its 2 cores.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPOSITORY = Path(__file__).resolve().parent.parent
PATH = "/api/residences"


@dataclass
class LoadResult:
    latencies: list[float] = field(default_factory=list)  # seconds, 201s only
    failures: list[tuple[str, str]] = field(default_factory=list)  # (status or error, body)
    started: float = 0.0  # perf_counter: finished less the first request to the last answer
    finished: float = 0.0  # perf_counter when the program returned
    last_created: float = 0.0  # perf_counter when the last 201 arrived (0.0: none did)
    client_cpu_s: float = 0.0  # the load client's own user + system CPU seconds

    @property
    def elapsed(self) -> float:
        return self.finished - self.started

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.elapsed if self.elapsed > 0 else 0.0


def loadgen() -> Path:
    binary = Path(os.environ.get("LIUDONG_LOADGEN") or REPOSITORY / "var/cache/bin/loadgen")
    if not binary.is_file():
        raise RuntimeError(f"no load generator at {binary}: run `make loadgen`")
    return binary


def check_in_all(
    base_url: str, token: str, bodies: list[dict[str, Any]], concurrency: int
) -> LoadResult:
    """POST every body once to the gateway with `concurrency` requests in flight."""
    binary = loadgen()
    with tempfile.TemporaryDirectory(prefix="liudong-load-") as tmp:
        path = Path(tmp) / "bodies.jsonl"
        path.write_text("".join(json.dumps(body) + "\n" for body in bodies))
        flags = ["-url", base_url, "-path", PATH, "-bodies", str(path)]
        done = subprocess.run(
            [binary, *flags, "-concurrency", str(concurrency)],
            env={**os.environ, "LOADGEN_TOKEN": token},
            capture_output=True,
            text=True,
            check=False,
        )
    now, wall = time.perf_counter(), time.time()
    if done.returncode != 0:
        raise RuntimeError(f"{binary} exited with {done.returncode}: {done.stderr.strip()}")
    return _result(json.loads(done.stdout), now, wall)


def _result(out: dict[str, Any], now: float, wall: float) -> LoadResult:
    """The program's figures, its wall-clock times moved to perf_counter's clock."""
    last_unix = out["last_created_unix"]
    return LoadResult(
        latencies=[float(s) for s in out["latencies_s"]],
        failures=[(str(status), str(body)) for status, body in out["failures"]],
        started=now - out["elapsed_s"],
        finished=now,
        last_created=now - (wall - last_unix) if last_unix else 0.0,
        client_cpu_s=float(out["cpu_s"]),
    )
