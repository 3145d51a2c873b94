"""Sessions (refresh tokens, revocation) and failed-login counters, in the gateway's tables.

A refresh token is `<session id>.<secret>`; only a hash of the secret is stored, and each
refresh replaces it (rotation), so a stolen, already-used refresh token is worthless.
"""

from __future__ import annotations

import hashlib
import secrets
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg

from liudong_events.catalog import SessionEnded, SessionEndReason
from liudong_events.store import NewEvent, append_to_stream
from liudong_gateway.domain.accounts import locked_until

REFRESH_LIFETIME = timedelta(days=7)
_ACTIVE_CACHE_SECONDS = 1.0
_active_cache: dict[str, float] = {}


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def open_session(
    conn: psycopg.Connection[Any], user_id: str, address: str | None
) -> tuple[str, str]:
    """Returns (session id, refresh token)."""
    session_id, secret = str(uuid.uuid4()), secrets.token_urlsafe(32)
    conn.execute(
        "INSERT INTO sessions (id, user_id, refresh_hash, address, expires_at)"
        " VALUES (%s, %s, %s, %s, %s)",
        (session_id, user_id, _hash(secret), address, datetime.now(UTC) + REFRESH_LIFETIME),
    )
    return session_id, f"{session_id}.{secret}"


def rotate(conn: psycopg.Connection[Any], refresh_token: str) -> tuple[str, str, str] | None:
    """Exchange a valid refresh token: returns (user id, session id, new refresh token)."""
    session_id, _, secret = refresh_token.partition(".")
    try:
        uuid.UUID(session_id)
    except ValueError:
        return None
    new_secret = secrets.token_urlsafe(32)
    row = conn.execute(
        "UPDATE sessions SET refresh_hash = %s WHERE id = %s AND refresh_hash = %s"
        " AND revoked_at IS NULL AND expires_at > now() RETURNING user_id::text",
        (_hash(new_secret), session_id, _hash(secret)),
    ).fetchone()
    return (row[0], session_id, f"{session_id}.{new_secret}") if row else None


def revoke(conn: psycopg.Connection[Any], session_id: str) -> None:
    """End one session (a logout)."""
    with conn.transaction():
        ended = conn.execute(
            "UPDATE sessions SET revoked_at = now() WHERE id = %s AND revoked_at IS NULL"
            " RETURNING id::text, user_id::text",
            (session_id,),
        ).fetchall()
        _announce(conn, ended, "logout")


def revoke_all(conn: psycopg.Connection[Any], user_id: str, reason: SessionEndReason) -> None:
    """End every session of a user (disabled, changed, or a new password); call it in the
    transaction that makes the change."""
    ended = conn.execute(
        "UPDATE sessions SET revoked_at = now() WHERE user_id = %s AND revoked_at IS NULL"
        " RETURNING id::text, user_id::text",
        (user_id,),
    ).fetchall()
    _announce(conn, ended, reason)


def _announce(
    conn: psycopg.Connection[Any], ended: list[tuple[str, str]], reason: SessionEndReason
) -> None:
    """Each ended session becomes an event (`liudong.accounts`), committed with the change:
    the services, which verify tokens themselves, then refuse its tokens too."""
    for session_id, user_id in ended:
        _active_cache.pop(session_id, None)
        event = SessionEnded(session_id=session_id, user_id=user_id, reason=reason)
        append_to_stream(conn, f"session-{session_id}", [NewEvent(event, user_id)], 0)


def is_active(conn: psycopg.Connection[Any], session_id: str | None) -> bool:
    """Checked on every request; a positive answer is reused for a second."""
    if session_id is None:
        return False
    if _active_cache.get(session_id, 0.0) > time.monotonic():
        return True
    row = conn.execute(
        "SELECT 1 FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = %s"
        " AND s.revoked_at IS NULL AND s.expires_at > now() AND NOT u.disabled",
        (session_id,),
    ).fetchone()
    if row:
        _active_cache[session_id] = time.monotonic() + _ACTIVE_CACHE_SECONDS
    return row is not None


def blocked_until(conn: psycopg.Connection[Any], keys: list[str]) -> datetime | None:
    rows = conn.execute(
        "SELECT key, failures, last_failure FROM login_failures WHERE key = ANY(%s)", (keys,)
    ).fetchall()
    until = max((locked_until(key, last, n) for key, n, last in rows), default=None)
    return until if until and until > datetime.now(UTC) else None


def record_failure(conn: psycopg.Connection[Any], keys: list[str]) -> None:
    for key in keys:
        conn.execute(
            "INSERT INTO login_failures (key, failures, last_failure) VALUES (%s, 1, now())"
            " ON CONFLICT (key) DO UPDATE SET failures = login_failures.failures + 1,"
            " last_failure = now()",
            (key,),
        )


def clear_failures(conn: psycopg.Connection[Any], keys: list[str]) -> None:
    conn.execute("DELETE FROM login_failures WHERE key = ANY(%s)", (keys,))
