"""The event store's contract on a real PostgreSQL: expected versions and atomicity."""

from __future__ import annotations

import threading
import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

import psycopg
import pytest

from liudong_events.catalog import PathStep, PlaceCreated
from liudong_events.migrate import apply_migrations
from liudong_events.store import (
    NewEvent,
    WrongExpectedVersion,
    append_to_stream,
    insert_rows,
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


@pytest.mark.parametrize("rows", [20, 3], ids=["copied", "inserted"])
def test_many_rows_land_exactly_as_given(fresh_dsn: str, rows: int) -> None:
    """COPY's text format written by hand: tabs, newlines, backslashes and nulls survive."""
    awkward = ["a\tb", "line\nbreak", "back\\slash \\N", "回车\r", '{"json": "say \\"hi\\""}', ""]
    values = [
        (
            i,
            awkward[i % len(awkward)],
            None if i % 3 else True,
            date(2026, 1, 1 + i % 28),
            Decimal("12.50"),
            uuid.UUID(int=i),
            datetime(2026, 11, 27, 1, 2, 3, tzinfo=UTC),
        )
        for i in range(rows)
    ]
    with psycopg.connect(fresh_dsn, autocommit=True) as conn:
        conn.execute(
            "CREATE TABLE landed (n int, t text, b boolean, d date, m numeric, u uuid,"
            " at timestamptz)"
        )
        insert_rows(conn, "landed", ("n", "t", "b", "d", "m", "u", "at"), values)
        got = conn.execute("SELECT n, t, b, d, m, u, at FROM landed ORDER BY n").fetchall()
    assert got == values
