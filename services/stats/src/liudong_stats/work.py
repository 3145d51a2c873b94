"""Staff work figures (绩效考核): what each user entered, corrected and cancelled, and the
monthly deadline: every change of a month is entered by the 4th of the next month, 16:00
(Beijing time)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

import psycopg
from psycopg.rows import dict_row

from liudong_events.catalog import PLACE_KINDS
from liudong_events.days import OFFICE_ZONE

DEADLINE_DAY, DEADLINE_TIME = 4, time(16, 0)
# The same rule in SQL, for a change that took effect on `effective`.
_DEADLINE = (
    "((date_trunc('month', c.effective) + interval '1 month'"
    f" + interval '{DEADLINE_DAY - 1} days {DEADLINE_TIME.hour} hours')"
    " AT TIME ZONE 'Asia/Shanghai')"
)
_COUNTS = (
    "count(*) FILTER (WHERE c.kind = 'entered') AS entered,"
    " count(*) FILTER (WHERE c.kind = 'corrected') AS corrected,"
    " count(*) FILTER (WHERE c.kind = 'cancelled') AS cancelled"
)
_RECORDED_IN = "(c.recorded_at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN %(from)s AND %(to)s"


def deadline(month: date) -> datetime:
    """When the changes of `month` must all have been entered."""
    following = date(month.year + month.month // 12, month.month % 12 + 1, DEADLINE_DAY)
    return datetime.combine(following, DEADLINE_TIME, OFFICE_ZONE)


def figures(
    conn: psycopg.Connection[Any], place: dict[str, Any], start: date, end: date
) -> dict[str, Any]:
    level = PLACE_KINDS.index(place["kind"]) + 1  # the place's position in a path (1-based)
    args = {"id": place["id"], "from": start, "to": end, "child": level + 1}
    under = "c.place_path @> ARRAY[%(id)s]::uuid[]"
    with conn.cursor(row_factory=dict_row) as cur:
        by_user = cur.execute(
            f"SELECT c.user_id::text, c.username, {_COUNTS} FROM stats_changes c"
            f" WHERE {under} AND {_RECORDED_IN} GROUP BY c.user_id, c.username"
            " ORDER BY entered DESC, c.username",
            args,
        ).fetchall()
        by_place = cur.execute(
            f"SELECT p.id::text AS place_id, p.kind, p.name, {_COUNTS} FROM stats_changes c"
            " JOIN stats_places p ON p.id = c.place_path[%(child)s]"
            f" WHERE {under} AND {_RECORDED_IN} GROUP BY p.id, p.kind, p.name ORDER BY p.name",
            args,
        ).fetchall()
        months = cur.execute(
            "SELECT date_trunc('month', c.effective)::date AS month, count(*) AS changes,"
            f" count(*) FILTER (WHERE c.recorded_at <= {_DEADLINE}) AS on_time"
            f" FROM stats_changes c WHERE {under} AND c.kind = 'entered'"
            " AND c.effective BETWEEN %(from)s AND %(to)s GROUP BY 1 ORDER BY 1",
            args,
        ).fetchall()
    for month in months:
        month["late"] = month["changes"] - month["on_time"]
        month["deadline"] = deadline(month["month"])
        month["on_time_share"] = round(month["on_time"] / month["changes"], 4)
    return {"by_user": by_user, "by_place": by_place, "timeliness": months}
