"""Guarantee 4: the province receives every event of the district, each once, in order per
stream, as the connector delivers it from the topics to the reference receiver."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import psycopg

from liudong_devstack.broker import Broker
from liudong_devstack.postgres import PostgresServer
from liudong_devstack.pytest_plugin import SuiteFactory
from liudong_devstack.suite import Suite
from liudong_events.catalog import EVENT_TYPES
from liudong_events.days import office_today
from tests.e2e.helpers import build_tree, declaration, eventually, import_csv, import_row
from tests.e2e.province_helpers import KEY, agrees, check_in, district_events, exchange


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
    with exchange(make_suite, own_broker, pg_server, tmp_path) as x:
        province, province_dsn, suite, admin = x.province, x.province_dsn, x.suite, x.admin
        residence = check_in(admin, x.units, random.Random(71), 3)
        departed = admin.post(
            f"/api/residences/{residence}/departure",
            json={"departure_date": office_today().isoformat()},
        )
        assert departed.status_code == 200, departed.text
        # Our staff's audit trail: a search, a record opened, a login that failed.
        person = admin.get("/api/persons").json()["items"][0]["person_id"]
        assert admin.get(f"/api/persons/{person}").status_code == 200
        wrong = {"username": "no-such-clerk", "password": "not-the-password"}
        assert httpx.post(f"{suite.gateway_url}/api/auth/token", data=wrong).status_code == 401

        # Everything the district recorded for the province by now, and nothing else.
        eventually(lambda: agrees(x), timeout=60)
        wanted = district_events(suite)
        assert wanted["liudong.residence.checked_in"] == 3
        assert wanted["liudong.residence.departed"] == 1
        assert province.get("/received/summary").json()["events"] == sum(wanted.values())
        assert streams_in_order(province_dsn)
        metrics = httpx.get(f"{suite.url('sync_province')}/metrics").text
        assert "liudong_province_delivered_events_total" in metrics

        audited = {t for t in district_events(suite, sent=False) if t.startswith("liudong.audit.")}
        assert {"liudong.audit.person_viewed", "liudong.audit.login_failed"} <= audited
        assert not any(t.startswith("liudong.audit.") for t in held_types(province))
        report = eventually(lambda: delivered_report(admin))
        assert not any(row["type"].startswith("liudong.audit.") for row in report["days"])
        assert report["differences"] == []


def held_types(province: httpx.Client) -> set[str]:
    return set(province.get("/received/summary").json()["by_type"])


def delivered_report(admin: httpx.Client) -> dict[str, Any] | None:
    """The reconciliation once the connector has delivered everything it read."""
    report = dict(admin.get("/api/province/reconciliation").json())
    return report if report["lag"]["events"] == 0 else None


def delivery_metric(suite: Suite, name: str) -> float:
    """A connector metric's value, summed over its labels."""
    return sum(
        float(line.rsplit(" ", 1)[1])
        for line in metrics_text(suite).splitlines()
        if line.startswith((f"{name}{{", f"{name} "))
    )


def test_a_province_that_fails_or_times_out_for_a_while_loses_nothing(
    make_suite: SuiteFactory, own_broker: Broker, pg_server: PostgresServer, tmp_path: Path
) -> None:
    with exchange(
        make_suite, own_broker, pg_server, tmp_path, faults=True, LIUDONG_PROVINCE_TIMEOUT="1"
    ) as x:
        province, province_dsn, suite, admin = x.province, x.province_dsn, x.suite, x.admin
        rng = random.Random(72)

        assert province.put("/faults", json={"status": 500}).status_code == 200
        check_in(admin, x.units, rng)
        eventually(lambda: delivery_metric(suite, "liudong_province_delivery_failures_total") >= 2)
        eventually(lambda: delivery_metric(suite, "liudong_province_backoff_seconds") > 0)
        assert (
            "liudong.residence.checked_in"
            not in province.get("/received/summary").json()["by_type"]
        )

        # Now it answers too late: the connector gives up on each try and tries again.
        assert province.put("/faults", json={"delay": 2}).status_code == 200
        check_in(admin, x.units, rng)
        eventually(lambda: 'reason="ReadTimeout"' in metrics_text(suite), timeout=30)

        assert province.put("/faults", json={}).status_code == 200
        check_in(admin, x.units, rng)
        eventually(lambda: agrees(x), timeout=90)
        assert district_events(suite)["liudong.residence.checked_in"] == 3
        assert streams_in_order(province_dsn)


def metrics_text(suite: Suite) -> str:
    return httpx.get(f"{suite.url('sync_province')}/metrics").text


def held(province: httpx.Client) -> int:
    return int(province.get("/received/summary").json()["events"])


