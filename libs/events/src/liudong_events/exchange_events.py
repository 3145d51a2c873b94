"""The exchange with the province, on `liudong.exchange`: what the province sent the district
(move notices, assistance requests) as items of a jurisdiction's to-do list, and the
answers given. The connector delivers these like every other event, so the province
receives each answer exactly once and in order with the rest.

A move between two jurisdictions of the district (a check-in that ended a residence under
another station) is one case that both sides confirm, each within its clock: the origin
its outflow (流出确认, 退档), the destination its inflow (流入确认). A side whose clock runs
out is escalated to the level above; the case counts in statistics once both confirmed.

Streams (and Kafka keys): `exchange_item-<id>` keyed by the item id, which is the province's
message id; `move_case-<id>` keyed by the person id. The person's ID number and name stay in
the connector's own table; the events link to the registry's person where there is one.
"""

from __future__ import annotations

from datetime import date, datetime
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


MoveSide = Literal["origin", "destination"]


class MoveCaseOpened(EventData):
    """A person moved from a unit under one station to a unit under another: both stations
    are to confirm by `due_at`."""

    case_id: str
    person_id: str
    from_residence_id: str
    to_residence_id: str
    origin_path: list[str] = Field(description="place ids from district down to the unit left")
    destination_path: list[str] = Field(description="… down to the unit moved into")
    moved_on: date
    due_at: datetime


class MoveCaseConfirmed(EventData):
    """One side confirmed: the origin its outflow (退档), the destination its inflow."""

    case_id: str
    side: MoveSide
    note: str | None = None
    overdue: bool = Field(description="confirmed after the side's due time")


class MoveCaseEscalated(EventData):
    """A side's clock ran out unconfirmed: the level above (`place_id`) now holds it,
    with a new clock."""

    case_id: str
    side: MoveSide
    place_id: str
    due_at: datetime


class MoveCaseCompleted(EventData):
    """Both sides confirmed: the move counts in statistics from now on, on `moved_on`."""

    case_id: str
    person_id: str
    origin_path: list[str]
    destination_path: list[str]
    moved_on: date


EXCHANGE_EVENTS: dict[str, type[EventData]] = {
    "liudong.exchange_item.received": ExchangeItemReceived,
    "liudong.exchange_item.answered": ExchangeItemAnswered,
    "liudong.move_case.opened": MoveCaseOpened,
    "liudong.move_case.confirmed": MoveCaseConfirmed,
    "liudong.move_case.escalated": MoveCaseEscalated,
    "liudong.move_case.completed": MoveCaseCompleted,
}
