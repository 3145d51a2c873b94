"""Concurrent check-ins through the gateway: per-request latency and every non-201 answer."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx


@dataclass
class LoadResult:
    latencies: list[float] = field(default_factory=list)  # seconds, 201s only
    failures: list[tuple[str, str]] = field(default_factory=list)  # (status or error, body)
    started: float = 0.0
    finished: float = 0.0
    last_created: float = 0.0  # perf_counter when the last 201 arrived

    @property
    def elapsed(self) -> float:
        return self.finished - self.started

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.elapsed if self.elapsed > 0 else 0.0


async def _post(client: httpx.AsyncClient, body: dict[str, Any], result: LoadResult) -> None:
    began = time.perf_counter()
    try:
        response = await client.post("/api/residences", json=body)
    except httpx.HTTPError as exc:
        result.failures.append((type(exc).__name__, str(exc)))
        return
    done = time.perf_counter()
    if response.status_code == 201:
        result.latencies.append(done - began)
        result.last_created = max(result.last_created, done)
    else:
        result.failures.append((str(response.status_code), response.text[:500]))


async def _worker(
    client: httpx.AsyncClient, bodies: Iterator[dict[str, Any]], result: LoadResult
) -> None:
    for body in bodies:  # one iterator shared by all workers: each body is sent once
        await _post(client, body, result)


async def _run(
    base_url: str, token: str, bodies: list[dict[str, Any]], concurrency: int
) -> LoadResult:
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    headers = {"Authorization": f"Bearer {token}"}
    result = LoadResult()
    async with httpx.AsyncClient(
        base_url=base_url, headers=headers, limits=limits, timeout=120
    ) as client:
        shared = iter(bodies)
        result.started = time.perf_counter()
        await asyncio.gather(*(_worker(client, shared, result) for _ in range(concurrency)))
        result.finished = time.perf_counter()
    return result


def check_in_all(
    base_url: str, token: str, bodies: list[dict[str, Any]], concurrency: int
) -> LoadResult:
    return asyncio.run(_run(base_url, token, bodies, concurrency))
