"""What a hostile client on the office network tries, each answered with a clean 4xx and
nothing leaked: the reproductions of issue 19, against a running suite.

(Login throttling: test_login_lock.py; uploads: test_imports.py; killed workers:
test_registry_kill.py; what the province receives: test_province_exchange.py.)
"""

from __future__ import annotations

import contextlib
import json
import random

import httpx

from liudong_devstack.client import login
from liudong_devstack.suite import Suite
from liudong_events.days import office_today
from tests.e2e.helpers import Tree, audit_entries, create_user, declaration, eventually

PASSWORD = "hardened-clerk-1"
HUGE_PAGE = "2219875829551964618752"
AN_ID_NUMBER = "11010519491231002X"


def _token(client: httpx.Client) -> str:
    return client.headers["Authorization"].removeprefix("Bearer ")


def _clerk(admin: httpx.Client, suite: Suite, tree: Tree, name: str) -> tuple[str, httpx.Client]:
    user = create_user(admin, f"{name}-{tree.compound[:8]}", "compound", tree.compound, PASSWORD)
    return str(user["id"]), login(suite.gateway_url, f"{name}-{tree.compound[:8]}", PASSWORD)


def test_a_second_authorization_header_is_refused(
    admin: httpx.Client, suite: Suite, tree: Tree
) -> None:
    _, clerk = _clerk(admin, suite, tree, "two")
    ended = _token(clerk)
    assert clerk.post("/api/auth/logout").status_code == 204
    for first, second in ((_token(admin), ended), (ended, _token(admin))):
        headers = [("Authorization", f"Bearer {first}"), ("Authorization", f"Bearer {second}")]
        answer = httpx.get(f"{suite.gateway_url}/api/persons", headers=headers)
        assert answer.status_code == 400, answer.text
        assert "Authorization" in answer.json()["detail"]


def test_services_refuse_an_ended_session_themselves(
    admin: httpx.Client, suite: Suite, tree: Tree
) -> None:
    """Services verify tokens themselves: a token whose session ended (logout, disabled,
    role changed) must stop working there too, not only at the gateway."""
    registry = f"{suite.url('registry')}/api/persons"
    for ending in ("logout", "disabled", "role_changed"):
        user_id, clerk = _clerk(admin, suite, tree, ending[:6])
        direct = {"Authorization": f"Bearer {_token(clerk)}"}
        assert httpx.get(registry, headers=direct).status_code == 200
        if ending == "logout":
            assert clerk.post("/api/auth/logout").status_code == 204
        else:
            change = {"disabled": True} if ending == "disabled" else {"role": "resident"}
            assert admin.patch(f"/api/users/{user_id}", json=change).status_code == 200
        eventually(lambda: httpx.get(registry, headers=direct).status_code == 401)  # noqa: B023
        assert clerk.get("/api/persons").status_code == 401, "and at the gateway at once"
        clerk.close()


def test_the_proxy_forwards_only_clean_path_segments(admin: httpx.Client, suite: Suite) -> None:
    with httpx.Client(base_url=suite.gateway_url, headers=admin.headers) as client:
        for path in ("/api/persons/%01", "/api/persons/a%0Db", "/api/persons/%E4%B8%AD%01"):
            assert client.get(path).status_code == 404, path
            assert client.get("/api/health").status_code == 200, "the connection still serves"
        for path in (
            "/api/persons/..%2F..%2Fmetrics",
            "/api/persons/%2e%2e/%2e%2e/metrics",
            "/api/persons/..%5C..%5Chealth",
            "/api/stats/..%2F..%2Fhealth",
        ):
            answer = client.get(path)
            assert answer.status_code == 404, path
            assert "process_cpu" not in answer.text, "the service's metrics leaked"


def test_unstorable_text_is_a_422_naming_the_field(admin: httpx.Client, tree: Tree) -> None:
    searched = admin.get("/api/persons", params={"name": "a\x00b"})
    assert searched.status_code == 422
    assert searched.json()["detail"][0]["loc"] == ["query", "name"]
    assert admin.get("/api/schools", params={"q": "\x00"}).status_code == 422

    body = declaration(tree.units[tree.buildings[0]][0], office_today(), random.Random(5))
    for bad in ("a\x00b", "a\ud800b"):
        body["person"]["name"] = bad
        raw = json.dumps(body)  # escapes both: valid JSON, unstorable text
        answer = admin.post(
            "/api/residences", content=raw, headers={"Content-Type": "application/json"}
        )
        assert answer.status_code == 422, answer.text
        assert answer.json()["detail"][0]["loc"] == ["body", "person", "name"]
        assert "\\u" not in answer.text, "the value is not echoed"


