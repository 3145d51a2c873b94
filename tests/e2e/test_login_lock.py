"""Login protection on a suite of its own (the lock holds the test's own addresses).

The test speaks from two loopback addresses: 127.0.0.2 plays a client guessing passwords,
127.0.0.1 the office where the real admin sits."""

from __future__ import annotations

import time

import httpx

from liudong_devstack.pytest_plugin import ADMIN_PASSWORD
from liudong_devstack.suite import Suite

GUESSER = "127.0.0.2"


def _login(
    suite: Suite, username: str, password: str, source: str = "127.0.0.1", **headers: str
) -> httpx.Response:
    transport = httpx.HTTPTransport(local_address=source)
    with httpx.Client(transport=transport, base_url=suite.gateway_url) as client:
        form = {"username": username, "password": password}
        return client.post("/api/auth/token", data=form, headers=headers)


def test_failures_slow_down_then_lock_the_name_from_that_address_only(suite: Suite) -> None:
    assert _login(suite, "admin", "wrong-password-1", GUESSER).status_code == 401
    hurried = _login(suite, "admin", ADMIN_PASSWORD, GUESSER)
    assert hurried.status_code == 429, "the second try must wait for the back-off"
    assert int(hurried.headers["Retry-After"]) >= 1
    for attempt in range(2, 6):  # failures 2…5, each after its back-off
        time.sleep(2 ** (attempt - 2) + 0.2)
        assert _login(suite, "admin", f"wrong-password-{attempt}", GUESSER).status_code == 401
    time.sleep(1.0)
    locked = _login(suite, "admin", ADMIN_PASSWORD, GUESSER)
    assert locked.status_code == 429
    assert int(locked.headers["Retry-After"]) > 60
    forged = _login(suite, "admin", ADMIN_PASSWORD, GUESSER, **{"X-Forwarded-For": "6.6.6.6"})
    assert forged.status_code == 429, "a forged X-Forwarded-For must not make a new address"

    assert _login(suite, "admin", ADMIN_PASSWORD).status_code == 200, (
        "the guesser must not lock the admin out of the office"
    )
    other = _login(suite, "nobody-here", "whatever-password", GUESSER)
    assert other.status_code == 401, "the guesser's address is not locked for other names yet"


def test_an_address_guessing_through_many_names_is_locked_itself(suite: Suite) -> None:
    source = "127.0.0.3"
    answers = [_login(suite, f"guess-{n}", "whatever-password", source) for n in range(20)]
    assert {a.status_code for a in answers} == {401}, "one try per name: no back-off yet"
    assert _login(suite, "guess-20", "whatever-password", source).status_code == 429
    assert _login(suite, "admin", ADMIN_PASSWORD, source).status_code == 429
    assert _login(suite, "admin", ADMIN_PASSWORD).status_code == 200, "only that address"
