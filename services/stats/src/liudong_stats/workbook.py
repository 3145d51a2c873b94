"""The monthly report workbook (月报) of a jurisdiction: a cover sheet naming the place and
the period, then the tables of the statistics pages, styled, each with its totals row."""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any

import xlsxwriter

from liudong_events.days import OFFICE_ZONE
from liudong_stats.breakdowns import Breakdown

FIGURE_HEADINGS = ("本期入住", "本期离开", "期末在住")
BREAKDOWN_TITLES: dict[Breakdown, str] = {
    "origin_province": "户籍地(省)",
    "housing_type": "住所类别",
    "reason": "居住事由",
    "age_band": "年龄段",
    "sex": "性别",
}
KIND_NAMES = {
    "district": "区县",
    "station": "派出所",
    "community": "社区",
    "compound": "小区",
    "building": "楼栋",
    "unit": "房屋",
}


class _Styles:
    def __init__(self, book: Any) -> None:
        self.title = book.add_format({"bold": True, "font_size": 18})
        self.label = book.add_format({"bold": True, "font_color": "#555555"})
        self.heading = book.add_format(
            {"bold": True, "bg_color": "#1F4E79", "font_color": "#FFFFFF", "border": 1}
        )
        self.cell = book.add_format({"border": 1})
        self.number = book.add_format({"border": 1, "num_format": "#,##0"})
        self.total = book.add_format({"bold": True, "border": 1, "bg_color": "#DDEBF7"})
        self.total_number = book.add_format(
            {"bold": True, "border": 1, "bg_color": "#DDEBF7", "num_format": "#,##0"}
        )


def workbook(
    place: dict[str, Any],
    start: date,
    end: date,
    drill: dict[str, Any],
    breakdowns: dict[Breakdown, list[dict[str, Any]]],
    series: list[dict[str, Any]],
    work: dict[str, Any],
) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    styles = _Styles(book)
    _cover(book, styles, place, start, end, drill["totals"])
    children = [
        (c["name"], c["checked_in"], c["departed"], c["current"]) for c in drill["children"]
    ]
    _table(book, styles, "分级统计", ["名称", *FIGURE_HEADINGS], children, drill["totals"])
    for by, title in BREAKDOWN_TITLES.items():
        rows = [(i["name"], i["checked_in"], i["departed"], i["current"]) for i in breakdowns[by]]
        _table(book, styles, title, [title, *FIGURE_HEADINGS], rows, drill["totals"])
    days = [
        (s["period"].isoformat(), s["arrivals"], s["departures"], s["residents"]) for s in series
    ]
    _table(book, styles, "每日", ["日期", "入住", "离开", "日末在住"], days, None)
    staff = [
        (u["username"] or "-", u["entered"], u["corrected"], u["cancelled"])
        for u in work["by_user"]
    ]
    _table(book, styles, "工作量", ["用户", "登记", "更正", "注销"], staff, None)
    book.close()
    return out.getvalue()


def _cover(
    book: Any,
    styles: _Styles,
    place: dict[str, Any],
    start: date,
    end: date,
    totals: dict[str, int],
) -> None:
    sheet = book.add_worksheet("封面")
    sheet.set_column(0, 0, 16)
    sheet.set_column(1, 1, 40)
    sheet.write(0, 0, "流动人口居住登记月报", styles.title)
    rows = [
        ("辖区", f"{place['name']} ({KIND_NAMES.get(place['kind'], place['kind'])})"),
        ("统计期间", f"{start.isoformat()} 至 {end.isoformat()}"),
        ("生成时间", datetime.now(OFFICE_ZONE).strftime("%Y-%m-%d %H:%M")),
        ("本期入住", totals["checked_in"]),
        ("本期离开", totals["departed"]),
        ("期末在住", totals["current"]),
    ]
    for n, (label, value) in enumerate(rows, start=2):
        sheet.write(n, 0, label, styles.label)
        sheet.write(n, 1, value)


def _table(
    book: Any,
    styles: _Styles,
    name: str,
    headings: list[str],
    rows: list[tuple[Any, ...]],
    totals: dict[str, int] | None,
) -> None:
    """A sheet: the headings, the rows and, where the rows add up, a totals row (合计)."""
    sheet = book.add_worksheet(name)
    sheet.set_column(0, 0, 24)
    sheet.set_column(1, len(headings) - 1, 12)
    sheet.freeze_panes(1, 0)
    for col, heading in enumerate(headings):
        sheet.write(0, col, heading, styles.heading)
    for r, row in enumerate(rows, start=1):
        sheet.write(r, 0, row[0], styles.cell)
        for col, value in enumerate(row[1:], start=1):
            sheet.write_number(r, col, value, styles.number)
    if totals is not None:
        last = len(rows) + 1
        sheet.write(last, 0, "合计", styles.total)
        for col, key in enumerate(("checked_in", "departed", "current"), start=1):
            sheet.write_number(last, col, totals[key], styles.total_number)
