"""Guarantee 4: the province receives every event of the district, each once, in order per
stream, as the connector delivers it from the topics to the reference receiver."""

from __future__ import annotations

import random
import uuid
from collections import Counter
from datetime import date
from pathlib import Path

import httpx
import psycopg

from liudong_devstack.broker import Broker
from liudong_devstack.client import login
from liudong_devstack.ports import free_port
from liudong_devstack.postgres import PostgresServer
from liudong_devstack.province import running_province
from liudong_devstack.pytest_plugin import ADMIN_PASSWORD, SuiteFactory
from liudong_devstack.suite import Suite
from tests.e2e.helpers import build_tree, declaration, eventually

KEY = "e2e-province-key"


def district_events(suite: Suite) -> Counter[str]:
    """Every event of every service's event store, by type."""
    counts: Counter[str] = Counter()
    for dsn in suite.database_urls.values():
        with psycopg.connect(dsn) as conn:
            counts.update(dict(conn.execute("SELECT type, count(*) FROM events GROUP BY type")))
    return counts


def streams_in_order(province_dsn: str) -> bool:
    """Each stream's versions as the province stored them: 1, 2, 3 … in that order."""
    with psycopg.connect(province_dsn) as conn:
        rows = conn.execute(
            "SELECT array_agg(sequence ORDER BY received) FROM province.events GROUP BY subject"
        ).fetchall()
    return all(list(versions) == list(range(1, len(versions) + 1)) for (versions,) in rows)


def test_the_province_holds_every_event_of_the_district_once_and_in_order(
    make_suite: SuiteFactory, own_broker: Broker, pg_server: PostgresServer, tmp_path: Path
) -> None:
    province_dsn = pg_server.create_database(f"province_{uuid.uuid4().hex[:8]}")
    port = free_port()
    env = {"LIUDONG_PROVINCE_DATABASE_URL": province_dsn}
    with running_province(tmp_path, port, KEY, **env) as province:
        suite = make_suite(own_broker, f"http://127.0.0.1:{port}/events", KEY)
        admin = login(suite.gateway_url, "admin", ADMIN_PASSWORD)
        tree = build_tree(admin, buildings=1, units=2)
        rng = random.Random(71)
        units = tree.units[tree.buildings[0]]
        for n in range(3):
            created = admin.post(
                "/api/residences", json=declaration(units[n % 2], date.today(), rng)
            )
            assert created.status_code == 201, created.text
        residence = created.json()["residence_id"]
        departed = admin.post(
            f"/api/residences/{residence}/departure",
            json={"departure_date": date.today().isoformat()},
        )
        assert departed.status_code == 200, departed.text

        def summary() -> dict[str, int]:
            return dict(province.get("/received/summary").json()["by_type"])

        # Everything the district recorded by now, the logins' audit entries among them.
        eventually(lambda: summary() == dict(district_events(suite)), timeout=60)
        wanted = district_events(suite)
        assert wanted["liudong.residence.checked_in"] == 3
        assert wanted["liudong.residence.departed"] == 1
        assert province.get("/received/summary").json()["events"] == sum(wanted.values())
        assert streams_in_order(province_dsn)
        metrics = httpx.get(f"{suite.url('sync_province')}/metrics").text
        assert "liudong_province_delivered_events_total" in metrics
