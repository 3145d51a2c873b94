"""Users, roles and sessions through the gateway: who may create whom, passwords, logout,
refresh, disabling; and that a changed account takes effect on the very next request."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import httpx
import pytest

from liudong_devstack.client import login
from liudong_devstack.suite import Suite
from tests.e2e.helpers import Tree, add_place, create_user

PASSWORD = "correct-horse-42"


def _user(admin: httpx.Client, name: str, role: str, scope: str | None) -> dict[str, str]:
    return create_user(admin, name, role, scope, PASSWORD)


@pytest.fixture
def station_user(admin: httpx.Client, suite: Suite, tree: Tree) -> Iterator[httpx.Client]:
    name = f"st-{tree.station[:8]}"
    _user(admin, name, "station", tree.station)
    client = login(suite.gateway_url, name, PASSWORD)
    with contextlib.closing(client):
        yield client


def test_a_station_creates_weaker_users_below_itself_only(
    admin: httpx.Client, station_user: httpx.Client, tree: Tree
) -> None:
    community = station_user.post(
        "/api/users",
        json={
            "username": f"co-{tree.community[:8]}",
            "password": PASSWORD,
            "role": "community",
            "scope_place_id": tree.community,
        },
    )
    assert community.status_code == 201, community.text
    peer = station_user.post(
        "/api/users",
        json={
            "username": f"peer-{tree.station[:8]}",
            "password": PASSWORD,
            "role": "station",
            "scope_place_id": tree.station,
        },
    )
    assert peer.status_code == 403
    elsewhere = add_place(admin, "station", "别处派出所", tree.district)
    outside = station_user.post(
        "/api/users",
        json={
            "username": f"out-{tree.station[:8]}",
            "password": PASSWORD,
            "role": "compound",
            "scope_place_id": elsewhere,
        },
    )
    assert outside.status_code == 404

    listed = {u["username"] for u in station_user.get("/api/users").json()["items"]}
    assert listed == {f"co-{tree.community[:8]}"}
    everyone = {u["username"] for u in admin.get("/api/users").json()["items"]}
    assert {f"co-{tree.community[:8]}", f"st-{tree.station[:8]}", "admin"} <= everyone


@pytest.mark.parametrize(
    ("password", "problem"),
    [("short-1", "至少10位"), ("my-name-is-pwuser-x", "不能包含用户名")],
)
def test_weak_passwords_are_refused(
    admin: httpx.Client, tree: Tree, password: str, problem: str
) -> None:
    response = admin.post(
        "/api/users",
        json={
            "username": "pwuser-x",
            "password": password,
            "role": "compound",
            "scope_place_id": tree.compound,
        },
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "password"]
    assert problem in response.json()["detail"][0]["msg"]


def test_disabling_a_user_ends_their_sessions_at_once(
    admin: httpx.Client, suite: Suite, tree: Tree
) -> None:
    created = _user(admin, f"cp-{tree.compound[:8]}", "compound", tree.compound)
    clerk = login(suite.gateway_url, created["username"], PASSWORD)
    with contextlib.closing(clerk):
        assert clerk.get(f"/api/places/{tree.compound}").status_code == 200
        changed = admin.patch(f"/api/users/{created['id']}", json={"disabled": True})
        assert changed.json()["disabled"] is True
        assert clerk.get(f"/api/places/{tree.compound}").status_code == 401
    again = httpx.post(
        f"{suite.gateway_url}/api/auth/token",
        data={"username": created["username"], "password": PASSWORD},
    )
    assert again.status_code == 401


def test_logout_revokes_and_refresh_rotates(admin: httpx.Client, suite: Suite, tree: Tree) -> None:
    created = _user(admin, f"lo-{tree.compound[:8]}", "compound", tree.compound)
    tokens = httpx.post(
        f"{suite.gateway_url}/api/auth/token",
        data={"username": created["username"], "password": PASSWORD},
    ).json()
    assert tokens["expires_in"] == 3600
    renewed = httpx.post(
        f"{suite.gateway_url}/api/auth/refresh", data={"refresh_token": tokens["refresh_token"]}
    )
    assert renewed.status_code == 200
    reused = httpx.post(
        f"{suite.gateway_url}/api/auth/refresh", data={"refresh_token": tokens["refresh_token"]}
    )
    assert reused.status_code == 401, "a used refresh token must not work twice"

    headers = {"Authorization": f"Bearer {renewed.json()['access_token']}"}
    place = f"{suite.gateway_url}/api/places/{tree.compound}"
    assert httpx.get(place, headers=headers).status_code == 200
    assert httpx.post(f"{suite.gateway_url}/api/auth/logout", headers=headers).status_code == 204
    assert httpx.get(place, headers=headers).status_code == 401
    after = httpx.post(
        f"{suite.gateway_url}/api/auth/refresh",
        data={"refresh_token": renewed.json()["refresh_token"]},
    )
    assert after.status_code == 401


def test_password_change_and_admin_reset(admin: httpx.Client, suite: Suite, tree: Tree) -> None:
    created = _user(admin, f"pw-{tree.compound[:8]}", "compound", tree.compound)
    clerk = login(suite.gateway_url, created["username"], PASSWORD)
    with contextlib.closing(clerk):
        wrong = clerk.post(
            "/api/users/me/password",
            json={"current_password": "not-my-password", "new_password": "another-good-one"},
        )
        assert wrong.status_code == 422
        changed = clerk.post(
            "/api/users/me/password",
            json={"current_password": PASSWORD, "new_password": "another-good-one"},
        )
        assert changed.status_code == 204
        assert clerk.get("/api/users/me").status_code == 401  # sessions ended
    login(suite.gateway_url, created["username"], "another-good-one").close()
    reset = admin.post(
        f"/api/users/{created['id']}/password", json={"new_password": "set-by-the-admin"}
    )
    assert reset.status_code == 204
    login(suite.gateway_url, created["username"], "set-by-the-admin").close()
