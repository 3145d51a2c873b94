"""The reference provincial receiver as a process of its own, as `make province` starts it
(`liudong province`): for the tests and benchmarks of the exchange."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from liudong_devstack.ports import wait_for_port


@contextmanager
def running_province(var: Path, port: int, key: str, **env: str) -> Iterator[httpx.Client]:
    """`liudong province` on `port` with its data under `var` (or in the database that
    LIUDONG_PROVINCE_DATABASE_URL names); a client on it. Stopped by SIGTERM at the end,
    which it must end on cleanly (its PostgreSQL with it)."""
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith("LIUDONG_PROVINCE_")},
        "LIUDONG_VAR": str(var),
        "LIUDONG_PROVINCE_PORT": str(port),
        "LIUDONG_PROVINCE_KEY": key,
        **env,
    }
    log_path = var / "province.log"
    with open(log_path, "ab") as log:
        process = subprocess.Popen(
            [Path(sys.executable).parent / "liudong", "province"],
            env=environment,
            stdout=log,
            stderr=log,
        )
        try:
            if not wait_for_port(port, 60):
                raise RuntimeError(f"the province did not start: {log_path.read_text()[-2000:]}")
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
                yield client
        finally:
            process.send_signal(signal.SIGTERM)
            if process.wait(30) != 0:
                raise RuntimeError(f"the province ended badly: {log_path.read_text()[-2000:]}")
