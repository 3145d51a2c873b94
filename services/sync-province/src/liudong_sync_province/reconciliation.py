"""The reconciliation report: for each day and event type, what the district's event stores
hold beside what the province holds, and where they differ (guarantee 4).

A positive difference is events the province lacks (not delivered yet: the connector's
lag says whether they are on their way); a negative one, events it holds that no event
store here does. The report is computed on demand (`GET /api/province/reconciliation`)
and, for the last days, every few minutes in the background, as gauges. Only the types the
province receives are set side by side (connector.for_province): our staff's audit trail is
never missing there, and what it received of that trail before it stopped going differs
from nothing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import structlog
from prometheus_client import Gauge

from liudong_events.days import office_today
from liudong_sync_province.connector import for_province
from liudong_sync_province.district import DayAndType, District
from liudong_sync_province.province_client import Province

log = structlog.get_logger("province")
UNRECONCILED = Gauge(
    "liudong_province_unreconciled_events",
    "Events by which the province's counts differ from the district's (last days, by type)",
    ["type"],
)
RECONCILED_AT = Gauge(
    "liudong_province_reconciled_timestamp_seconds", "When the last reconciliation ran"
)


def compare(local: Counter[DayAndType], province: Counter[DayAndType]) -> list[dict[str, Any]]:
    """A row per (day, type) either side holds, in day and type order."""
    return [
        {
            "day": day,
            "type": kind,
            "local": local[(day, kind)],
            "province": province[(day, kind)],
            "difference": local[(day, kind)] - province[(day, kind)],
        }
        for day, kind in sorted(set(local) | set(province))
    ]


def report(first: date, last: date, rows: list[dict[str, Any]]) -> dict[str, Any]:
    local, province = sum(r["local"] for r in rows), sum(r["province"] for r in rows)
    return {
        "from": first,
        "to": last,
        "totals": {"local": local, "province": province, "difference": local - province},
        "days": rows,
        "differences": [r for r in rows if r["difference"]],
    }


def reconcile(district: District, province: Province, first: date, last: date) -> dict[str, Any]:
    """The report for [first, last]; raises DistrictUnavailable or ProvinceUnanswered."""
    local, province_holds = district.event_counts(first, last), province.event_counts(first, last)
    return report(first, last, compare(_sent(local), _sent(province_holds)))


def _sent(counts: Counter[DayAndType]) -> Counter[DayAndType]:
    """The counts of the types that go to the province."""
    return Counter({key: n for key, n in counts.items() if for_province(key[1])})


@dataclass
class Reconciler:
    """Reconciles the last `days` days and sets the gauges (see main.py for how often)."""

    district: District
    province: Province
    days: int = 7

    def once(self) -> None:
        last = office_today()
        found = reconcile(self.district, self.province, last - timedelta(days=self.days - 1), last)
        by_type: Counter[str] = Counter()
        for row in found["days"]:
            by_type[row["type"]] += abs(row["difference"])
        for kind in {*by_type, *_labelled_types()}:
            UNRECONCILED.labels(kind).set(by_type[kind])
        RECONCILED_AT.set(datetime.now(UTC).timestamp())


def _labelled_types() -> set[str]:
    """The types a gauge was set for before: one now equal is set back to 0."""
    return {labels[0] for labels in UNRECONCILED._metrics}
