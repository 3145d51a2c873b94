"""The reference receiver as a process of its own, as `make province` starts it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from liudong_devstack.ports import free_port, wait_for_port

KEY = "test-key"


@contextmanager
def province(var: Path, port: int, **env: str) -> Iterator[httpx.Client]:
    """`liudong province` on `port` with its data under `var` (or in the database that
    LIUDONG_PROVINCE_DATABASE_URL names), stopped by SIGTERM, which it must end on cleanly."""
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith("LIUDONG_PROVINCE_")},
        "LIUDONG_VAR": str(var),
        "LIUDONG_PROVINCE_PORT": str(port),
        "LIUDONG_PROVINCE_KEY": KEY,
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
            assert wait_for_port(port, 60), log_path.read_text()
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
                yield client
        finally:
            process.send_signal(signal.SIGTERM)
            assert process.wait(30) == 0, log_path.read_text()


@pytest.fixture
def receiver(fresh_dsn: str, tmp_path: Path) -> Iterator[httpx.Client]:
    with province(tmp_path, free_port(), LIUDONG_PROVINCE_DATABASE_URL=fresh_dsn) as client:
        yield client
