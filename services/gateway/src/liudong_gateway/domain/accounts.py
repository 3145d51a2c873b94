"""Account rules: password policy, who may manage whom, and login throttling. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from liudong_events.auth import Department, Principal, Role
from liudong_events.policy import RANK, may_grant

MIN_PASSWORD_LENGTH = 10
LOCK_AFTER_FAILURES = 5
ADDRESS_LOCK_AFTER_FAILURES = 20
LOCK_DURATION = timedelta(minutes=15)


def password_problems(username: str, password: str) -> list[str]:
    problems = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(f"密码至少{MIN_PASSWORD_LENGTH}位")
    if username and username.lower() in password.lower():
        problems.append("密码不能包含用户名")
    return problems


@dataclass(frozen=True)
class Account:
    id: str
    username: str
    role: Role
    scope_place_id: str | None
    scope_path: tuple[str, ...]
    disabled: bool
    department: Department | None = None


def may_manage(who: Principal, target: Account) -> bool:
    """Admins manage everyone; others only weaker users at or below their scope."""
    if who.role == "admin":
        return True
    return RANK[target.role] < RANK[who.role] and who.covers(target.scope_path)


def may_assign(who: Principal, role: Role, scope_path: tuple[str, ...]) -> bool:
    """Whether `who` may give someone `role` at the place whose path is `scope_path`."""
    if not may_grant(who, role):
        return False
    return who.role == "admin" or who.covers(scope_path)


def department_problem(role: Role, department: Department | None) -> str | None:
    """A department user belongs to one department; no other role has one."""
    if role == "department" and department is None:
        return "所属部门, 必须录入, 不能为空!"
    if role != "department" and department is not None:
        return "只有部门用户有所属部门"
    return None


def wait_after_failures(failures: int) -> timedelta:
    """Exponential back-off (1 s, 2 s, 4 s, 8 s), then a lock of 15 minutes."""
    if failures <= 0:
        return timedelta(0)
    if failures >= LOCK_AFTER_FAILURES:
        return LOCK_DURATION
    return timedelta(seconds=2 ** (failures - 1))


def login_keys(username: str, address: str) -> list[str]:
    """What failed logins are counted against: the user name *from* an address, and the
    address. Never the user name alone: then anyone could lock anyone out."""
    return [f"pair:{address} {username.lower()}", f"addr:{address}"]


def locked_until(key: str, last_failure: datetime, failures: int) -> datetime:
    """A user name from one address backs off after each failure and is locked after five,
    from that address only. An address as a whole is only locked, after twenty failures in
    a row under any names (one client guessing through accounts), never slowed before: a
    clerk's typo must not slow down the office behind one address."""
    if key.startswith("addr:"):
        locked = failures >= ADDRESS_LOCK_AFTER_FAILURES
        return last_failure + LOCK_DURATION if locked else last_failure
    return last_failure + wait_after_failures(failures)
