"""The offices' day. Every district keeps Beijing time, whatever clock its servers keep:
"today" (an arrival not in the future, today's figures, the monthly deadline, a day of the
reconciliation) is Beijing's. On a server running on UTC, date.today() is yesterday from
midnight to 08:00 in the offices, and a clerk's check-in of someone who arrived that
morning would be refused as a future arrival.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

OFFICE_ZONE_NAME = "Asia/Shanghai"
OFFICE_ZONE = ZoneInfo(OFFICE_ZONE_NAME)


def office_today() -> date:
    return datetime.now(OFFICE_ZONE).date()
