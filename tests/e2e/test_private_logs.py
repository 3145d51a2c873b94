"""No personal data in logs: a full scenario, then every service's log is searched for the
ID numbers and phone numbers it used. Zero hits."""

from __future__ import annotations

import random
from datetime import timedelta

import httpx

from liudong_devstack.suite import Suite
from liudong_events.days import office_today
from tests.e2e.helpers import Tree, declaration, eventually, occupancy


def test_no_id_number_or_phone_reaches_any_log(
    admin: httpx.Client, suite: Suite, tree: Tree
) -> None:
    rng = random.Random(404)
    today = office_today()
    units = [u for units in tree.units.values() for u in units]
    used: list[str] = []
    for i, unit in enumerate(units):
        body = declaration(unit, today - timedelta(days=i), rng, name="赵六")
        body["person"]["phone"] = f"139{rng.randrange(10**8):08d}"
        used += [body["person"]["id_number"], body["person"]["phone"]]
        created = admin.post("/api/residences", json=body).json()
        admin.get("/api/persons", params={"id_number": body["person"]["id_number"]})
        admin.get(f"/api/persons/{created['person_id']}")
        if i % 2:
            admin.post(
                f"/api/residences/{created['residence_id']}/departure",
                json={"departure_date": today.isoformat()},
            )
        bad = {
            **body,
            "person": {**body["person"], "sex": "2" if body["person"]["sex"] == "1" else "1"},
        }
        assert admin.post("/api/residences", json=bad).status_code in (404, 422)
    listed = admin.get("/api/persons", params={"place_id": tree.district, "page_size": 100})
    assert listed.status_code == 200
    for number in used:
        assert number not in listed.text, "lists must mask ID and phone numbers"
    # The period named, not the default (from the 1st of this month): the arrivals span
    # len(units) days back, which crosses a month's start on any day.
    period = {"from": (today - timedelta(days=len(units))).isoformat(), "to": today.isoformat()}
    eventually(
        lambda: occupancy(admin, tree.district, **period)["totals"]["checked_in"] == len(units)
    )

    logs = {path.name: path.read_text(errors="replace") for path in suite.log_dir.glob("*.log")}
    assert set(logs) == {"housing.log", "registry.log", "stats.log", "gateway.log"}
    assert all(len(text) > 0 for text in logs.values())
    hits = [(name, value) for name, text in logs.items() for value in used if value in text]
    assert hits == [], f"personal data in logs: {len(hits)} hits"
