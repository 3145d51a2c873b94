"""What the connector asks the district's own services, through their APIs (it reads no
other service's tables): each event store's counts by day, and where a person named by
the province lives. It calls as itself, with a short-lived token of its own, so the
registry's audit trail records the exchange's lookups as the exchange's.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

import httpx

from liudong_events.auth import Principal, issue_token
from liudong_sync_province.exchange_store import Placement

EXCHANGE = Principal(
    user_id="sync_province",
    username="省厅数据交换",
    role="admin",
    scope_place_id=None,
    scope_path=(),
)
DayAndType = tuple[str, str]


class DistrictUnavailable(RuntimeError):
    """A service of the district did not answer: try again later."""


@dataclass
class District:
    jwt_secret: str
    registry_url: str
    housing_url: str
    event_store_urls: tuple[str, ...]  # every service with an event store
    client: httpx.Client = field(default_factory=lambda: httpx.Client(timeout=30))

    def _get(self, url: str, params: dict[str, str]) -> httpx.Response:
        token = issue_token(EXCHANGE, self.jwt_secret, ttl_seconds=120)
        try:
            response = self.client.get(
                url, params=params, headers={"authorization": f"Bearer {token}"}
            )
        except httpx.HTTPError as exc:
            raise DistrictUnavailable(f"{url}: {type(exc).__name__}") from exc
        if response.status_code >= 500:
            raise DistrictUnavailable(f"{url}: {response.status_code}")
        return response

    def event_counts(self, first: date, last: date) -> Counter[DayAndType]:
        """Every event store's events by (day, type), summed."""
        counts: Counter[DayAndType] = Counter()
        span = {"from": first.isoformat(), "to": last.isoformat()}
        for base in self.event_store_urls:
            response = self._get(f"{base}/api/events/counts", span)
            response.raise_for_status()
            for row in response.json()["counts"]:
                counts[(row["day"], row["type"])] += int(row["events"])
        return counts

    def placement(self, id_number: str, unit_id: str | None) -> Placement:
        """Where the province's message belongs: the unit of the person's active residence
        here; else the unit the province named, if it is ours; else nowhere found (empty
        path: the district's administrators take it)."""
        found = self._get(
            f"{self.registry_url}/api/persons",
            {"id_number": id_number, "status": "active", "purpose": "省厅信息交换"},
        )
        found.raise_for_status()
        for person in found.json()["items"]:
            residence = person["residence"]
            if residence.get("status") == "active":
                path = self._unit_path(residence["unit_id"])
                if path:
                    return Placement(
                        path, residence["unit_id"], person["person_id"], residence["residence_id"]
                    )
        path = self._unit_path(unit_id) if unit_id else None
        return Placement(path, unit_id) if path else Placement([])

    def _unit_path(self, unit_id: str) -> list[str] | None:
        response = self._get(f"{self.housing_url}/api/places/{unit_id}", {})
        if response.status_code != 200:
            return None
        place = response.json()
        return [step["id"] for step in place["path"]] if place.get("kind") == "unit" else None
