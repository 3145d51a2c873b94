"""The district's suite with its connector, delivering to the reference receiver on a
database of its own: what the province exchange's end-to-end tests share."""

from __future__ import annotations

import random
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import psycopg

from liudong_devstack.broker import Kafka
from liudong_devstack.client import login
from liudong_devstack.ports import free_port
from liudong_devstack.postgres import PostgresServer
from liudong_devstack.province import running_province
from liudong_devstack.pytest_plugin import ADMIN_PASSWORD, SuiteFactory
from liudong_devstack.suite import Suite
from liudong_events.days import office_today
from liudong_sync_province.connector import for_province
from tests.e2e.helpers import Tree, build_tree, declaration

KEY = "e2e-province-key"


@dataclass
class Exchange:
    """A district's suite with its connector, and the province it delivers to."""

    province: httpx.Client
    province_dsn: str
    province_url: str
    suite: Suite
    admin: httpx.Client
    units: list[str]  # of one building, for check-ins
    tree: Tree


@contextmanager
def exchange(
    make_suite: SuiteFactory,
    broker: Kafka,
    pg_server: PostgresServer,
    var: Path,
    *,
    faults: bool = False,
    **env: str,
) -> Iterator[Exchange]:
    """The reference receiver (`faults`: it may be asked to fail) on a database of its own,
    and a suite on `broker` whose connector delivers to it (`env`: for the services)."""
    province_dsn = pg_server.create_database(f"province_{uuid.uuid4().hex[:8]}")
    port = free_port()
    settings = {"LIUDONG_PROVINCE_DATABASE_URL": province_dsn}
    if faults:
        settings["LIUDONG_PROVINCE_FAULTS"] = "true"
    with running_province(var, port, KEY, **settings) as province:
        url = f"http://127.0.0.1:{port}/events"
        suite = make_suite(broker, url, KEY, **env)
        admin = login(suite.gateway_url, "admin", ADMIN_PASSWORD)
        tree = build_tree(admin, buildings=1, units=3)
        try:
            yield Exchange(
                province, province_dsn, url, suite, admin, tree.units[tree.buildings[0]], tree
            )
        finally:
            admin.close()


def district_events(suite: Suite, sent: bool = True) -> Counter[str]:
    """Every event of every service's event store that goes to the province (`sent`; else
    every one), by type."""
    return events_in(list(suite.database_urls.values()), sent)


def events_in(event_stores: list[str], sent: bool = True) -> Counter[str]:
    """`district_events` of the event stores at these DSNs."""
    counts: Counter[str] = Counter()
    for dsn in event_stores:
        with psycopg.connect(dsn) as conn:
            counts.update(dict(conn.execute("SELECT type, count(*) FROM events GROUP BY type")))
    return Counter({t: n for t, n in counts.items() if for_province(t) or not sent})


def check_in(admin: httpx.Client, units: list[str], rng: random.Random, count: int = 1) -> str:
    """`count` people checked in today, in turn into `units`; the last one's residence."""
    for n in range(count):
        body = declaration(units[n % len(units)], office_today(), rng)
        created = admin.post("/api/residences", json=body)
        assert created.status_code == 201, created.text
    return str(created.json()["residence_id"])


def agrees(x: Exchange) -> bool:
    """Whether the province holds, by type, what every event store of the district holds
    for it."""
    return bool(x.province.get("/received/summary").json()["by_type"] == district_events(x.suite))
