"""Apache Kafka keeps its log: a broker stopped and started again under a running suite
still holds every topic, offset and consumer position, so no relay republishes and every
check-in is counted once. (Its loss, a broker back empty, is test_broker_loss.py.)"""

from __future__ import annotations

import random

import httpx
from prometheus_client.parser import text_string_to_metric_families

from liudong_devstack.broker import Broker
from liudong_devstack.client import login
from liudong_devstack.pytest_plugin import ADMIN_PASSWORD, SuiteFactory
from liudong_devstack.suite import Suite
from liudong_events.days import office_today
from tests.e2e.helpers import build_tree, declaration, eventually_equal, occupancy

RELAYS = ("housing", "registry", "stats", "gateway")


def _republished(suite: Suite) -> dict[str, float]:
    """Each relay's republish runs so far (`liudong_relay_republish_total`)."""
    runs = {}
    for name in RELAYS:
        text = httpx.get(f"{suite.url(name)}/metrics", timeout=10).text
        for family in text_string_to_metric_families(text):
            if family.name == "liudong_relay_republish":
                runs[name] = sum(s.value for s in family.samples if s.name.endswith("_total"))
    return runs


def test_a_restarted_broker_keeps_its_log_and_nothing_is_republished(
    make_suite: SuiteFactory, own_broker: Broker
) -> None:
    suite = make_suite(own_broker)
    admin = login(suite.gateway_url, "admin", ADMIN_PASSWORD)
    tree = build_tree(admin, buildings=1, units=4)
    units = tree.units[tree.buildings[0]]
    rng = random.Random(20)

    def check_in(count: int) -> None:
        for _ in range(count):
            body = declaration(rng.choice(units), office_today(), rng)
            assert admin.post("/api/residences", json=body).status_code == 201

    def current() -> int:
        return int(occupancy(admin, tree.district)["totals"]["current"])

    check_in(5)
    eventually_equal(current, 5)
    before = _republished(suite)

    own_broker.stop()
    own_broker.start()  # the same log: topics, offsets, producer ids
    check_in(3)
    eventually_equal(current, 8, timeout=60)
    assert _republished(suite) == before, "a relay republished to a broker that lost nothing"
    admin.close()
    suite.stop()  # before this test's broker goes
