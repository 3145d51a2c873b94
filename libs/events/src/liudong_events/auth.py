"""Verified callers. The gateway signs tokens; every service verifies them itself.

The token carries the role and the scope (a place id and its path from the root), so a
service can filter its own queries by jurisdiction without asking anyone.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Annotated, Any, Literal

import jwt
from fastapi import Depends, HTTPException, Request, status
from fastapi.security import OAuth2PasswordBearer

from liudong_events.event_data import Department

__all__ = ["Department", "Principal", "Role"]

Role = Literal["admin", "station", "community", "compound", "coordinator", "resident", "department"]
ROLES: tuple[Role, ...] = (
    "admin",
    "station",
    "community",
    "compound",
    "coordinator",
    "resident",
    "department",
)
ALGORITHM = "HS256"
ISSUER = "liudong-gateway"


@dataclass(frozen=True)
class Principal:
    user_id: str
    username: str
    role: Role
    scope_place_id: str | None
    scope_path: tuple[str, ...]
    session_id: str | None = None
    department: Department | None = None

    def actor(self) -> dict[str, str]:
        """How events record who made a change."""
        return {"user_id": self.user_id, "username": self.username, "role": self.role}

    def covers(self, place_path: list[str] | tuple[str, ...]) -> bool:
        """Whether a record hanging at `place_path` lies within this caller's jurisdiction."""
        if self.scope_place_id is None:
            return self.role == "admin"
        return self.scope_place_id in place_path


def issue_token(principal: Principal, secret: str, ttl_seconds: int = 3600) -> str:
    now = int(time.time())
    claims: dict[str, Any] = {
        "iss": ISSUER,
        "sub": principal.user_id,
        "name": principal.username,
        "role": principal.role,
        "scope": principal.scope_place_id,
        "scope_path": list(principal.scope_path),
        "sid": principal.session_id,
        "dept": principal.department,
        "iat": now,
        "exp": now + ttl_seconds,
    }
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def verify_token(token: str, secret: str) -> Principal:
    claims = jwt.decode(token, secret, algorithms=[ALGORITHM], issuer=ISSUER)
    return Principal(
        user_id=claims["sub"],
        username=claims["name"],
        role=claims["role"],
        scope_place_id=claims.get("scope"),
        scope_path=tuple(claims.get("scope_path") or ()),
        session_id=claims.get("sid"),
        department=claims.get("dept"),
    )


oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/auth/token")


def current_principal(request: Request, token: Annotated[str, Depends(oauth2_scheme)]) -> Principal:
    """The verified caller; 401 for a bad or expired token, or one whose session the gateway
    ended (see ended_sessions.py)."""
    try:
        principal = verify_token(token, request.app.state.settings.jwt_secret)
    except jwt.PyJWTError as exc:
        raise _unauthorized("invalid or expired token") from exc
    state = request.app.state
    if principal.session_id and state.ended_sessions.ended(state.pool, principal.session_id):
        raise _unauthorized("会话已失效, 请重新登录")
    return principal


def _unauthorized(message: str) -> HTTPException:
    return HTTPException(
        status.HTTP_401_UNAUTHORIZED, message, headers={"WWW-Authenticate": "Bearer"}
    )


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]
