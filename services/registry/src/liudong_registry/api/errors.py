"""Field-level errors in the words clerks know, all of them at once.

FastAPI reports the request's structural errors (a missing field, a bad date) before any
rule runs; for a declaration we add, in the same answer, what the rules say about the
fields that did arrive (a wrong check digit, an unknown code), so nothing is found one by one.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

import liudong_codetables as codetables
from liudong_events.days import office_today
from liudong_registry.domain.identity import FieldError
from liudong_registry.domain.residences import (
    AMENDABLE,
    PERSON_CODES,
    raw_declaration_errors,
)

PERSON_FIELDS = {*AMENDABLE, *PERSON_CODES, "id_type"}
DECLARATION_PATHS = ("/api/residences", "/api/declarations")
LABELS = {
    "id_number": "公民身份号码",
    "name": "姓名",
    "sex": "性别",
    "ethnicity": "民族",
    "birth_date": "出生日期",
    "phone": "联系方式",
    "unit_id": "房屋",
    "arrival_date": "到达本地日期",
    "housing_type": "住所类别",
    "reason": "居住事由",
    "departure_date": "离开日期",
    "hukou_address": "户籍地址",
}
MESSAGES = {
    "missing": "{label}, 必须录入, 不能为空!",
    "literal_error": "{label}, 不在可选范围内",
    "date_from_datetime_parsing": "{label}, 日期格式应为 YYYY-MM-DD",
    "date_parsing": "{label}, 日期格式应为 YYYY-MM-DD",
    "string_pattern_mismatch": "{label}, 格式不正确",
    "string_too_short": "{label}, 必须录入, 不能为空!",
}


def loc(field: str) -> list[str]:
    """Where a rule's field sits in the declaration body."""
    parts = field.split(".")
    return ["body", "person", *parts] if parts[0] in PERSON_FIELDS else ["body", *parts]


def as_detail(errors: list[FieldError]) -> list[dict[str, Any]]:
    return [{"loc": loc(e.field), "msg": e.message, "type": "value_error"} for e in errors]


def _chinese(error: dict[str, Any]) -> dict[str, Any]:
    template = MESSAGES.get(error.get("type", ""))
    field = str(error["loc"][-1]) if error.get("loc") else ""
    if template:
        error = {**error, "msg": template.format(label=LABELS.get(field, field))}
    return error


async def request_invalid(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [_chinese(e) for e in jsonable_encoder(exc.errors())]
    if request.method == "POST" and request.url.path in DECLARATION_PATHS:
        body = exc.body if isinstance(exc.body, dict) else {}
        seen = {tuple(e["loc"]) for e in errors}
        errors += [
            e
            for e in as_detail(raw_declaration_errors(body, office_today(), codetables.known))
            if tuple(e["loc"]) not in seen
        ]
    return JSONResponse({"detail": errors}, status_code=422)
