"""The whole of `make run` killed outright in the middle of a stream of check-ins (kill -9
of the supervisor, PostgreSQL, Apache Kafka and every service at once, as a power cut would)
and started again on the same var/: every acknowledged check-in is there and counted once,
and the province holds each event of the district once. Nobody repairs anything between."""

from __future__ import annotations

import random
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from liudong_devstack.client import login
from liudong_devstack.ports import free_port
from liudong_devstack.postgres import PostgresServer
from liudong_devstack.province import running_province
from liudong_devstack.pytest_plugin import ADMIN_PASSWORD
from liudong_devstack.suite import services_for
from liudong_devstack.whole_run import WholeRun
from liudong_events.days import office_today
from tests.e2e.helpers import build_tree, declaration, eventually, eventually_equal, occupancy
from tests.e2e.province_helpers import KEY, events_in

BEFORE_THE_KILL = 40
AFTER_THE_KILL = 20


@pytest.fixture
def province(pg_server: PostgresServer, tmp_path: Path) -> Iterator[tuple[httpx.Client, str]]:
    """The reference receiver on a database of its own; (its client, the URL to send to)."""
    dsn = pg_server.create_database(f"province_{uuid.uuid4().hex[:8]}")
    port = free_port()
    settings = {"LIUDONG_PROVINCE_DATABASE_URL": dsn}
    with running_province(tmp_path, port, KEY, **settings) as client:
        yield client, f"http://127.0.0.1:{port}/events"


@pytest.fixture
def whole_run(province: tuple[httpx.Client, str], tmp_path: Path) -> Iterator[WholeRun]:
    settings = {
        "LIUDONG_PROVINCE_URL": province[1],
        "LIUDONG_PROVINCE_KEY": KEY,
        "LIUDONG_ADMIN_PASSWORD": ADMIN_PASSWORD,
    }
    run = WholeRun(tmp_path / "var", settings)
    yield run.start()
    run.stop()


def test_make_run_killed_mid_load_loses_and_duplicates_nothing(
    whole_run: WholeRun, province: tuple[httpx.Client, str]
) -> None:
    admin = login(whole_run.url, "admin", ADMIN_PASSWORD)
    tree = build_tree(admin, buildings=1, units=4)
    units = tree.units[tree.buildings[0]]
    rng = random.Random(204)
    acknowledged: list[str] = []  # the residences a clerk saw 201 for
    cut = threading.Event()

    def clerk() -> None:
        """Checks people in until the power goes: the request then under way is lost to
        the clerk (committed or not, nobody told them)."""
        with httpx.Client(base_url=whole_run.url, headers=admin.headers, timeout=30) as c:
            while not cut.is_set():
                body = declaration(rng.choice(units), office_today(), rng)
                try:
                    answer = c.post("/api/residences", json=body)
                except httpx.HTTPError:
                    return
                assert answer.status_code == 201, answer.text
                acknowledged.append(answer.json()["residence_id"])
                time.sleep(0.02)

    worker = threading.Thread(target=clerk)
    worker.start()
    eventually(lambda: len(acknowledged) >= BEFORE_THE_KILL, timeout=60)
    whole_run.kill_everything()
    cut.set()
    worker.join()
    whole_run.start()  # the same var/: PostgreSQL and Kafka recover their logs themselves

    admin = login(whole_run.url, "admin", ADMIN_PASSWORD)
    for _ in range(AFTER_THE_KILL):
        body = declaration(rng.choice(units), office_today(), rng)
        answer = admin.post("/api/residences", json=body)
        assert answer.status_code == 201, answer.text
        acknowledged.append(answer.json()["residence_id"])

    for residence in acknowledged:
        assert admin.get(f"/api/residences/{residence}").status_code == 200
    stores = whole_run.database_urls(services_for(province[1]))
    registered = events_in(stores)["liudong.residence.checked_in"]
    assert len(acknowledged) <= registered <= len(acknowledged) + 1  # + the one in flight

    def current() -> int:
        return int(occupancy(admin, tree.district)["totals"]["current"])

    eventually_equal(current, registered, timeout=120)

    def delivered() -> bool:
        by_type = province[0].get("/received/summary").json()["by_type"]
        return bool(by_type == dict(events_in(stores)))

    eventually(delivered, timeout=120)
    summary = province[0].get("/received/summary").json()
    assert summary["events"] == sum(events_in(stores).values()), "the province holds a duplicate"
    admin.close()
