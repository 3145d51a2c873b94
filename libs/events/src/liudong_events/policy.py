"""Who may do what: roles, their rank, and the actions each role is allowed.

Pure rules, shared by every service so that a role means the same everywhere. Scope (which
records) is checked separately, against the record's place path, by each service's queries.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import Depends, HTTPException, status

from liudong_events.auth import CurrentPrincipal, Principal, Role

# Higher manages lower: a user creates users only of a rank below their own (admins also
# create admins) and only at or below their own scope.
RANK: dict[Role, int] = {
    "admin": 5,
    "station": 4,
    "community": 3,
    "compound": 2,
    "coordinator": 1,
    "resident": 0,
    "department": 3,  # a department's follow-up desk: created by stations and admins
}
OFFICES: frozenset[Role] = frozenset({"admin", "station", "community", "compound"})

Action = Literal[
    "place.read",
    "place.create",
    "place.assign_officer",
    "place.maintain",
    "residence.read",
    "residence.write",
    "person.read",
    "declaration.submit",
    "declaration.read",
    "declaration.review",
    "school.read",
    "school.write",
    "stats.read",
    "stats.rebuild",
    "user.manage",
    "audit.read",
    "house.read",
    "house.write",
    "compound_profile.write",
    "coordinator.manage",
    "employer.read",
    "employer.write",
    "inspection.record",
    "notice.read",
    "notice.follow_up",
    "events.count",
    "exchange.read",
    "exchange.answer",
    "province.reconcile",
]

ALLOWED: dict[Action, frozenset[Role]] = {
    "place.read": OFFICES | {"coordinator"},
    "place.create": OFFICES,
    "place.assign_officer": frozenset({"admin", "station"}),
    "place.maintain": frozenset({"admin", "station"}),  # rename, move, retire
    "residence.read": OFFICES,
    "residence.write": OFFICES,
    "person.read": OFFICES,
    "declaration.submit": frozenset({"resident"}),
    "declaration.read": OFFICES | {"resident"},
    "declaration.review": OFFICES,
    "school.read": OFFICES,
    "school.write": OFFICES,
    "stats.read": OFFICES,
    "stats.rebuild": frozenset({"admin"}),
    "user.manage": OFFICES,
    "audit.read": frozenset({"admin", "station"}),
    "house.read": OFFICES | {"coordinator"},
    "house.write": OFFICES | {"coordinator"},
    "compound_profile.write": OFFICES,
    "coordinator.manage": frozenset({"admin", "station", "community"}),
    "employer.read": OFFICES | {"coordinator"},
    "employer.write": OFFICES | {"coordinator"},
    "inspection.record": OFFICES | {"coordinator"},
    "notice.read": OFFICES | {"coordinator", "department"},
    "notice.follow_up": frozenset({"admin", "department"}),
    "events.count": frozenset({"admin"}),
    # The exchange inbox (待办事宜): the offices that answer for a jurisdiction's residents.
    "exchange.read": frozenset({"admin", "station", "community"}),
    "exchange.answer": frozenset({"admin", "station", "community"}),
    "province.reconcile": frozenset({"admin"}),
}


def allowed(who: Principal, action: Action) -> bool:
    return who.role in ALLOWED[action]


def may_grant(who: Principal, role: Role) -> bool:
    """A user never creates or promotes someone to a stronger role than a subordinate's."""
    if who.role == "admin":
        return True
    return RANK[role] < RANK[who.role]


def require(action: Action) -> Any:
    """A FastAPI dependency: the verified caller, if their role may do `action` (else 403).

    Use as `Annotated[Principal, require("person.read")]`.
    """

    def check(who: CurrentPrincipal) -> Principal:
        if not allowed(who, action):
            raise HTTPException(status.HTTP_403_FORBIDDEN, "此角色无权执行该操作")
        return who

    return Depends(check)
