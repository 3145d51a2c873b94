"""Entering the demo district through the gateway's public API as the administrator, the
way a clerk would, so every record is an ordinary event that statistics, alerts and the
province see like any other.
"""

from __future__ import annotations

import secrets
import string
from collections.abc import Callable
from contextlib import closing
from dataclasses import asdict, dataclass, field
from typing import Any

import httpx

from liudong_devstack.client import login
from liudong_events.days import office_today
from liudong_suite.demo.district import DISTRICT, District, import_file, plan


class TreeNotEmpty(Exception):
    """The deployment has places already. The demo goes only into an empty one: its made-up
    residents must never mix with real ones, in a real district's figures or in what the
    province receives. So any place at all stops it, not only an earlier 示范区."""


class LoadFailed(RuntimeError):
    """The gateway refused something the demo sent."""


Progress = Callable[[int, int], None]  # (steps done, steps in all)


@dataclass
class Loaded:
    district: District
    place_ids: dict[str, str]  # by place key
    password: str  # of every demo account
    house_ids: dict[str, str] = field(default_factory=dict)  # by unit key

    @property
    def district_id(self) -> str:
        return self.place_ids[DISTRICT]


def load(gateway_url: str, admin_password: str, on_progress: Progress | None = None) -> Loaded:
    """Enter the district as `admin`; raises TreeNotEmpty (and enters nothing) when the
    deployment has any place already, LoadFailed when the gateway refuses a step."""
    district = plan(office_today())
    with closing(login(gateway_url, "admin", admin_password)) as api:
        tops = _ok(api.get("/api/places"), 200)
        if tops:
            names = ", ".join(t["name"] for t in tops)
            raise TreeNotEmpty(
                f"places exist already ({names}); the demo goes only into an empty deployment"
            )
        done = _Steps(district.steps, on_progress or (lambda _done, _total: None))
        loaded = Loaded(district, {}, demo_password())
        _enter_places(api, loaded, done)
        _enter_profiles(api, loaded, done)
        _enter_houses(api, loaded, done)
        _enter_residents(api, loaded, done)
        _enter_accounts(api, loaded, done)
    return loaded


def demo_password() -> str:
    """One password for every demo account, new at each load: 16 letters and digits (none
    a shell or `--password` would take for something else, as a leading "-")."""
    return "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(16))


class _Steps:
    def __init__(self, total: int, report: Progress) -> None:
        self.total, self.done, self.report = total, 0, report

    def __call__(self, steps: int = 1) -> None:
        self.done += steps
        self.report(self.done, self.total)


def _ok(response: httpx.Response, expected: int) -> Any:
    if response.status_code != expected:
        request = response.request
        raise LoadFailed(
            f"{request.method} {request.url.path}: {response.status_code} {response.text[:500]}"
        )
    return response.json()


def _enter_places(api: httpx.Client, loaded: Loaded, done: _Steps) -> None:
    ids = loaded.place_ids
    for place in loaded.district.places:
        parent = ids[place.parent] if place.parent else None
        body = {"kind": place.kind, "name": place.name, "parent_id": parent}
        ids[place.key] = _ok(api.post("/api/places", json=body), 201)["id"]
        done()


def _enter_profiles(api: httpx.Client, loaded: Loaded, done: _Steps) -> None:
    """Each compound's five-in-one record, with its place on the big screen's map."""
    for profile in loaded.district.profiles:
        body = {
            "developer": asdict(profile.developer),
            "builder": asdict(profile.builder),
            "property_company": asdict(profile.property_company),
            "location": {"lng": profile.lng, "lat": profile.lat},
        }
        compound = loaded.place_ids[profile.compound]
        _ok(api.put(f"/api/compounds/{compound}/profile", json=body), 200)
        done()


def _enter_houses(api: httpx.Client, loaded: Loaded, done: _Steps) -> None:
    for house in loaded.district.houses:
        body = {
            "unit_id": loaded.place_ids[house.unit],
            "archive_no": house.archive_no,
            "use": house.use,
            "capacity": house.capacity,
            "floor_area": str(house.floor_area),
            "owner": asdict(house.owner),
        }
        loaded.house_ids[house.unit] = _ok(api.post("/api/houses", json=body), 201)["house_id"]
        done()


def _enter_residents(api: httpx.Client, loaded: Loaded, done: _Steps) -> None:
    """One batch import checks everyone in, as an office moving to the system would; then
    the departures, each found by its ID number."""
    district = loaded.district
    content = import_file(district, loaded.place_ids)
    files = {"file": ("示范区.csv", content, "text/csv")}
    report = _ok(api.post("/api/imports", files=files, timeout=300), 200)
    if report["rejected"] or report["accepted"] != len(district.residents):
        raise LoadFailed(f"the import refused rows: {report['rejected'][:5]}")
    done(len(district.residents))
    for departure in district.departures:
        found = _ok(api.get("/api/persons", params={"id_number": departure.id_number}), 200)
        residence = found["items"][0]["residence"]["residence_id"]
        body = {"departure_date": departure.departure_date.isoformat(), "reason": departure.reason}
        _ok(api.post(f"/api/residences/{residence}/departure", json=body), 200)
        done()


def _enter_accounts(api: httpx.Client, loaded: Loaded, done: _Steps) -> None:
    """The logins, and the coordinator registered as such, looking after their compound's
    houses (a coordinator sees only the houses assigned to them)."""
    user_ids = {}
    for account in loaded.district.accounts:
        body = {
            "username": account.username,
            "password": loaded.password,
            "role": account.role,
            "scope_place_id": loaded.place_ids[account.scope],
        }
        user_ids[account.role] = _ok(api.post("/api/users", json=body), 201)["id"]
        done()
    _enter_coordinator(api, loaded, user_ids["coordinator"], done)


def _enter_coordinator(api: httpx.Client, loaded: Loaded, user_id: str, done: _Steps) -> None:
    district = loaded.district
    compound = next(a.scope for a in district.accounts if a.role == "coordinator")
    body = {
        "name": district.coordinator,
        "place_id": loaded.place_ids[compound],
        "user_id": user_id,
    }
    coordinator = _ok(api.post("/api/coordinators", json=body), 201)["coordinator_id"]
    done()
    for house in district.coordinator_houses():
        house_id = loaded.house_ids[house.unit]
        assignment = {"coordinator_id": coordinator}
        _ok(api.put(f"/api/houses/{house_id}/coordinator", json=assignment), 200)
        done()
