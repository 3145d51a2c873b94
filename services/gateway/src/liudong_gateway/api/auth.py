"""/api/auth: log in (OAuth2 password flow), refresh, log out.

Failed logins slow down exponentially per user name and address and lock that pair for a
while after five; an address is locked as a whole after twenty (see domain.accounts). No
client can lock someone else out. The answer never says whether the user name exists.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request, status
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import BaseModel

from liudong_events import audit
from liudong_events.auth import CurrentPrincipal, Principal, issue_token
from liudong_events.catalog import LoginFailed, LoginSucceeded
from liudong_events.responses import refusals
from liudong_events.service import DbConn
from liudong_gateway import sessions, users
from liudong_gateway.domain.accounts import login_keys

router = APIRouter(prefix="/api/auth", tags=["auth"])


class Token(BaseModel):
    access_token: str
    token_type: str = "bearer"  # noqa: S105 - the OAuth2 token type, not a secret
    expires_in: int
    refresh_token: str


def _tokens(request: Request, principal: Principal, refresh_token: str) -> Token:
    ttl = request.app.state.settings.token_ttl_seconds
    return Token(
        access_token=issue_token(principal, request.app.state.settings.jwt_secret, ttl),
        expires_in=ttl,
        refresh_token=refresh_token,
    )


def _address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.post("/token", responses=refusals(401, 429))
def login(
    form: Annotated[OAuth2PasswordRequestForm, Depends()], request: Request, conn: DbConn
) -> Token:
    keys = login_keys(form.username, _address(request))
    until = sessions.blocked_until(conn, keys)
    if until is not None:
        _refused(conn, form.username, request, "locked")
        wait = max(1, int((until - datetime.now(UTC)).total_seconds()) + 1)
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            f"登录失败次数过多, 请{wait}秒后再试",
            headers={"Retry-After": str(wait)},
        )
    principal = users.authenticate(conn, form.username, form.password)
    if principal is None:
        with conn.transaction():
            sessions.record_failure(conn, keys)
            _refused(conn, form.username, request, "wrong user name or password")
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED, "用户名或密码错误", headers={"WWW-Authenticate": "Bearer"}
        )
    with conn.transaction():
        sessions.clear_failures(conn, keys)
        session_id, refresh = sessions.open_session(conn, principal.user_id, _address(request))
        audit.record(conn, audit.entry(LoginSucceeded, principal, request))
    return _tokens(request, _with_session(principal, session_id), refresh)


def _refused(conn: DbConn, username: str, request: Request, reason: str) -> None:
    entry = LoginFailed(
        actor_id=None,
        actor_name=username[:60],
        role=None,
        actor_scope=[],
        at=datetime.now(UTC),
        address=_address(request),
        reason=reason,
    )
    with conn.transaction():
        audit.record(conn, entry)


def _with_session(principal: Principal, session_id: str) -> Principal:
    return dataclasses.replace(principal, session_id=session_id)


@router.post("/refresh", responses=refusals(401))
def refresh(refresh_token: Annotated[str, Form()], request: Request, conn: DbConn) -> Token:
    """A new access token (and a new refresh token) for a session still open."""
    rotated = sessions.rotate(conn, refresh_token)
    account = users.get(conn, rotated[0]) if rotated else None
    if rotated is None or account is None or account.disabled:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "会话已失效, 请重新登录")
    _, session_id, new_refresh = rotated
    principal = Principal(
        account.id,
        account.username,
        account.role,
        account.scope_place_id,
        account.scope_path,
        session_id,
        account.department,
    )
    return _tokens(request, principal, new_refresh)


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT, responses=refusals(400, 401))
def logout(conn: DbConn, who: CurrentPrincipal) -> None:
    if who.session_id:
        sessions.revoke(conn, who.session_id)
