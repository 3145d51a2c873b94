"""The inbound exchange's rules: what the province sends, when each item is due, which
answers each takes. Pure: no I/O, so the rules are tested in microseconds.

A move notice leaves the station 3 working days (the clock of each step of a move);
an assistance request (协查) is due when the province says, often within hours. Working days
are China's: weekends and statutory holidays off, the weekends worked in their stead on
(chinesecalendar, which knows the State Council's schedule up to its last release; past
that, Monday to Friday).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from typing import Literal

import chinese_calendar
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from liudong_events.days import OFFICE_ZONE
from liudong_events.exchange_events import ExchangeKind

STEP_WORKING_DAYS = 3

KIND_NAMES: dict[ExchangeKind, str] = {
    "move_out_notice": "需流出登记",
    "move_in_notice": "需流入登记",
    "assistance_request": "协查请求",
}
# The answers each kind of item takes, and how the to-do list shows them.
ANSWERS: dict[ExchangeKind, dict[str, str]] = {
    "move_out_notice": {"departure_registered": "已办理流出登记", "not_resident": "查无此人在住"},
    "move_in_notice": {"arrival_registered": "已办理流入登记", "not_arrived": "未到本地居住"},
    "assistance_request": {"resident": "核实在住", "not_resident": "核实不在住"},
}
Answer = Literal[
    "departure_registered", "not_resident", "arrival_registered", "not_arrived", "resident"
]


class ProvinceMessage(BaseModel):
    """A message of the province's outbox, as `GET /outbox` lists it."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    position: int = Field(ge=1)
    message_id: uuid.UUID
    kind: ExchangeKind
    id_number: str = Field(min_length=1, max_length=32)
    name: str = Field(min_length=1, max_length=64)
    due_at: AwareDatetime | None = None
    elsewhere: str | None = Field(default=None, max_length=200)
    details: str | None = Field(default=None, max_length=2000)
    unit_id: uuid.UUID | None = None
    sent_at: AwareDatetime


def is_working_day(day: date) -> bool:
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:  # a year past the library's last schedule
        return day.weekday() < 5


def working_days_after(start: datetime, days: int) -> datetime:
    """The same time of day, `days` working days after `start` (in Beijing time)."""
    moment = start.astimezone(OFFICE_ZONE)
    day, counted = moment.date(), 0
    while counted < days:
        day += timedelta(days=1)
        counted += is_working_day(day)
    return datetime.combine(day, moment.timetz())


def due_at(message: ProvinceMessage, received_at: datetime) -> datetime:
    """When the district must have answered: the province's due time where it set one,
    else 3 working days after the message arrived."""
    return message.due_at or working_days_after(received_at, STEP_WORKING_DAYS)


def answer_error(kind: ExchangeKind, answer: str) -> str | None:
    """Why `answer` does not answer an item of `kind` (None: it does)."""
    if answer in ANSWERS[kind]:
        return None
    allowed = "、".join(f"{code}({label})" for code, label in ANSWERS[kind].items())
    return f"{KIND_NAMES[kind]}只能答复为: {allowed}"


def is_overdue(due: datetime, answered_at: datetime | None, now: datetime) -> bool:
    """Past its due time unanswered, or answered after it."""
    return (answered_at or now) > due
