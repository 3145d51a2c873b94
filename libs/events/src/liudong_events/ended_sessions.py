"""Sessions the gateway ended, known to every service.

Tokens are verified by each service itself (signature, expiry, role, scope), so a logout, a
disabled user or a changed role must reach each service too: the gateway announces each
ended session on `liudong.accounts`, every service projects them into `ended_sessions`, and
`current_principal` refuses their tokens. Each process reads the table again at most every
half second, and only what is new, so a request costs a set lookup.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import psycopg
from psycopg_pool import ConnectionPool

from liudong_events.catalog import ACCOUNTS_TOPIC, SessionEnded, parse
from liudong_events.envelope import Envelope

REFRESH_SECONDS = 0.5
# An ended session's tokens are refused for this long after it ended; access tokens live
# an hour, and none can be issued for an ended session.
REMEMBERED = "7 days"


class EndedSessionsProjection:
    """Projection of `liudong.accounts` into this service's `ended_sessions`."""

    topics: tuple[str, ...] = (ACCOUNTS_TOPIC,)
    topics_as_they_come = True  # the gateway's relay creates the topic; nobody waits on it
    applies = ("liudong.session.ended",)

    def __init__(self, service: str) -> None:
        self.name = f"{service}.sessions"

    def apply(self, event: Envelope, conn: psycopg.Connection[Any]) -> None:
        data = parse(event.type, event.data)
        assert isinstance(data, SessionEnded)
        conn.execute(
            "INSERT INTO ended_sessions (session_id) VALUES (%s) ON CONFLICT DO NOTHING",
            (data.session_id,),
        )


class EndedSessions:
    """This process's copy of `ended_sessions`, read again when older than REFRESH_SECONDS."""

    def __init__(self) -> None:
        self._ids: set[str] = set()
        self._seen = 0
        self._read_at = float("-inf")
        self._lock = threading.Lock()

    def ended(self, pool: ConnectionPool[Any], session_id: str) -> bool:
        if time.monotonic() - self._read_at > REFRESH_SECONDS:
            with self._lock:
                if time.monotonic() - self._read_at > REFRESH_SECONDS:
                    self._read(pool)
        return session_id in self._ids

    def _read(self, pool: ConnectionPool[Any]) -> None:
        with pool.connection() as conn:
            rows = conn.execute(
                "SELECT seq, session_id::text FROM ended_sessions WHERE seq > %s"
                f" AND ended_at > now() - interval '{REMEMBERED}' ORDER BY seq",
                (self._seen,),
            ).fetchall()
        for seq, session_id in rows:
            self._ids.add(session_id)
            self._seen = seq
        self._read_at = time.monotonic()
