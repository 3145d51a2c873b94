"""Login protection on a suite of its own (the lock also holds the test's own address)."""

from __future__ import annotations

import time

import httpx

from liudong_devstack.pytest_plugin import ADMIN_PASSWORD
from liudong_devstack.suite import Suite


def _login(suite: Suite, username: str, password: str) -> httpx.Response:
    return httpx.post(
        f"{suite.gateway_url}/api/auth/token", data={"username": username, "password": password}
    )


def test_failures_slow_down_then_lock_even_the_right_password(suite: Suite) -> None:
    assert _login(suite, "admin", "wrong-password-1").status_code == 401
    hurried = _login(suite, "admin", ADMIN_PASSWORD)
    assert hurried.status_code == 429, "the second try must wait for the back-off"
    assert int(hurried.headers["Retry-After"]) >= 1
    for attempt in range(2, 6):  # failures 2…5, each after its back-off
        time.sleep(2 ** (attempt - 2) + 0.2)
        assert _login(suite, "admin", f"wrong-password-{attempt}").status_code == 401
    time.sleep(1.0)
    locked = _login(suite, "admin", ADMIN_PASSWORD)
    assert locked.status_code == 429
    assert int(locked.headers["Retry-After"]) > 60
    unknown = _login(suite, "nobody-here", "whatever-password")
    assert unknown.status_code == 429, "the address is locked too"
