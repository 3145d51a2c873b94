"""The reconciliation report: both sides' counts by day and type, and what differs."""

from __future__ import annotations

from collections import Counter
from datetime import date

from liudong_sync_province.reconciliation import compare, report


def test_each_day_and_type_either_side_holds_is_listed_with_its_difference() -> None:
    local = Counter({("2026-11-26", "a"): 5, ("2026-11-27", "a"): 3, ("2026-11-27", "b"): 2})
    province = Counter({("2026-11-26", "a"): 5, ("2026-11-27", "a"): 1, ("2026-11-25", "c"): 1})
    found = report(date(2026, 11, 25), date(2026, 11, 27), compare(local, province))
    assert found["totals"] == {"local": 10, "province": 7, "difference": 3}
    assert [(r["day"], r["type"]) for r in found["days"]] == [
        ("2026-11-25", "c"),
        ("2026-11-26", "a"),
        ("2026-11-27", "a"),
        ("2026-11-27", "b"),
    ]
    assert [(r["day"], r["type"], r["difference"]) for r in found["differences"]] == [
        ("2026-11-25", "c", -1),
        ("2026-11-27", "a", 2),
        ("2026-11-27", "b", 2),
    ]


def test_two_equal_sides_differ_nowhere() -> None:
    same = Counter({("2026-11-27", "a"): 4})
    found = report(date(2026, 11, 27), date(2026, 11, 27), compare(same, Counter(same)))
    assert found["differences"] == []
    assert found["totals"]["difference"] == 0
