"""Days and moments as a request gives them: ISO 8601 text, never a number.

pydantic reads a number, or text of digits, as seconds since 1970: `to=0.5` was taken as
1970-01-01T00:00:00.5 and `since=20240101` as 1970-08-23. A client that sends one has
made a mistake, not named a day, so these types refuse it with the 422 a malformed date
gets (`date_parsing`, `datetime_parsing`). The OpenAPI document still says
`{"type": "string", "format": "date"}` (or `date-time`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated

from pydantic import AwareDatetime, BeforeValidator
from pydantic_core import PydanticCustomError

_WRITTEN_OUT = re.compile(r"\s*\d{4}-\d{2}-\d{2}")


def _written_out(kind: str, message: str) -> Callable[[object], object]:
    def check(value: object) -> object:
        if isinstance(value, date):  # datetime too: already a day or a moment
            return value
        if not isinstance(value, str) or not _WRITTEN_OUT.match(value):
            raise PydanticCustomError(kind, message)
        return value

    return check


IsoDate = Annotated[date, BeforeValidator(_written_out("date_parsing", "日期格式应为 YYYY-MM-DD"))]
_MOMENT = BeforeValidator(_written_out("datetime_parsing", "时间格式应为 YYYY-MM-DDTHH:MM:SS"))
IsoDateTime = Annotated[datetime, _MOMENT]
AwareIsoDateTime = Annotated[AwareDatetime, _MOMENT]
