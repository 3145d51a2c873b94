"""The connector: every event of every topic delivered to the province, as a projection
whose `apply` is the delivery.

A consumer loop applies a batch and records its checkpoints in one transaction (see
consumer.py), so a batch is recorded only once the province has stored it; a crash in
between delivers it again and the province ignores the copies. The loop keeps each stream's
order and holds back an event that came before one missing from its stream.
"""

from __future__ import annotations

from typing import Any

import psycopg

from liudong_events.catalog import TOPICS
from liudong_events.envelope import Envelope
from liudong_sync_province.delivery import Delivery


class ToProvince:
    name = "sync.province"
    topics: tuple[str, ...] = tuple(TOPICS)
    topics_as_they_come = True  # the topics nothing has published to yet do not hold it up

    def __init__(self, delivery: Delivery) -> None:
        self.delivery = delivery

    def apply(self, event: Envelope, conn: psycopg.Connection[Any]) -> None:
        self.delivery.deliver([event])

    def apply_all(self, events: list[Envelope], conn: psycopg.Connection[Any]) -> None:
        self.delivery.deliver(events)
