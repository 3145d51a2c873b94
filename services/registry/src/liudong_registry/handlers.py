"""Registry commands: load, decide (domain), then write state and events in one transaction.

Concurrent commands on the same person collide on a row lock, the one-active-residence
index or a stream version; the loser re-reads and decides again, and after a few collisions
answers 409 rather than guess.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from psycopg import errors as pg_errors

from liudong_events.catalog import (
    PersonRegistered,
    ResidenceCancelled,
    ResidenceCheckedIn,
    ResidenceDeparted,
)
from liudong_events.store import (
    NewEvent,
    StreamAppend,
    WrongExpectedVersion,
    append_to_stream,
    append_to_streams,
)
from liudong_registry import codetables, repo
from liudong_registry.domain.identity import normalise
from liudong_registry.domain.residences import (
    CheckIn,
    Decision,
    KnownCode,
    Residence,
    decide_cancellation,
    decide_check_in,
    decide_departure,
    residence_stream,
)

SOURCE = "/registry"
ATTEMPTS = 5
_COLLISIONS = (
    pg_errors.UniqueViolation,
    pg_errors.SerializationFailure,
    pg_errors.DeadlockDetected,
    WrongExpectedVersion,
)


class Collision(Exception):
    """Still colliding after several attempts (409)."""


class NotFound(Exception):
    pass


def check_in(
    conn: repo.Conn, cmd: CheckIn, *, today: date, known: KnownCode = codetables.known
) -> tuple[str, str]:
    """Returns (residence_id, person_id)."""
    number = normalise(cmd.person.id_number)
    for _ in range(ATTEMPTS):
        try:
            with conn.transaction():
                person_id = repo.person_id_by_number(conn, number, lock=True)
                active = repo.active_residence(conn, person_id) if person_id else None
                decision, residence_id = decide_check_in(
                    cmd, person_id=person_id, active=active, today=today, known=known
                )
                _write(conn, decision)
            return residence_id, decision.person_id
        except _COLLISIONS:
            continue
    raise Collision("the person was changed concurrently; try again")


def _write(conn: repo.Conn, decision: Decision) -> None:
    """State first, then every stream's events in one append, the last step before commit."""
    for _stream, _expected, events in decision.appends:
        for event in events:
            if isinstance(event, PersonRegistered):
                repo.add_person(conn, event)
            elif isinstance(event, ResidenceDeparted | ResidenceCancelled):
                repo.end_residence(conn, event)
            elif isinstance(event, ResidenceCheckedIn):
                repo.add_residence(conn, event)
    appends = [
        StreamAppend(stream, expected, [NewEvent(e, decision.partition_key) for e in events])
        for stream, expected, events in decision.appends
    ]
    append_to_streams(conn, appends, source=SOURCE)


def depart(
    conn: repo.Conn,
    residence_id: str,
    departure_date: date,
    reason: str | None,
    *,
    scope: str | None,
    today: date,
) -> None:
    _end(
        conn,
        residence_id,
        scope,
        lambda r: decide_departure(r, departure_date, reason, today=today),
    )


def cancel(conn: repo.Conn, residence_id: str, reason: str, *, scope: str | None) -> None:
    _end(conn, residence_id, scope, lambda r: decide_cancellation(r, reason))


def _end(
    conn: repo.Conn,
    residence_id: str,
    scope: str | None,
    decide: Callable[[Residence], ResidenceDeparted | ResidenceCancelled],
) -> None:
    """End a residence the caller may see (scope None: everywhere), as `decide` says."""
    for _ in range(ATTEMPTS):
        try:
            with conn.transaction():
                current = repo.residence(conn, residence_id, lock=True)
                if current is None or (scope is not None and scope not in current.place_path):
                    raise NotFound(residence_id)
                event = decide(current)
                repo.end_residence(conn, event)
                append_to_stream(
                    conn,
                    residence_stream(residence_id),
                    [NewEvent(event, current.person_id)],
                    current.version,
                    source=SOURCE,
                )
            return
        except (WrongExpectedVersion, pg_errors.SerializationFailure):
            continue
    raise Collision("the residence was changed concurrently; try again")
