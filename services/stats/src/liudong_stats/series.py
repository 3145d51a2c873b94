"""A place's daily or monthly series: arrivals, departures and residents at each period's end."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Literal

Interval = Literal["day", "month"]
MOST_PERIODS = {"day": 366, "month": 120}


def period_starts(start: date, end: date, interval: Interval) -> list[date]:
    """The first day of each period from the one holding `start` to the one holding `end`."""
    first = start if interval == "day" else start.replace(day=1)
    starts = []
    while first <= end:
        starts.append(first)
        first = first + timedelta(days=1) if interval == "day" else _next_month(first)
    return starts


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def series(
    start: date,
    end: date,
    interval: Interval,
    resident_before: int,
    moves: dict[date, dict[str, int]],
) -> list[dict[str, Any]]:
    """Each period with its arrivals and departures (those dated within [start, end]) and
    the residents at its end (or at `end`, for the last), counted on from `resident_before`,
    the residents at the end of the day before `start`."""
    residents = resident_before
    items = []
    for first in period_starts(start, end, interval):
        moved = moves.get(first, {"arrivals": 0, "departures": 0})
        residents += moved["arrivals"] - moved["departures"]
        items.append({"period": first, **moved, "residents": residents})
    return items
