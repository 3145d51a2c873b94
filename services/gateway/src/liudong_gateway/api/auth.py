"""/api/auth/token (OAuth2 password flow) and /api/users."""

from __future__ import annotations

from typing import Annotated, Any

import httpx
from fastapi import APIRouter, Depends, HTTPException, Request, status
from fastapi.security import OAuth2PasswordRequestForm
from psycopg import errors as pg_errors
from pydantic import BaseModel, Field

from liudong_events.auth import CurrentPrincipal, Role, issue_token
from liudong_events.service import DbConn
from liudong_gateway import users

router = APIRouter(prefix="/api", tags=["auth"])


class Token(BaseModel):
    access_token: str
    token_type: str = "bearer"  # noqa: S105 - the OAuth2 token type, not a secret
    expires_in: int


class UserCreate(BaseModel):
    username: str = Field(min_length=2, max_length=60, pattern=r"^[\w.@-]+$")
    password: str = Field(min_length=8, max_length=200)
    role: Role
    scope_place_id: str | None = None


@router.post("/auth/token")
def login(
    form: Annotated[OAuth2PasswordRequestForm, Depends()], request: Request, conn: DbConn
) -> Token:
    principal = users.authenticate(conn, form.username, form.password)
    if principal is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED, "用户名或密码错误", headers={"WWW-Authenticate": "Bearer"}
        )
    ttl = request.app.state.settings.token_ttl_seconds
    return Token(
        access_token=issue_token(principal, request.app.state.settings.jwt_secret, ttl),
        expires_in=ttl,
    )


@router.post("/users", status_code=status.HTTP_201_CREATED)
def create_user(
    body: UserCreate, request: Request, conn: DbConn, who: CurrentPrincipal
) -> dict[str, Any]:
    if who.role != "admin":
        raise HTTPException(status.HTTP_403_FORBIDDEN, "only an administrator creates users")
    path: list[str] = []
    if body.scope_place_id is not None:
        path = _place_path(request, body.scope_place_id)
    elif body.role != "admin":
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_ENTITY,
            [
                {
                    "loc": ["body", "scope_place_id"],
                    "msg": "管辖范围, 必须录入, 不能为空!",
                    "type": "value_error",
                }
            ],
        )
    try:
        user_id = users.create(
            conn, body.username, body.password, body.role, body.scope_place_id, path
        )
    except pg_errors.UniqueViolation as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, "username already taken") from exc
    return {
        "id": user_id,
        "username": body.username,
        "role": body.role,
        "scope_place_id": body.scope_place_id,
    }


def _place_path(request: Request, place_id: str) -> list[str]:
    settings = request.app.state.settings
    response = httpx.get(
        f"{settings.housing_url}/api/places/{place_id}",
        timeout=5,
        headers={"Authorization": request.headers.get("authorization", "")},
    )
    if response.status_code == 404:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_ENTITY,
            [{"loc": ["body", "scope_place_id"], "msg": "place not found", "type": "value_error"}],
        )
    response.raise_for_status()
    return [step["id"] for step in response.json()["path"]]
