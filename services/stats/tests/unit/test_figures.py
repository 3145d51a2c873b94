"""Breakdown groups and series, without a database."""

from __future__ import annotations

from datetime import date

import pytest

from liudong_stats.breakdowns import age_band, city, province, regroup
from liudong_stats.series import period_starts, series
from liudong_stats.work import deadline


@pytest.mark.parametrize(
    ("region", "expected"),
    [
        ("110105", ("110000", "北京市")),  # a district of a municipality: the municipality
        ("320102", ("320100", "南京市")),  # a county: its city
        ("320100", ("320100", "南京市")),  # a city given as the origin
        ("429004", ("429004", "仙桃市")),  # a county-level city directly under its province
        ("999999", ("unknown", "未知")),
    ],
)
def test_the_origin_city_of_a_region(region: str, expected: tuple[str, str]) -> None:
    group = city(region)
    assert (group.key, group.name) == expected


def test_the_origin_province_of_a_region() -> None:
    assert (province("320102").key, province("320102").name) == ("320000", "江苏省")
    assert province("990000").key == "unknown"


@pytest.mark.parametrize(
    ("age", "band"),
    [(0, "0-17岁"), (17, "0-17岁"), (18, "18-29岁"), (59, "50-59岁"), (95, "60岁以上")],
)
def test_age_bands(age: int, band: str) -> None:
    assert age_band(age).name == band


def test_regroup_sums_values_into_groups_largest_first() -> None:
    rows = [
        {"value": "320102", "checked_in": 1, "departed": 0, "current": 1},
        {"value": "320104", "checked_in": 2, "departed": 1, "current": 1},
        {"value": "110105", "checked_in": 1, "departed": 0, "current": 3},
    ]
    assert regroup("origin_city", rows) == [
        {"key": "110000", "name": "北京市", "checked_in": 1, "departed": 0, "current": 3},
        {"key": "320100", "name": "南京市", "checked_in": 3, "departed": 1, "current": 2},
    ]
    by_sex = regroup("sex", [{"value": "2", "checked_in": 1, "departed": 0, "current": 1}])
    assert by_sex[0]["name"] == "女性"


def test_months_of_a_period_and_days() -> None:
    assert period_starts(date(2026, 11, 15), date(2027, 2, 1), "month") == [
        date(2026, 11, 1),
        date(2026, 12, 1),
        date(2027, 1, 1),
        date(2027, 2, 1),
    ]
    assert len(period_starts(date(2026, 2, 27), date(2026, 3, 2), "day")) == 4


def test_residents_run_on_from_the_day_before() -> None:
    moves = {
        date(2026, 11, 2): {"arrivals": 3, "departures": 0},
        date(2026, 11, 3): {"arrivals": 0, "departures": 2},
    }
    items = series(date(2026, 11, 1), date(2026, 11, 3), "day", 10, moves)
    assert [(i["arrivals"], i["departures"], i["residents"]) for i in items] == [
        (0, 0, 10),
        (3, 0, 13),
        (0, 2, 11),
    ]


def test_a_month_is_due_on_the_4th_of_the_next_at_16_beijing_time() -> None:
    due = deadline(date(2026, 12, 1))
    assert due.isoformat() == "2027-01-04T16:00:00+08:00"
    assert deadline(date(2026, 2, 1)).isoformat() == "2026-03-04T16:00:00+08:00"
