"""Users and their passwords (argon2), and the first administrator."""

from __future__ import annotations

import secrets
import sys
import uuid
from typing import Any

import psycopg
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from liudong_events.auth import Principal
from liudong_gateway.domain.accounts import Account

_hasher = PasswordHasher()
# Verifying against a dummy hash keeps a wrong username as slow as a wrong password.
_DUMMY_HASH = _hasher.hash("not-a-password")


def create(
    conn: psycopg.Connection[Any],
    username: str,
    password: str,
    role: str,
    scope_place_id: str | None,
    scope_path: list[str],
    department: str | None = None,
) -> str:
    user_id = str(uuid.uuid4())
    conn.execute(
        "INSERT INTO users"
        " (id, username, password_hash, role, scope_place_id, scope_path, department)"
        " VALUES (%s, %s, %s, %s, %s, %s, %s)",
        (user_id, username, _hasher.hash(password), role, scope_place_id, scope_path, department),
    )
    return user_id


def authenticate(conn: psycopg.Connection[Any], username: str, password: str) -> Principal | None:
    row = conn.execute(
        "SELECT id::text, password_hash, role, scope_place_id::text, scope_path::text[],"
        " department FROM users WHERE username = %s AND NOT disabled",
        (username,),
    ).fetchone()
    try:
        _hasher.verify(row[1] if row else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if row is None:
        return None
    return Principal(
        user_id=row[0],
        username=username,
        role=row[2],
        scope_place_id=row[3],
        scope_path=tuple(row[4]),
        department=row[5],
    )


_ACCOUNT = (
    "SELECT id::text, username, role, scope_place_id::text, scope_path::text[], disabled,"
    " department FROM users"
)


def _account(row: tuple[Any, ...]) -> Account:
    return Account(
        id=row[0],
        username=row[1],
        role=row[2],
        scope_place_id=row[3],
        scope_path=tuple(row[4]),
        disabled=row[5],
        department=row[6],
    )


def get(conn: psycopg.Connection[Any], user_id: str) -> Account | None:
    row = conn.execute(_ACCOUNT + " WHERE id = %s", (user_id,)).fetchone()
    return _account(row) if row else None


def within(conn: psycopg.Connection[Any], scope_place_id: str | None) -> list[Account]:
    """Users whose scope lies at or below a place (all users for None)."""
    if scope_place_id is None:
        rows = conn.execute(_ACCOUNT + " ORDER BY username").fetchall()
    else:
        rows = conn.execute(
            _ACCOUNT + " WHERE scope_path @> ARRAY[%s]::uuid[] ORDER BY username",
            (scope_place_id,),
        ).fetchall()
    return [_account(r) for r in rows]


def update(conn: psycopg.Connection[Any], account: Account) -> None:
    conn.execute(
        "UPDATE users SET role = %s, scope_place_id = %s, scope_path = %s, disabled = %s,"
        " department = %s WHERE id = %s",
        (
            account.role,
            account.scope_place_id,
            list(account.scope_path),
            account.disabled,
            account.department,
            account.id,
        ),
    )


def set_password(conn: psycopg.Connection[Any], user_id: str, password: str) -> None:
    conn.execute(
        "UPDATE users SET password_hash = %s WHERE id = %s", (_hasher.hash(password), user_id)
    )


def verify_password(conn: psycopg.Connection[Any], user_id: str, password: str) -> bool:
    row = conn.execute("SELECT password_hash FROM users WHERE id = %s", (user_id,)).fetchone()
    try:
        return bool(_hasher.verify(row[0] if row else _DUMMY_HASH, password)) and row is not None
    except (VerificationError, InvalidHashError):
        return False


def bootstrap_admin(conn: psycopg.Connection[Any], password: str | None) -> None:
    """Create `admin` on the first start; print a generated password once."""
    if conn.execute("SELECT 1 FROM users WHERE username = 'admin'").fetchone():
        return
    generated = password is None
    password = password or secrets.token_urlsafe(12)
    create(conn, "admin", password, "admin", None, [])
    if generated:
        print(
            f"liudong: created user admin with password {password} (shown once)",
            file=sys.stderr,
            flush=True,
        )
