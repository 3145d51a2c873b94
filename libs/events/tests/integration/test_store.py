"""The event store's contract on a real PostgreSQL: expected versions and atomicity."""

from __future__ import annotations

import threading
import uuid

import psycopg
import pytest

from liudong_events.catalog import PathStep, PlaceCreated
from liudong_events.migrate import apply_migrations
from liudong_events.store import (
    NewEvent,
    WrongExpectedVersion,
    append_to_stream,
    read_stream,
)


def _event() -> NewEvent:
    place_id = str(uuid.uuid4())
    return NewEvent(
        PlaceCreated(
            place_id=place_id,
            kind="district",
            name="区",
            parent_id=None,
            path=[PathStep(id=place_id, kind="district", name="区")],
        ),
        partition_key=place_id,
    )


def test_append_numbers_events_after_the_expected_version(fresh_dsn: str) -> None:
    apply_migrations(fresh_dsn)
    with psycopg.connect(fresh_dsn, autocommit=True) as conn:
        with conn.transaction():
            append_to_stream(conn, "s-1", [_event(), _event()], 0)
        with conn.transaction():
            append_to_stream(conn, "s-1", [_event()], 2)
        assert [e.version for e in read_stream(conn, "s-1")] == [1, 2, 3]
        with pytest.raises(WrongExpectedVersion), conn.transaction():
            append_to_stream(conn, "s-1", [_event()], 2)
        assert len(read_stream(conn, "s-1")) == 3


def test_events_and_state_change_commit_together_or_not_at_all(fresh_dsn: str) -> None:
    apply_migrations(fresh_dsn)
    with psycopg.connect(fresh_dsn, autocommit=True) as conn:
        conn.execute("CREATE TABLE things (id int PRIMARY KEY)")

        def failing_handler() -> None:
            with conn.transaction():
                conn.execute("INSERT INTO things VALUES (1)")
                append_to_stream(conn, "s-2", [_event()], 0)
                raise RuntimeError("the handler failed after appending")

        with pytest.raises(RuntimeError):
            failing_handler()
        assert conn.execute("SELECT count(*) FROM things").fetchone() == (0,)
        assert read_stream(conn, "s-2") == []


def test_concurrent_appends_at_the_same_version_let_exactly_one_win(fresh_dsn: str) -> None:
    apply_migrations(fresh_dsn)
    outcomes: list[str] = []
    barrier = threading.Barrier(6)

    def append() -> None:
        with psycopg.connect(fresh_dsn, autocommit=True) as conn:
            barrier.wait()
            try:
                with conn.transaction():
                    append_to_stream(conn, "s-3", [_event()], 0)
                outcomes.append("won")
            except WrongExpectedVersion:
                outcomes.append("lost")

    threads = [threading.Thread(target=append) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["lost"] * 5 + ["won"]


def test_append_outside_a_transaction_is_refused(fresh_dsn: str) -> None:
    apply_migrations(fresh_dsn)
    with psycopg.connect(fresh_dsn, autocommit=True) as conn, pytest.raises(RuntimeError):
        append_to_stream(conn, "s-4", [_event()], 0)
