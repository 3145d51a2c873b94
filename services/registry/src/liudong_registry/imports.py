"""Batch import: the template, reading a file's rows into declarations, and checking them.

A row is checked exactly like a clerk's check-in (the same model, the same rules); every
wrong field of every row is reported with its row number, and the good rows land.
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import xlsxwriter
from pydantic import ValidationError

import liudong_codetables as codetables
from liudong_registry import uploads
from liudong_registry.checkin_request import ResidenceCreate
from liudong_registry.domain.identity import search_number
from liudong_registry.domain.residences import raw_declaration_errors
from liudong_registry.uploads import UnreadableFile

BATCH_NAMESPACE = uuid.UUID("6f1d3c2e-6d0a-4f4e-9d51-9a3c6b0e1f00")
# (heading, body path, required, code table or None, explanation)
COLUMNS = [
    (
        "公民身份号码",
        "person.id_number",
        True,
        None,
        "18位公民身份号码 (15位自动转换); 以文本格式录入",
    ),
    ("姓名", "person.name", True, None, "姓名"),
    ("性别", "person.sex", True, "sex", "1 男性, 2 女性"),
    ("民族", "person.ethnicity", True, "ethnicity", "民族代码, 如 01 汉族"),
    ("出生日期", "person.birth_date", True, None, "YYYY-MM-DD, 须与身份号码一致"),
    ("联系方式", "person.phone", False, None, "手机或固定电话"),
    ("户籍地址", "person.hukou_address", False, None, "户籍地详址"),
    ("房屋编号", "unit_id", True, None, "从下拉列表选房屋 (小区/楼栋/房号), 或填房屋编号"),
    ("到达本地日期", "arrival_date", True, None, "YYYY-MM-DD, 不晚于今天"),
    ("住所类别", "housing_type", True, "housing_type", "住所类别代码"),
    ("居住事由", "reason", True, "residence_reason", "居住事由代码"),
    ("拟居住天数", "intended_stay_days", False, None, "天数, 可空"),
]
HEADINGS = [c[0] for c in COLUMNS]
REASON_HEADING = "错误原因"


@dataclass
class Row:
    """A row that passed every check of its own: its number in the file and its body
    (a validated check-in request)."""

    number: int
    body: ResidenceCreate
    values: list[Any]
    path: list[str] = field(default_factory=list)


@dataclass
class Report:
    rows: int = 0
    accepted: list[Row] = field(default_factory=list)
    rejected: list[dict[str, Any]] = field(default_factory=list)

    def reject(self, number: int, field_name: str, reason: str, values: list[Any]) -> None:
        self.rejected.append(
            {"row": number, "field": field_name, "reason": reason, "values": values}
        )

    def summary(self) -> dict[str, Any]:
        """What a client is told: counts, and every rejected row's number, field and reason."""
        return {
            "rows": self.rows,
            "accepted": len(self.accepted),
            "rejected": [{k: r[k] for k in ("row", "field", "reason")} for r in self.rejected],
        }


def batch_id(digest: str) -> str:
    """The same file (its sha256) is the same batch."""
    return str(uuid.uuid5(BATCH_NAMESPACE, digest))


UNIT_COLUMN = HEADINGS.index("房屋编号")
UNITS_LISTED = 20_000  # a dropdown longer than this helps no one; the import knows them all


