"""/api/users: create, list, change and disable users within one's own scope; passwords."""

from __future__ import annotations

import dataclasses
import uuid
from typing import Annotated, Any

import httpx
from fastapi import APIRouter, HTTPException, Request, status
from psycopg import errors as pg_errors
from pydantic import BaseModel, Field

from liudong_events.auth import CurrentPrincipal, Department, Principal, Role
from liudong_events.ids import is_uuid
from liudong_events.policy import require
from liudong_events.responses import refusals
from liudong_events.service import DbConn
from liudong_gateway import sessions, users
from liudong_gateway.domain.accounts import (
    Account,
    department_problem,
    may_assign,
    may_manage,
    password_problems,
)

# Every user may read their own account and change their own password: no role is refused.
router = APIRouter(prefix="/api/users", tags=["users"], responses=refusals(400, 401))
Manager = Annotated[Principal, require("user.manage")]


class UserCreate(BaseModel):
    username: str = Field(min_length=2, max_length=60, pattern=r"^[\w.@-]+$")
    password: str = Field(max_length=200)
    role: Role
    scope_place_id: str | None = None
    department: Department | None = Field(
        default=None, description="所属部门, for the `department` role only"
    )


class UserUpdate(BaseModel):
    role: Role | None = None
    scope_place_id: str | None = None
    disabled: bool | None = None
    department: Department | None = None


class PasswordChange(BaseModel):
    current_password: str = Field(max_length=200)
    new_password: str = Field(max_length=200)


class PasswordReset(BaseModel):
    new_password: str = Field(max_length=200)


def _public(account: Account) -> dict[str, Any]:
    return {
        "id": account.id,
        "username": account.username,
        "role": account.role,
        "scope_place_id": account.scope_place_id,
        "disabled": account.disabled,
        "department": account.department,
    }


def _invalid(field: str, message: str) -> HTTPException:
    return HTTPException(
        status.HTTP_422_UNPROCESSABLE_ENTITY,
        [{"loc": ["body", field], "msg": message, "type": "value_error"}],
    )


def _check_password(username: str, password: str, field: str) -> None:
    problems = password_problems(username, password)
    if problems:
        raise _invalid(field, "; ".join(problems))


def _scope_path(request: Request, place_id: str | None, role: Role) -> tuple[str, ...]:
    """The path of the scope place, asked of housing with the caller's own token."""
    if place_id is None:
        if role != "admin":
            raise _invalid("scope_place_id", "管辖范围, 必须录入, 不能为空!")
        return ()
    try:  # an id, rewritten as one: nothing else is ever pasted into housing's URL
        place = str(uuid.UUID(place_id))
    except ValueError:
        raise _invalid("scope_place_id", "管辖地点编号格式不正确") from None
    settings = request.app.state.settings
    response = httpx.get(
        f"{settings.housing_url}/api/places/{place}",
        timeout=5,
        headers={"Authorization": f"Bearer {request.state.bearer}"},
    )
    if response.status_code in (403, 404, 422):  # unknown and out of scope answer alike
        raise HTTPException(status.HTTP_404_NOT_FOUND, "管辖地点不存在或不在管辖范围内")
    response.raise_for_status()
    return tuple(step["id"] for step in response.json()["path"])


@router.post("", status_code=status.HTTP_201_CREATED, responses=refusals(403, 404, 409))
def create_user(body: UserCreate, request: Request, conn: DbConn, who: Manager) -> dict[str, Any]:
    _check_password(body.username, body.password, "password")
    problem = department_problem(body.role, body.department)
    if problem:
        raise _invalid("department", problem)
    path = _scope_path(request, body.scope_place_id, body.role)
    if not may_assign(who, body.role, path):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "不能创建比自己权限更高或范围更大的用户")
    try:
        user_id = users.create(
            conn,
            body.username,
            body.password,
            body.role,
            body.scope_place_id,
            list(path),
            body.department,
        )
    except pg_errors.UniqueViolation as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, "用户名已存在") from exc
    account = users.get(conn, user_id)
    assert account is not None
    return _public(account)


@router.get("", responses=refusals(403))
def list_users(conn: DbConn, who: Manager) -> dict[str, Any]:
    visible = [a for a in users.within(conn, who.scope_place_id) if may_manage(who, a)]
    return {"items": [_public(a) for a in visible], "total": len(visible)}


@router.get("/me", responses=refusals(404))
def me(conn: DbConn, who: CurrentPrincipal) -> dict[str, Any]:
    account = users.get(conn, who.user_id)
    if account is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "not found")
    return _public(account)


@router.post("/me/password", status_code=status.HTTP_204_NO_CONTENT)
def change_password(body: PasswordChange, conn: DbConn, who: CurrentPrincipal) -> None:
    if not users.verify_password(conn, who.user_id, body.current_password):
        raise _invalid("current_password", "原密码错误")
    _check_password(who.username, body.new_password, "new_password")
    with conn.transaction():
        users.set_password(conn, who.user_id, body.new_password)
        sessions.revoke_all(conn, who.user_id, "password_changed")


def _managed(conn: DbConn, who: Principal, user_id: str) -> Account:
    account = users.get(conn, user_id) if is_uuid(user_id) else None
    if account is None or not may_manage(who, account) or account.id == who.user_id:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "用户不存在")
    return account


@router.patch("/{user_id}", responses=refusals(403, 404))
def update_user(
    user_id: str, body: UserUpdate, request: Request, conn: DbConn, who: Manager
) -> dict[str, Any]:
    account = _managed(conn, who, user_id)
    role = body.role or account.role
    place = (
        body.scope_place_id if "scope_place_id" in body.model_fields_set else account.scope_place_id
    )
    path = (
        account.scope_path if place == account.scope_place_id else _scope_path(request, place, role)
    )
    if not may_assign(who, role, path):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "不能授予比自己更高的权限或更大的范围")
    department = _department(body, role, account)
    disabled = account.disabled if body.disabled is None else body.disabled
    changed = dataclasses.replace(
        account,
        role=role,
        scope_place_id=place,
        scope_path=path,
        disabled=disabled,
        department=department,
    )
    with conn.transaction():
        users.update(conn, changed)
        if changed.disabled:
            sessions.revoke_all(conn, account.id, "disabled")
        elif (changed.role, changed.scope_path, changed.department) != (
            account.role,
            account.scope_path,
            account.department,
        ):  # tokens carry role and scope: start afresh
            sessions.revoke_all(conn, account.id, "role_changed")
    return _public(changed)


def _department(body: UserUpdate, role: Role, account: Account) -> Department | None:
    """The department after the change: kept unless given; dropped with the role."""
    if "department" in body.model_fields_set:
        department = body.department
    else:
        department = account.department if role == "department" else None
    problem = department_problem(role, department)
    if problem:
        raise _invalid("department", problem)
    return department


@router.post(
    "/{user_id}/password", status_code=status.HTTP_204_NO_CONTENT, responses=refusals(403, 404)
)
def reset_password(
    user_id: str,
    body: PasswordReset,
    conn: DbConn,
    who: Annotated[Principal, require("user.manage")],
) -> None:
    """An administrator sets a new password; the user's sessions end."""
    if who.role != "admin":
        raise HTTPException(status.HTTP_403_FORBIDDEN, "只有管理员可以重置密码")
    account = _managed(conn, who, user_id)
    _check_password(account.username, body.new_password, "new_password")
    with conn.transaction():
        users.set_password(conn, account.id, body.new_password)
        sessions.revoke_all(conn, account.id, "password_changed")
