"""The inbound exchange: the province's outbox read in order, each message placed in the
to-do list of the jurisdiction that holds the person's unit, with its due time.

A message is taken once: the item and the outbox position read past it commit together,
and the item's id is the province's message id. A message that cannot be placed yet (the
registry not answering) stops the reading there, to be tried again; the province's order
is kept. Answers go back as events (see exchange_events.py), delivered with the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import psycopg
import structlog
from prometheus_client import Counter, Gauge

from liudong_sync_province import exchange_store
from liudong_sync_province.district import District, DistrictUnavailable
from liudong_sync_province.province_client import Province, ProvinceUnanswered

UNANSWERED = (DistrictUnavailable, ProvinceUnanswered, psycopg.OperationalError)

log = structlog.get_logger("province")
RECEIVED = Counter(
    "liudong_exchange_received_items_total", "Province messages placed in a to-do list", ["kind"]
)
OPEN = Gauge("liudong_exchange_open_items", "To-do items not answered yet")
OVERDUE = Gauge("liudong_exchange_overdue_items", "To-do items past their due time, unanswered")


@dataclass
class Inbox:
    database_url: str
    district: District
    province: Province

    def once(self) -> int:
        """Read and place what the province sent since last time; how many were new."""
        with psycopg.connect(self.database_url, autocommit=True) as conn:
            after = exchange_store.cursor(conn, self.province.base_url)
            new = 0
            for message in self.province.outbox(after):
                placed = self.district.placement(
                    message.id_number, str(message.unit_id) if message.unit_id else None
                )
                now = datetime.now(UTC)
                if exchange_store.receive(conn, self.province.base_url, message, placed, now):
                    RECEIVED.labels(message.kind).inc()
                    log.info(
                        "exchange_item_received", kind=message.kind, placed=bool(placed.place_path)
                    )
                    new += 1
            opened, overdue = exchange_store.open_counts(conn)
        OPEN.set(opened)
        OVERDUE.set(overdue)
        return new
