"""Account rules: password policy, who manages whom, back-off and lock."""

from __future__ import annotations

from datetime import timedelta

from liudong_events.auth import Principal
from liudong_gateway.domain.accounts import (
    Account,
    department_problem,
    may_assign,
    may_manage,
    password_problems,
    wait_after_failures,
)

STATION = Principal("u1", "east", "station", "S1", ("D", "S1"))
ADMIN = Principal("u0", "admin", "admin", None, ())


def _account(role: str, path: tuple[str, ...]) -> Account:
    return Account("u2", "x", role, path[-1] if path else None, path, False)  # type: ignore[arg-type]


def test_password_policy() -> None:
    assert password_problems("clerk", "long-enough-1") == []
    assert password_problems("clerk", "short") == ["密码至少10位"]
    assert password_problems("clerk", "I-am-CLERK-2026") == ["密码不能包含用户名"]


def test_a_station_manages_weaker_users_under_it_only() -> None:
    assert may_manage(STATION, _account("community", ("D", "S1", "C1")))
    assert not may_manage(STATION, _account("station", ("D", "S1")))
    assert not may_manage(STATION, _account("compound", ("D", "S2", "C9", "P9")))
    assert may_manage(ADMIN, _account("admin", ()))


def test_roles_and_scopes_a_station_may_assign() -> None:
    assert may_assign(STATION, "compound", ("D", "S1", "C1", "P1"))
    assert not may_assign(STATION, "station", ("D", "S1"))
    assert not may_assign(STATION, "admin", ())
    assert not may_assign(STATION, "community", ("D", "S2", "C2"))
    assert may_assign(ADMIN, "admin", ())


def test_back_off_doubles_then_locks() -> None:
    waits = [wait_after_failures(n) for n in range(7)]
    assert waits[0] == timedelta(0)
    assert [w.total_seconds() for w in waits[1:5]] == [1, 2, 4, 8]
    assert waits[5] == waits[6] == timedelta(minutes=15)


def test_a_name_is_locked_from_one_address_and_an_address_only_after_twenty() -> None:
    from datetime import UTC, datetime

    from liudong_gateway.domain.accounts import locked_until, login_keys

    now = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
    pair, address = login_keys("Admin", "10.0.0.1")
    assert login_keys("admin", "10.0.0.2")[0] != pair, "another address is another count"
    assert all("10.0.0.1" in key for key in (pair, address)), "no count of a name alone"
    assert locked_until(pair, now, 1) == now + timedelta(seconds=1)
    assert locked_until(pair, now, 5) == now + timedelta(minutes=15)
    assert locked_until(address, now, 19) == now
    assert locked_until(address, now, 20) == now + timedelta(minutes=15)


def test_a_department_user_belongs_to_one_department_and_only_they_do() -> None:
    assert department_problem("department", "fire") is None
    assert department_problem("department", None) == "所属部门, 必须录入, 不能为空!"
    assert department_problem("station", "fire") is not None
    assert department_problem("station", None) is None


def test_stations_create_department_users_and_communities_do_not() -> None:
    community = Principal("u3", "c", "community", "C1", ("D", "S1", "C1"))
    assert may_assign(STATION, "department", ("D", "S1"))
    assert not may_assign(community, "department", ("D", "S1", "C1"))
