"""The demo district that a first `liudong run` loads: entered through the public API, it
shows in the statistics, the accounts see what their role and place let them see, the
compounds are on the map, and loading it again adds nothing."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest

from liudong_devstack.client import login
from liudong_devstack.pytest_plugin import ADMIN_PASSWORD
from liudong_devstack.suite import Suite
from liudong_events.days import office_today
from liudong_suite.demo import entry
from liudong_suite.demo.district import District
from tests.e2e.helpers import eventually_equal, occupancy

LOAD_SECONDS = 45  # on a laptop it takes a fraction of this


@pytest.fixture(scope="module")
def loaded(suite: Suite) -> entry.Loaded:
    started = time.monotonic()
    result = entry.load(suite.gateway_url, ADMIN_PASSWORD)
    assert time.monotonic() - started < LOAD_SECONDS
    return result


@contextlib.contextmanager
def account(suite: Suite, loaded: entry.Loaded, role: str) -> Iterator[httpx.Client]:
    username = next(a.username for a in loaded.district.accounts if a.role == role)
    with contextlib.closing(login(suite.gateway_url, username, loaded.password)) as client:
        yield client


def totals(admin: httpx.Client, place_id: str) -> dict[str, Any]:
    """Over a window wide enough to hold every arrival and departure of the demo."""
    window = {"from": (office_today() - timedelta(days=365)).isoformat()}
    return dict(occupancy(admin, place_id, **window)["totals"])


def planned_totals(district: District) -> dict[str, int]:
    arrived, departed = len(district.residents), len(district.departures)
    return {"checked_in": arrived, "departed": departed, "current": arrived - departed}


def station_ids(loaded: entry.Loaded) -> list[str]:
    return [loaded.place_ids[p.key] for p in loaded.district.of_kind("station")]


def test_the_district_figures_are_the_plans(admin: httpx.Client, loaded: entry.Loaded) -> None:
    expected = planned_totals(loaded.district)
    assert expected["departed"] > 0
    eventually_equal(lambda: totals(admin, loaded.district_id), expected, timeout=30)


def test_the_station_account_sees_its_own_station_only(suite: Suite, loaded: entry.Loaded) -> None:
    own, other = station_ids(loaded)
    under_own = loaded.district.of_kind("station")[0].key + "/"
    own_compounds = {
        loaded.place_ids[p.key]
        for p in loaded.district.of_kind("compound")
        if p.key.startswith(under_own)
    }
    with account(suite, loaded, "station") as station:
        assert [p["id"] for p in station.get("/api/places").json()] == [own]
        communities = station.get(f"/api/places/{own}/children").json()
        seen = {
            compound["id"]
            for community in communities
            for compound in station.get(f"/api/places/{community['id']}/children").json()
        }
        assert seen == own_compounds
        assert station.get(f"/api/places/{other}").status_code == 404
        assert station.get("/api/stats/occupancy", params={"place_id": other}).status_code == 404


def test_the_coordinator_sees_the_houses_of_their_compound(
    suite: Suite, loaded: entry.Loaded
) -> None:
    with account(suite, loaded, "coordinator") as coordinator:
        houses = coordinator.get("/api/houses", params={"page_size": 200}).json()
    assert houses["total"] == len(loaded.district.coordinator_houses()) > 0


def test_every_compound_is_on_the_map(admin: httpx.Client, loaded: entry.Loaded) -> None:
    for compound in loaded.district.of_kind("compound"):
        profile = admin.get(f"/api/compounds/{loaded.place_ids[compound.key]}/profile").json()
        location = profile["location"]
        assert 114.2 < location["lng"] < 114.4, profile
        assert 30.5 < location["lat"] < 30.7, profile
        assert profile["developer"]["name"]


def test_a_second_load_adds_nothing(
    suite: Suite, admin: httpx.Client, loaded: entry.Loaded
) -> None:
    expected = planned_totals(loaded.district)
    eventually_equal(lambda: totals(admin, loaded.district_id), expected, timeout=30)
    with pytest.raises(entry.TreeNotEmpty, match="示范区"):
        entry.load(suite.gateway_url, ADMIN_PASSWORD)
    assert [p["id"] for p in admin.get("/api/places").json()] == [loaded.district_id]
    houses = admin.get("/api/houses", params={"place_id": loaded.district_id}).json()
    assert houses["total"] == len(loaded.district.houses)
    time.sleep(1)  # what a second load might have sent would have reached the figures
    assert totals(admin, loaded.district_id) == expected
