"""The reference receiver as a process of its own, as `make province` starts it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path

import httpx
import pytest

from liudong_devstack.ports import free_port
from liudong_devstack.province import running_province

KEY = "test-key"


def province(var: Path, port: int, **env: str) -> AbstractContextManager[httpx.Client]:
    return running_province(var, port, KEY, **env)


@pytest.fixture
def receiver(fresh_dsn: str, tmp_path: Path) -> Iterator[httpx.Client]:
    with province(tmp_path, free_port(), LIUDONG_PROVINCE_DATABASE_URL=fresh_dsn) as client:
        yield client
