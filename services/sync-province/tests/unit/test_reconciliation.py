"""The reconciliation report: both sides' counts by day and type, and what differs."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from liudong_sync_province.district import District
from liudong_sync_province.province_client import Province
from liudong_sync_province.reconciliation import compare, reconcile, report


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


def test_the_audit_trail_and_sessions_are_never_missing_at_the_province(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    day = "2026-11-27"
    local = Counter(
        {
            (day, "liudong.residence.checked_in"): 2,
            (day, "liudong.audit.login_failed"): 3,
            (day, "liudong.audit.person_viewed"): 1,
            (day, "liudong.session.ended"): 1,
        }
    )
    # What it received of the audit trail before that stopped going differs from nothing.
    held = Counter(
        {(day, "liudong.residence.checked_in"): 2, (day, "liudong.audit.login_succeeded"): 4}
    )
    district = District("secret", "http://registry", "http://housing", ())
    province = Province("http://province", "key")
    monkeypatch.setattr(district, "event_counts", lambda _first, _last: local)
    monkeypatch.setattr(province, "event_counts", lambda _first, _last: held)
    found = reconcile(district, province, date(2026, 11, 27), date(2026, 11, 27))
    assert [r["type"] for r in found["days"]] == ["liudong.residence.checked_in"]
    assert found["differences"] == []
    assert found["totals"] == {"local": 2, "province": 2, "difference": 0}
