"""What the connector reads from the province: its counts by day and type (for the
reconciliation), and its outbox of notices and requests, whose every page must carry the
province's signature before anything in it is believed."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

import httpx
import orjson

from liudong_sync_province import signing
from liudong_sync_province.district import DayAndType
from liudong_sync_province.exchange import ProvinceMessage


class ProvinceUnanswered(RuntimeError):
    """The province did not answer, or not as it should: try again later."""


class UnsignedOutbox(ProvinceUnanswered):
    """A page of the outbox whose signature does not verify: nothing in it is taken."""


def api_base(events_url: str) -> str:
    """The province's base address, from where batches go (`…/events`)."""
    return events_url.rstrip("/").removesuffix("/events")


@dataclass
class Province:
    base_url: str
    key: str
    client: httpx.Client = field(default_factory=lambda: httpx.Client(timeout=30))

    def _get(self, path: str, params: dict[str, str]) -> httpx.Response:
        try:
            response = self.client.get(f"{self.base_url}{path}", params=params)
        except httpx.HTTPError as exc:
            raise ProvinceUnanswered(f"{path}: {type(exc).__name__}") from exc
        if response.status_code != 200:
            raise ProvinceUnanswered(f"{path}: {response.status_code}")
        return response

    def event_counts(self, first: date, last: date) -> Counter[DayAndType]:
        """The events the province holds, by (day, type)."""
        response = self._get(
            "/received/counts", {"from": first.isoformat(), "to": last.isoformat()}
        )
        return Counter(
            {(row["day"], row["type"]): int(row["events"]) for row in response.json()["counts"]}
        )

    def outbox(self, after: int, limit: int = 200) -> list[ProvinceMessage]:
        """The province's messages after position `after`, in order."""
        response = self._get("/outbox", {"after": str(after), "limit": str(limit)})
        if not signing.verified(response.content, self.key, response.headers.get(signing.HEADER)):
            raise UnsignedOutbox("the province's outbox page is not signed with our key")
        page = orjson.loads(response.content)
        return [ProvinceMessage.model_validate(m) for m in page["messages"]]
