"""The audit trail: logins, searches and record views become entries on `liudong.audit`;
administrators and stations search and export them; the stores cannot be rewritten."""

from __future__ import annotations

import contextlib
import random
from typing import Any

import httpx
import psycopg
import pytest

from liudong_devstack.client import login
from liudong_devstack.suite import Suite
from liudong_events.days import office_today
from tests.e2e.helpers import (
    Tree,
    add_place,
    audit_entries,
    create_user,
    declaration,
    eventually,
    eventually_equal,
)

PASSWORD = "audited-clerk-1"


def _user(admin: httpx.Client, name: str, role: str, scope: str) -> str:
    return str(create_user(admin, name, role, scope, PASSWORD)["id"])


def test_reads_searches_and_logins_are_on_the_record(
    admin: httpx.Client, suite: Suite, tree: Tree
) -> None:
    rng = random.Random(8)
    unit = tree.units[tree.buildings[0]][0]
    person = admin.post("/api/residences", json=declaration(unit, office_today(), rng)).json()
    clerk_name = f"clerk-{tree.compound[:8]}"
    clerk_id = _user(admin, clerk_name, "compound", tree.compound)
    clerk = login(suite.gateway_url, clerk_name, PASSWORD)
    with contextlib.closing(clerk):
        assert clerk.get("/api/persons").json()["total"] == 1
        detail = clerk.get(f"/api/persons/{person['person_id']}", params={"purpose": "居住证核查"})
        assert detail.status_code == 200

    def viewed() -> list[dict[str, Any]]:
        return [
            e
            for e in audit_entries(admin, record_id=person["person_id"])
            if e["type"] == "liudong.audit.person_viewed"
        ]

    entry = eventually(viewed)[0]
    assert (entry["actor_name"], entry["role"], entry["purpose"], entry["address"]) == (
        clerk_name,
        "compound",
        "居住证核查",
        "127.0.0.1",
    )
    # Each service's entries reach the trail through its own relay: the login's (gateway)
    # may come after the view's (registry).
    wanted = {
        "liudong.audit.login_succeeded",
        "liudong.audit.persons_searched",
        "liudong.audit.person_viewed",
    }
    eventually_equal(
        lambda: wanted & {e["type"] for e in audit_entries(admin, user_id=clerk_id)}, wanted
    )
    views = admin.get(f"/api/persons/{person['person_id']}").json()["views"]
    assert clerk_name in [v["actor_name"] for v in views], "the record shows who opened it"


def test_stations_see_their_own_users_entries_and_export_them(
    admin: httpx.Client, suite: Suite, tree: Tree
) -> None:
    clerk_name = f"exp-{tree.compound[:8]}"
    clerk_id = _user(admin, clerk_name, "compound", tree.compound)
    login(suite.gateway_url, clerk_name, PASSWORD).close()
    here = f"here-{tree.station[:8]}"
    _user(admin, here, "station", tree.station)
    elsewhere = add_place(admin, "station", "旁边派出所", tree.district)
    there = f"there-{tree.station[:8]}"
    _user(admin, there, "station", elsewhere)

    ours = login(suite.gateway_url, here, PASSWORD)
    theirs = login(suite.gateway_url, there, PASSWORD)
    with contextlib.closing(ours), contextlib.closing(theirs):
        eventually(lambda: audit_entries(ours, user_id=clerk_id))
        assert audit_entries(theirs, user_id=clerk_id) == []
        exported = ours.get("/api/audit/export", params={"user_id": clerk_id})
        assert exported.status_code == 200
        assert exported.headers["content-type"].startswith("text/csv")
        assert exported.text.startswith("\ufeff时间,类型,用户")
        assert clerk_name in exported.text
        me = ours.get("/api/users/me").json()["id"]
        eventually(
            lambda: [
                e
                for e in audit_entries(admin, user_id=me)
                if e["type"] == "liudong.audit.records_exported"
            ]
        )


def test_a_failed_login_is_on_the_record(admin: httpx.Client, suite: Suite) -> None:
    refused = httpx.post(
        f"{suite.gateway_url}/api/auth/token",
        data={"username": "mallory-x", "password": "guess-guess-guess"},
    )
    assert refused.status_code == 401
    found = eventually(lambda: [e for e in audit_entries(admin) if e["actor_name"] == "mallory-x"])
    assert found[0]["type"] == "liudong.audit.login_failed"
    assert found[0]["detail"]["reason"] == "wrong user name or password"


@pytest.mark.parametrize(
    ("service", "table"),
    [("gateway", "audit_log"), ("registry", "audit_trail"), ("gateway", "events")],
)
def test_the_audit_stores_cannot_be_rewritten_by_their_service(
    suite: Suite, service: str, table: str
) -> None:
    with psycopg.connect(suite.database_urls[service]) as conn:
        for statement in (
            f"UPDATE {table} SET at = now()"
            if table != "events"
            else "UPDATE events SET type = 'x'",
            f"DELETE FROM {table}",
            f"TRUNCATE {table}",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)
            conn.rollback()
