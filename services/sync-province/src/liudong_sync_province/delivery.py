"""Delivering events to the province: a signed CloudEvents batch POSTed until the province
answers that it stored it.

Nothing is dropped. An answer other than 200, or none, is retried after a wait that grows
exponentially with full jitter (so that districts coming back together do not knock all at
once); after `give_up_after` seconds the call raises, and the consumer loop that called it
starts again from its checkpoints, so the batch comes again. The province ignores an event
id it holds already: a batch delivered twice is stored once.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import orjson
import structlog
from prometheus_client import Counter, Gauge

from liudong_events.envelope import Envelope
from liudong_sync_province import signing
from liudong_sync_province.batches import CONTENT_TYPE

log = structlog.get_logger("province")
DELIVERED = Counter("liudong_province_delivered_events_total", "Events the province stored")
FAILED = Counter(
    "liudong_province_delivery_failures_total", "Deliveries not stored, by reason", ["reason"]
)
WAITING = Gauge("liudong_province_backoff_seconds", "The wait before the next delivery attempt")


class ProvinceUnreachable(RuntimeError):
    """The province has not stored the batch in the time allowed: deliver it again later."""


def structured(headers: dict[str, Any], value: bytes) -> bytes:
    """An event as CloudEvents' JSON format has it, from its Kafka message in binary mode
    (see Envelope.to_kafka): each `ce_` header an attribute, the data spliced in as it came,
    never parsed (a replay sends a million)."""
    attributes = {
        "specversion": "1.0",
        **{n.removeprefix("ce_"): v.decode() for n, v in headers.items() if n != "content-type"},
        "datacontenttype": "application/json",
    }
    return orjson.dumps(attributes)[:-1] + b',"data":' + (value or b"{}") + b"}"


@dataclass
class Delivery:
    url: str
    key: str
    give_up_after: float = 60.0
    first_wait: float = 0.5
    longest_wait: float = 30.0
    timeout: float = 10.0
    sleep: Callable[[float], None] = time.sleep
    client: httpx.Client = field(default_factory=httpx.Client)

    def deliver(self, events: list[Envelope]) -> None:
        """Until the province has stored `events` (in this order), or raise
        ProvinceUnreachable after `give_up_after` seconds of trying."""
        if events:
            records = [e.to_kafka() for e in events]
            body = b"[" + b",".join(structured(r.headers, r.value) for r in records) + b"]"
            self.deliver_body(body, len(events))

    def deliver_body(self, body: bytes, count: int) -> None:
        """`deliver` for a batch already encoded (`count` events)."""
        headers = {"content-type": CONTENT_TYPE, signing.HEADER: signing.signature(body, self.key)}
        began, attempt = time.monotonic(), 0
        while True:
            reason = self._attempt(body, headers)
            if reason is None:
                DELIVERED.inc(count)
                WAITING.set(0)
                return
            FAILED.labels(reason).inc()
            wait = random.uniform(0, min(self.longest_wait, self.first_wait * 2**attempt))
            if time.monotonic() - began + wait > self.give_up_after:
                WAITING.set(0)
                raise ProvinceUnreachable(f"the province did not store the batch: {reason}")
            log.warning("province_delivery_retry", reason=reason, events=count, wait=wait)
            WAITING.set(wait)
            self.sleep(wait)
            attempt += 1

    def _attempt(self, body: bytes, headers: dict[str, str]) -> str | None:
        """None once stored; else why not (a status, or the transport's error)."""
        try:
            response = self.client.post(
                self.url, content=body, headers=headers, timeout=self.timeout
            )
        except httpx.TransportError as exc:
            return type(exc).__name__
        return None if response.status_code == 200 else f"http_{response.status_code}"