def test_huge_page_numbers_are_refused(admin: httpx.Client) -> None:
    for path in ("/api/persons", "/api/houses", "/api/notices", "/api/audit", "/api/employers"):
        answer = admin.get(path, params={"page": HUGE_PAGE})
        assert answer.status_code == 422, (path, answer.text)
        assert answer.json()["detail"][0]["loc"] == ["query", "page"]


def test_audit_filters_take_only_ids_and_log_no_value(admin: httpx.Client, suite: Suite) -> None:
    for value in ("null", "", AN_ID_NUMBER):
        answer = admin.get("/api/audit", params={"user_id": value})
        assert answer.status_code == 422, (value, answer.text)
        assert answer.json()["detail"][0]["loc"] == ["query", "user_id"]
    assert admin.get("/api/audit/export", params={"user_id": AN_ID_NUMBER}).status_code == 422
    assert AN_ID_NUMBER not in (suite.log_dir / "gateway.log").read_text(errors="replace")


def test_a_crafted_scope_is_refused_before_housing_is_asked(
    admin: httpx.Client, tree: Tree
) -> None:
    for crafted in ("../../metrics", f"{tree.compound}?x=", f"{tree.compound}/../../health"):
        answer = admin.post(
            "/api/users",
            json={
                "username": f"crafted-{tree.compound[:8]}",
                "password": PASSWORD,
                "role": "compound",
                "scope_place_id": crafted,
            },
        )
        assert answer.status_code == 422, (crafted, answer.text)
        assert answer.json()["detail"][0]["loc"][-1] == "scope_place_id"


def test_a_forged_forwarded_address_is_not_in_the_audit(admin: httpx.Client, tree: Tree) -> None:
    unit = tree.units[tree.buildings[0]][0]
    person = admin.post("/api/residences", json=declaration(unit, office_today(), random.Random(6)))
    person_id = person.json()["person_id"]
    viewed = admin.get(f"/api/persons/{person_id}", headers={"X-Forwarded-For": "6.6.6.6"})
    assert viewed.status_code == 200
    entry = eventually(lambda: audit_entries(admin, record_id=person_id))[0]
    assert entry["address"] == "127.0.0.1"

    forged = {"X-Forwarded-For": "6.6.6.6"}  # the gateway's own audited read: an export
    assert admin.get("/api/audit/export", headers=forged).status_code == 200
    exports = eventually(
        lambda: [e for e in audit_entries(admin) if e["type"] == "liudong.audit.records_exported"]
    )
    assert {e["address"] for e in exports} == {"127.0.0.1"}


def test_every_personal_read_is_audited(admin: httpx.Client, suite: Suite, tree: Tree) -> None:
    """The full declaration, a unit's residents by name, a self-declaration: each read is
    an entry naming who read it (guarantee 5), as the person's page already was."""
    rng = random.Random(12)
    unit = tree.units[tree.buildings[0]][0]
    checked_in = admin.post("/api/residences", json=declaration(unit, office_today(), rng)).json()
    resident_name = f"rd-{tree.compound[:8]}"
    create_user(admin, resident_name, "resident", tree.compound, PASSWORD)
    clerk_id, clerk = _clerk(admin, suite, tree, "reader")
    resident = login(suite.gateway_url, resident_name, PASSWORD)
    with contextlib.closing(clerk), contextlib.closing(resident):
        declared = resident.post("/api/declarations", json=declaration(unit, office_today(), rng))
        assert declared.status_code == 201, declared.text
        declaration_id = declared.json()["declaration_id"]

        assert clerk.get(f"/api/residences/{checked_in['residence_id']}").status_code == 200
        assert clerk.get(f"/api/declarations/{declaration_id}").status_code == 200
        eventually(
            lambda: clerk.get("/api/stats/occupancy", params={"place_id": unit}).json()["children"]
        )

    def by_clerk(record: str, kind: str) -> bool:
        return any(
            e["type"] == f"liudong.audit.{kind}" and e["actor_id"] == clerk_id
            for e in audit_entries(admin, record_id=record)
        )

    eventually(lambda: by_clerk(checked_in["residence_id"], "person_viewed"))
    eventually(lambda: by_clerk(declaration_id, "person_viewed"))
    eventually(lambda: by_clerk(checked_in["person_id"], "persons_searched"))
    person = admin.get(f"/api/persons/{checked_in['person_id']}").json()
    assert any(v["actor_name"].startswith("reader-") for v in person["views"]), person["views"]
