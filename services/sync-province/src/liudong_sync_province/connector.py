"""The connector: every event of the topics the province receives (PROVINCE_TOPICS: not our
staff's audit trail nor their sessions) delivered to it, as a projection whose `apply` is
the delivery.

A consumer loop applies a batch and records its checkpoints in one transaction (see
consumer.py), so a batch is recorded only once the province has stored it; a crash in
between delivers it again and the province ignores the copies. The loop keeps each stream's
order and holds back an event that came before one missing from its stream.
"""

from __future__ import annotations

from typing import Any

import psycopg

from liudong_events.catalog import EVENT_TYPES
from liudong_events.envelope import Envelope
from liudong_events.event_data import PROVINCE_TOPICS
from liudong_sync_province.delivery import Delivery


class ToProvince:
    name = "sync.province"
    topics: tuple[str, ...] = PROVINCE_TOPICS
    topics_as_they_come = True  # the topics nothing has published to yet do not hold it up

    def __init__(self, delivery: Delivery) -> None:
        self.delivery = delivery

    def apply(self, event: Envelope, conn: psycopg.Connection[Any]) -> None:
        self.delivery.deliver([event])

    def apply_all(self, events: list[Envelope], conn: psycopg.Connection[Any]) -> None:
        self.delivery.deliver(events)


def for_province(event_type: str) -> bool:
    """Whether events of this type go to the province: their topic is one it receives."""
    found = EVENT_TYPES.get(event_type)
    return found is not None and found[0] in PROVINCE_TOPICS
