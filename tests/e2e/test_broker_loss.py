"""Guarantee 2 under fire: kill -9 the broker in the middle of a stream of check-ins, while
the statistics consumer is behind, and start it again empty (the local broker keeps
nothing); once recovered, the counts equal what was registered."""

from __future__ import annotations

import os
import random
import signal
import threading
import time

import httpx

from liudong_devstack.broker import Broker
from liudong_devstack.client import login
from liudong_devstack.pytest_plugin import ADMIN_PASSWORD, SuiteFactory
from liudong_events.days import office_today
from tests.e2e.helpers import build_tree, declaration, eventually, eventually_equal, occupancy

CHECK_INS = 120


def test_counts_recover_after_the_broker_loses_everything(
    make_suite: SuiteFactory, own_broker: Broker
) -> None:
    suite = make_suite(own_broker)
    admin = login(suite.gateway_url, "admin", ADMIN_PASSWORD)
    tree = build_tree(admin, buildings=2, units=4)
    units = [u for units in tree.units.values() for u in units]
    rng = random.Random(7)
    bodies = [declaration(rng.choice(units), office_today(), rng) for _ in range(CHECK_INS)]
    statuses: list[int] = []

    def clerk() -> None:
        with httpx.Client(base_url=suite.gateway_url, headers=admin.headers, timeout=30) as c:
            for body in bodies:
                statuses.append(c.post("/api/residences", json=body).status_code)
                time.sleep(0.02)

    stats = suite.processes["stats"].process
    assert stats is not None
    worker = threading.Thread(target=clerk)
    worker.start()
    eventually(lambda: len(statuses) >= CHECK_INS // 3)
    # Freeze the statistics consumer so that what the broker holds when it dies has not
    # been consumed yet: only a republish can bring those events back.
    os.kill(stats.pid, signal.SIGSTOP)
    try:
        eventually(lambda: len(statuses) >= 2 * CHECK_INS // 3)
        time.sleep(1.0)  # let the relays publish what was just registered
        own_broker.kill()
        own_broker.wipe()  # restored empty: no topics, no offsets, no producer ids
        own_broker.start()
    finally:
        os.kill(stats.pid, signal.SIGCONT)
    worker.join()

    assert statuses == [201] * CHECK_INS, "a check-in failed while the broker was away"

    def current() -> int | str:
        """The district's residents, or the answer while statistics is not answering yet
        (it was frozen; that is not what this test is about)."""
        response = admin.get("/api/stats/occupancy", params={"place_id": tree.district})
        if response.status_code != 200:
            return f"{response.status_code} {response.text}"
        return int(response.json()["totals"]["current"])

    eventually_equal(current, CHECK_INS, timeout=120)
    per_building = {
        c["place_id"]: c["current"] for c in occupancy(admin, tree.compound)["children"]
    }
    expected = {b: sum(body["unit_id"] in tree.units[b] for body in bodies) for b in tree.buildings}
    assert per_building == expected
    admin.close()
    suite.stop()  # before this test's broker goes: consumers then close cleanly
