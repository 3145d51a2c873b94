"""The rules of a move between two jurisdictions: when a move is a case, who confirms each
side, when each side is due, and who takes a side whose clock ran out. Pure.

A jurisdiction is a station's (派出所): the second place of every path, under the district.
A move within one station is that station's own business and opens no case.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from liudong_sync_province.exchange import STEP_WORKING_DAYS, working_days_after

Side = Literal["origin", "destination"]
SIDES: tuple[Side, ...] = ("origin", "destination")
SIDE_NAMES: dict[Side, str] = {"origin": "流出地确认退档", "destination": "流入地确认"}


def station_of(path: list[str]) -> str | None:
    return path[1] if len(path) > 1 else None


def is_case(origin_path: list[str], destination_path: list[str]) -> bool:
    """Whether the move leaves one station's jurisdiction for another's."""
    return station_of(origin_path) != station_of(destination_path)


def level_above(path: list[str]) -> str:
    """Who takes a side whose clock ran out: the level above the station (the district)."""
    return path[0]


def due_after(moment: datetime) -> datetime:
    """A step's clock: 3 working days."""
    return working_days_after(moment, STEP_WORKING_DAYS)


def overdue_sides(case: dict[str, object], now: datetime) -> list[Side]:
    """The sides of an open case past their due time, unconfirmed and not yet escalated:
    each is escalated once (its new clock then runs at the level above)."""
    return [
        side
        for side in SIDES
        if case[f"{side}_confirmed_at"] is None
        and case[f"{side}_escalated_to"] is None
        and now > case[f"{side}_due_at"]  # type: ignore[operator]
    ]
