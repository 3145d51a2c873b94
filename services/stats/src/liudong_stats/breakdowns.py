"""Breakdowns of the occupancy figures: what a group is called and which groups there are.

By origin province and city (from the household-registration region), housing type,
reason for residence, age band and sex. Never by ethnicity, religion or political status:
the projection does not even hold them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal

import liudong_codetables as codetables

Breakdown = Literal["origin_province", "origin_city", "housing_type", "reason", "age_band", "sex"]
BREAKDOWNS: tuple[Breakdown, ...] = (
    "origin_province",
    "origin_city",
    "housing_type",
    "reason",
    "age_band",
    "sex",
)
FIGURES = ("checked_in", "departed", "current")
MUNICIPALITIES = ("11", "12", "31", "50")  # Beijing, Tianjin, Shanghai, Chongqing
# Age on the last day of the period, in the bands reports use.
AGE_BANDS: tuple[tuple[int, int | None, str], ...] = (
    (0, 17, "0-17岁"),
    (18, 29, "18-29岁"),
    (30, 39, "30-39岁"),
    (40, 49, "40-49岁"),
    (50, 59, "50-59岁"),
    (60, None, "60岁以上"),
)
UNKNOWN = ("unknown", "未知")


@dataclass(frozen=True)
class Group:
    key: str
    name: str


def province(region: str) -> Group:
    found = codetables.table("division").get(region[:2] + "0000")
    return Group(found.code, found.name) if found else Group(*UNKNOWN)


def city(region: str) -> Group:
    """The city of a county; a municipality counts as its own city, and a county-level
    city directly under its province (仙桃市) as itself."""
    divisions = codetables.table("division")
    entry = divisions.get(region) or divisions.get(region[:4] + "00")
    if entry is None:
        return province(region)
    if entry.code.endswith("00"):  # a city, or a province given as the origin
        return Group(entry.code, entry.name)
    parent = divisions.get(entry.parent) if entry.parent else None
    if parent is not None and (not parent.code.endswith("0000") or region[:2] in MUNICIPALITIES):
        return Group(parent.code, parent.name)
    return Group(entry.code, entry.name)


def age_band(age: Any) -> Group:
    for low, high, name in AGE_BANDS:
        if age >= low and (high is None or age <= high):
            return Group(name, name)
    return Group(*UNKNOWN)


def _coded(table: str) -> Callable[[Any], Group]:
    def group(code: Any) -> Group:
        found = codetables.table(table).get(str(code))
        return Group(found.code, found.name) if found else Group(*UNKNOWN)

    return group


# What the projection groups by (its column, or the age), and how a value becomes a group.
GROUPED_BY: dict[Breakdown, tuple[str, Callable[[Any], Group]]] = {
    "origin_province": ("origin_region", province),
    "origin_city": ("origin_region", city),
    "housing_type": ("housing_type", _coded("housing_type")),
    "reason": ("reason", _coded("residence_reason")),
    "age_band": ("age", age_band),
    "sex": ("sex", _coded("sex")),
}


def regroup(by: Breakdown, rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows of (value, figures) summed into the breakdown's groups, the largest first."""
    to_group = GROUPED_BY[by][1]
    sums: dict[Group, dict[str, int]] = {}
    for row in rows:
        figures = sums.setdefault(to_group(row["value"]), dict.fromkeys(FIGURES, 0))
        for name in FIGURES:
            figures[name] += int(row[name])
    ordered = sorted(
        sums.items(), key=lambda kv: (-kv[1]["current"], -kv[1]["checked_in"], kv[0].key)
    )
    return [{"key": g.key, "name": g.name, **figures} for g, figures in ordered]
