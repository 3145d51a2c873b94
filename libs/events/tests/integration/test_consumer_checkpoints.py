"""Guarantee 3 at its core: an event is applied once per consumer, whatever is redelivered,
and an event that arrives before an earlier one of its stream is held back, not applied."""

from __future__ import annotations

import uuid
from typing import Any

import psycopg

from liudong_events.consumer import apply_batch
from liudong_events.envelope import Envelope
from liudong_events.migrate import apply_migrations


class Tally:
    """A projection that counts what it was given, per stream."""

    name = "test.tally"
    topics: tuple[str, ...] = ("t",)

    def apply(self, event: Envelope, conn: psycopg.Connection[Any]) -> None:
        conn.execute(
            "INSERT INTO tally (stream_id, n) VALUES (%s, 1)"
            " ON CONFLICT (stream_id) DO UPDATE SET n = tally.n + 1",
            (event.stream_id,),
        )


def _event(stream: str, version: int) -> Envelope:
    return Envelope(
        type="liudong.place.created",
        stream_id=stream,
        version=version,
        partition_key=stream,
        data={},
        source="/t",
        id=str(uuid.uuid4()),
    )


def _tally(conn: psycopg.Connection[Any]) -> dict[str, int]:
    return {r[0]: r[1] for r in conn.execute("SELECT stream_id, n FROM tally")}


def _deliver(conn: psycopg.Connection[Any], events: list[Envelope]) -> list[bool]:
    with conn.transaction():
        return apply_batch(conn, Tally(), events)


def test_redelivered_events_are_applied_once(fresh_dsn: str) -> None:
    apply_migrations(fresh_dsn)
    with psycopg.connect(fresh_dsn, autocommit=True) as conn:
        conn.execute("CREATE TABLE tally (stream_id text PRIMARY KEY, n int NOT NULL)")
        stream = [_event("a", 1), _event("a", 2), _event("b", 1)]
        assert _deliver(conn, stream) == [True, True, True]
        assert _deliver(conn, stream) == [False, False, False]
        assert _deliver(conn, [*stream, _event("a", 3)]) == [False, False, False, True]
        assert _tally(conn) == {"a": 3, "b": 1}


def test_an_event_ahead_of_its_stream_waits_for_the_missing_one(fresh_dsn: str) -> None:
    apply_migrations(fresh_dsn)
    with psycopg.connect(fresh_dsn, autocommit=True) as conn:
        conn.execute("CREATE TABLE tally (stream_id text PRIMARY KEY, n int NOT NULL)")
        assert _deliver(conn, [_event("c", 1), _event("c", 3)]) == [True, False]
        # The republished stream brings 2 and then 3 again, in order.
        assert _deliver(conn, [_event("c", 1), _event("c", 2), _event("c", 3)]) == [
            False,
            True,
            True,
        ]
        assert _tally(conn) == {"c": 3}
