"""How many events a service's event store holds, by day and type: its side of the
reconciliation with the province (see sync-province's reconciliation.py).

Days are Beijing days, as the offices and the province count them; an event falls on the
day it was recorded (its CloudEvents `time`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import HTTPException, status

from liudong_events.days import OFFICE_ZONE_NAME as DAY_ZONE

LONGEST_SPAN_DAYS = 366


def counts_by_day(
    conn: Any, first: date, last: date, table: str = "events", at: str = "recorded_at"
) -> list[dict[str, Any]]:
    """[{"day", "type", "events"}] for each day of [first, last] and type that has any, by
    the time in column `at` (the caller's constants, as `table`); the range is on the
    column itself, so that an index on it serves."""
    rows = conn.execute(
        f"SELECT ({at} AT TIME ZONE '{DAY_ZONE}')::date AS day, type, count(*)"
        f" FROM {table}"
        f" WHERE {at} >= (%(first)s::date::timestamp AT TIME ZONE '{DAY_ZONE}')"
        f"   AND {at} < ((%(last)s::date + 1)::timestamp AT TIME ZONE '{DAY_ZONE}')"
        " GROUP BY 1, 2 ORDER BY 1, 2",
        {"first": first, "last": last},
    ).fetchall()
    return [{"day": day.isoformat(), "type": kind, "events": n} for day, kind, n in rows]


def checked_span(first: date, last: date) -> None:
    """A span of days a report can cover: else 422, naming `from` when it comes after
    `to`, and `to` when the span is too long."""
    if first > last:
        _refuse("from", "起始日期须不晚于截止日期")
    if (last - first).days >= LONGEST_SPAN_DAYS:
        _refuse("to", f"跨度不超过{LONGEST_SPAN_DAYS}天")


def _refuse(field: str, message: str) -> None:
    raise HTTPException(
        status.HTTP_422_UNPROCESSABLE_ENTITY,
        [{"loc": ["query", field], "msg": message, "type": "value_error"}],
    )
