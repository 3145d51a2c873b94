"""The exchange with the province, on `liudong.exchange`: what the province sent the district
(move notices, assistance requests) as items of a jurisdiction's to-do list, and the
answers given. The connector delivers these like every other event, so the province
receives each answer exactly once and in order with the rest.

Stream (and Kafka key): `exchange_item-<id>` keyed by the item id, which is the province's
message id. The person's ID number and name stay in the connector's own table; the events
link to the registry's person where there is one.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from liudong_events.event_data import EventData

ExchangeKind = Literal["move_out_notice", "move_in_notice", "assistance_request"]


class ExchangeItemReceived(EventData):
    """A message of the province landed in the to-do list of the jurisdiction at
    `place_path` (empty: none could be found, so the district's administrators hold it)."""

    item_id: str
    kind: ExchangeKind
    due_at: datetime
    place_path: list[str] = Field(description="place ids from district down to the unit")
    unit_id: str | None = None
    person_id: str | None = None
    residence_id: str | None = None
    elsewhere: str | None = Field(
        default=None, description="the other place, as the province named it"
    )
    province_position: int = Field(description="the message's position in the province's outbox")


class ExchangeItemAnswered(EventData):
    """A clerk answered an item; this event is the answer the province receives."""

    item_id: str
    message_id: str = Field(description="the province's message id (the same as item_id)")
    kind: ExchangeKind
    answer: str
    note: str | None = None
    place_path: list[str]
    overdue: bool = Field(description="answered after its due time")


EXCHANGE_EVENTS: dict[str, type[EventData]] = {
    "liudong.exchange_item.received": ExchangeItemReceived,
    "liudong.exchange_item.answered": ExchangeItemAnswered,
}