def template(units: list[str]) -> bytes:
    """The xlsx template: code-table dropdowns, the caller's units (their addresses) as a
    dropdown, the ID column as text, a sheet of help."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet, codes, help_sheet = (
        book.add_worksheet("申报信息"),
        book.add_worksheet("代码"),
        book.add_worksheet("填写说明"),
    )
    bold, text = book.add_format({"bold": True}), book.add_format({"num_format": "@"})
    for col, (heading, _path, required, table, _hint) in enumerate(COLUMNS):
        sheet.write(0, col, heading + ("*" if required else ""), bold)
        sheet.set_column(col, col, 16, text if col == 0 else None)
        if table:
            entries = codetables.table(table).entries
            for row, entry in enumerate(entries):
                codes.write(row, col, f"{entry.code} {entry.name}")
            letter = xlsxwriter.utility.xl_col_to_name(col)
            sheet.data_validation(
                1,
                col,
                5000,
                col,
                {"validate": "list", "source": f"='代码'!${letter}$1:${letter}${len(entries)}"},
            )
    _unit_dropdown(sheet, codes, units[:UNITS_LISTED])
    help_sheet.write_row(0, 0, ["列", "必填", "说明"], bold)
    for row, (heading, _path, required, _table, hint) in enumerate(COLUMNS, start=1):
        help_sheet.write_row(row, 0, [heading, "是" if required else "否", hint])
    codes.hide()
    book.close()
    return out.getvalue()


def _unit_dropdown(sheet: Any, codes: Any, units: list[str]) -> None:
    for row, address in enumerate(units):
        codes.write_string(row, UNIT_COLUMN, address)
    if units:
        letter = xlsxwriter.utility.xl_col_to_name(UNIT_COLUMN)
        sheet.data_validation(
            1,
            UNIT_COLUMN,
            5000,
            UNIT_COLUMN,
            {
                "validate": "list",
                "source": f"='代码'!${letter}$1:${letter}${len(units)}",
                "show_error": False,  # a unit id typed in is fine too
            },
        )


def read_rows(content: bytes, filename: str) -> list[list[Any]]:
    """The data rows (headings checked, then dropped) of an xlsx or csv file."""
    rows = uploads.rows(content, filename)
    if not rows or [str(c).rstrip("*").strip() for c in rows[0][: len(HEADINGS)]] != HEADINGS:
        raise UnreadableFile("表头与模板不一致, 请使用下载的模板")
    return [r for r in rows[1:] if any(str(c).strip() for c in r)]


def to_body(row: list[Any]) -> dict[str, Any]:
    """A row as a check-in body; "01 汉族" and "汉族" both give the code "01"."""
    body: dict[str, Any] = {"person": {}, "capture": {"channel": "imported"}}
    for (_heading, path, _required, table, _hint), cell in zip(COLUMNS, row, strict=False):
        value = _cell(cell)
        if value in ("", None):
            continue
        if table:
            value = _code(table, str(value))
        target, _, name = path.rpartition(".")
        (body["person"] if target == "person" else body)[name] = value
    return body


def _cell(cell: Any) -> Any:
    if isinstance(cell, datetime):
        return cell.date().isoformat()
    if isinstance(cell, date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip() if cell is not None else None


def _code(table: str, value: str) -> str:
    code = value.split(" ", 1)[0]
    if codetables.known(table, code):
        return code
    by_name = [e for e in codetables.table(table).entries if e.name == value]
    return by_name[0].code if by_name else value


def field_of(loc: list[Any]) -> str:
    """The template heading for an error's location."""
    path = ".".join(str(p) for p in loc if p != "body")
    for heading, column_path, *_ in COLUMNS:
        if path == column_path:
            return heading
    return path


Progress = Callable[[int], None]


def check(rows: list[list[Any]], today: date, progress: Progress | None = None) -> Report:
    """Every row through the check-in model and rules; numbers as in the file (row 2 on).
    A person (ID number) appears once in a file: a later row naming them again is refused."""
    report = Report(rows=len(rows))
    first_row: dict[str, int] = {}
    for index, row in enumerate(rows):
        number, body = index + 2, to_body(row)
        problems: list[tuple[str, str]] = []
        model: ResidenceCreate | None = None
        try:
            model = ResidenceCreate.model_validate(body)
        except ValidationError as invalid:
            problems += [(field_of(list(e["loc"])), e["msg"]) for e in invalid.errors()]
        for error in raw_declaration_errors(body, today, codetables.known):
            problems.append((field_of(error.field.split(".")), error.message))
        if model is not None and not problems:
            first = first_row.setdefault(search_number(model.person.id_number), number)
            if first != number:
                problems.append((HEADINGS[0], f"与第{first}行是同一人, 每人只能占一行"))
        values = [_cell(c) for c in row]
        if problems or model is None:
            reasons: dict[str, str] = {}
            for field_name, reason in problems:
                reasons.setdefault(field_name, reason)
            for field_name, reason in reasons.items():
                report.reject(number, field_name, reason, values)
        else:
            report.accepted.append(Row(number, model, values))
        if progress is not None and (index + 1) % 1000 == 0:
            progress(index + 1)
    return report


def rejected_workbook(rejected: list[dict[str, Any]]) -> bytes:
    """The rejected rows as they were, with the reason beside each."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet("未导入")
    bold, text = book.add_format({"bold": True}), book.add_format({"num_format": "@"})
    sheet.write_row(0, 0, ["行号", *HEADINGS, REASON_HEADING], bold)
    reasons: dict[int, list[str]] = {}
    values: dict[int, list[Any]] = {}
    for r in rejected:
        reasons.setdefault(r["row"], []).append(f"{r['field']}: {r['reason']}")
        values[r["row"]] = r["values"]
    for line, row in enumerate(sorted(reasons), start=1):
        sheet.write_number(line, 0, row)
        for col, value in enumerate(values[row][: len(HEADINGS)], start=1):
            sheet.write_string(line, col, "" if value is None else str(value), text)
        sheet.write_string(line, len(HEADINGS) + 1, "; ".join(reasons[row]))
    book.close()
    return out.getvalue()
