"""Append a command's events to its stream, in the caller's transaction, after its row lock."""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg.rows import dict_row

from liudong_events.event_data import EventData
from liudong_events.store import NewEvent, append_to_stream, stream_version

Conn = psycopg.Connection[Any]


def record(
    conn: Conn, stream: str, key: str, events: list[EventData], actor: dict[str, str] | None
) -> None:
    """The aggregate's row is locked (or new), so the stream's version cannot move under us."""
    append_to_stream(
        conn,
        stream,
        [NewEvent(e, partition_key=key) for e in events],
        stream_version(conn, stream),
        actor=actor,
    )


def history(conn: Conn, stream: str) -> list[dict[str, Any]]:
    """Every change of a stream: when, what, by whom, with its data."""
    with conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(
            "SELECT version, recorded_at AS at, type, actor, data FROM events"
            " WHERE stream_id = %s ORDER BY version",
            (stream,),
        ).fetchall()