def test_a_connector_killed_in_a_backlog_of_20000_events_delivers_each_once_after_restart(
    make_suite: SuiteFactory, own_broker: Broker, pg_server: PostgresServer, tmp_path: Path
) -> None:
    with exchange(make_suite, own_broker, pg_server, tmp_path, faults=True) as x:
        province, province_dsn, suite, admin = x.province, x.province_dsn, x.suite, x.admin
        tree = build_tree(admin, buildings=2, units=5)
        units = [u for us in tree.units.values() for u in us]
        rng = random.Random(73)
        rows: dict[str, list[str]] = {}
        while len(rows) < 10_000:  # a person and a check-in each: 20,000 events
            row = import_row(declaration(rng.choice(units), office_today(), rng))
            rows[row[0]] = row
        # The province takes its time over each batch, so that the kill lands mid-way.
        assert province.put("/faults", json={"delay": 0.3}).status_code == 200
        files = {"file": ("backlog.csv", import_csv(list(rows.values())), "text/csv")}
        landed = admin.post("/api/imports", files=files, timeout=300)
        assert landed.json()["landed"] == 10_000, landed.text
        total = sum(district_events(suite).values())
        eventually(lambda: held(province) >= 4_000, timeout=120)
        connector = suite.processes["sync_province"].process
        assert connector is not None
        connector.kill()  # SIGKILL: no shutdown, a batch maybe delivered but not checkpointed
        connector.wait()
        assert held(province) < total, "the backlog was through before the kill"
        assert province.put("/faults", json={}).status_code == 200
        assert suite.restart_dead() == ["sync_province"]
        eventually(lambda: held(province) == total, timeout=180)
        summary = province.get("/received/summary").json()
        assert summary["by_type"] == dict(district_events(suite))
        assert streams_in_order(province_dsn)


def test_the_province_ends_with_the_event_stores_events_after_the_broker_lost_everything(
    make_suite: SuiteFactory, own_broker: Broker, pg_server: PostgresServer, tmp_path: Path
) -> None:
    with exchange(make_suite, own_broker, pg_server, tmp_path) as x:
        province_dsn, suite, admin = x.province_dsn, x.suite, x.admin
        rng = random.Random(74)
        check_in(admin, x.units, rng, 5)
        own_broker.kill()  # kill -9, then back empty: no topics, no offsets
        own_broker.wipe()
        own_broker.start()
        check_in(admin, x.units, rng, 5)
        eventually(lambda: agrees(x), timeout=120)
        assert district_events(suite)["liudong.residence.checked_in"] == 10
        assert streams_in_order(province_dsn)


def test_a_replay_redelivers_a_range_and_the_province_keeps_one_of_each(
    make_suite: SuiteFactory, own_broker: Broker, pg_server: PostgresServer, tmp_path: Path
) -> None:
    with exchange(make_suite, own_broker, pg_server, tmp_path, faults=True) as x:
        p, url, suite, admin = x.province, x.province_url, x.suite, x.admin
        check_in(admin, x.units, random.Random(75), 4)
        eventually(lambda: agrees(x), timeout=60)
        wanted = dict(district_events(suite))
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("LIUDONG_")},
            "LIUDONG_KAFKA_BOOTSTRAP": own_broker.bootstrap,
            "LIUDONG_PROVINCE_URL": url,
            "LIUDONG_PROVINCE_KEY": KEY,
        }

        def replay(*start: str) -> subprocess.CompletedProcess[str]:
            command = [str(Path(sys.executable).parent / "liudong"), "replay-province"]
            return subprocess.run(
                [*command, "--from", *start],
                env=env,
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
            )

        done = replay(office_today().isoformat())
        assert done.returncode == 0, done.stderr
        assert "重新报送省厅" in done.stderr  # the progress bar
        total = sum(wanted.values())
        assert f"delivered {total} events" in done.stdout
        summary = p.get("/received/summary").json()
        assert summary["by_type"] == wanted  # nothing twice
        assert summary["duplicates_ignored"] == total
        tomorrow = (office_today() + timedelta(days=1)).isoformat()
        assert "delivered 0 events" in replay(tomorrow).stdout

        # From where that replay ended: only what was recorded after it.
        check_in(admin, x.units, random.Random(76), 2)
        eventually(lambda: agrees(x), timeout=60)
        since = sum(district_events(suite).values()) - total
        after = replay(go_on_from(done.stdout))
        assert f"delivered {since} events from liudong." in after.stdout, after.stderr

        # A province that stops answering: the replay says where to go on from.
        assert p.put("/faults", json={"status": 500}).status_code == 200
        stopped = replay("liudong.registry", "--give-up-after", "1")
        assert stopped.returncode == 1
        assert "delivered 0 events" in stopped.stderr
        assert p.put("/faults", json={}).status_code == 200
        went_on = replay(go_on_from(stopped.stderr))
        registry = sum(n for t, n in district_events(suite).items() if topic_of(t) == "registry")
        assert f"delivered {registry} events" in went_on.stdout, went_on.stderr
        assert p.get("/received/summary").json()["by_type"] == district_events(suite)

        for wrong, reason in [
            ("yesterday", "not a day (2026-11-01, Beijing)"),
            ("liudong.registry:0:x", "not a position"),
            ("liudong.registry:12", "partitions 0 to 11, not 12"),
        ]:
            refused = replay(wrong)
            assert (refused.returncode, reason in refused.stderr) == (2, True), refused.stderr


def go_on_from(output: str) -> str:
    """The positions a replay printed for the next one."""
    return output.rsplit("--from ", 1)[1].split()[0]


def topic_of(event_type: str) -> str:
    return EVENT_TYPES[event_type][0].removeprefix("liudong.")
