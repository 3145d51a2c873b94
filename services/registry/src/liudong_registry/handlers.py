"""Registry commands: load, decide (domain), then write state and events in one transaction.

Concurrent commands on the same person collide on a row lock, the one-active-residence
index or a stream version; the loser re-reads and decides again, and after a few collisions
answers 409 rather than guess.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeVar

from psycopg import errors as pg_errors

import liudong_codetables as codetables
from liudong_events.auth import Principal
from liudong_events.catalog import (
    PersonRegistered,
    ResidenceCancelled,
    ResidenceCheckedIn,
    ResidenceDeparted,
)
from liudong_events.ids import is_uuid
from liudong_events.store import (
    NewEvent,
    StreamAppend,
    WrongExpectedVersion,
    append_to_stream,
    append_to_streams,
    stream_version,
)
from liudong_registry import repo
from liudong_registry.domain.amendments import decide_amendment
from liudong_registry.domain.identity import FieldError
from liudong_registry.domain.residences import (
    CheckIn,
    Decision,
    DeclarationInvalid,
    KnownCode,
    Residence,
    check_in_errors,
    decide_cancellation,
    decide_check_in,
    decide_departure,
    identify,
    person_stream,
    residence_stream,
)

Actor = dict[str, str]
ATTEMPTS = 5
T = TypeVar("T")
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
    conn: repo.Conn,
    cmd: CheckIn,
    *,
    today: date,
    actor: Actor | None = None,
    known: KnownCode = codetables.known,
    then: Callable[[repo.Conn, str], None] | None = None,
) -> tuple[str, str]:
    """Returns (residence_id, person_id)."""
    _refuse_closed(conn, cmd.unit_id)
    document = identify(cmd.person, today=today)

    def attempt() -> tuple[str, str]:
        person_id = repo.person_id_by_document(
            conn, document.number, document.id_type, cmd.person.nationality, lock=True
        )
        active = repo.active_residence(conn, person_id) if person_id else None
        _check_schools(conn, cmd, active, today, known)
        decision, residence_id = decide_check_in(
            cmd, person_id=person_id, active=active, today=today, known=known
        )
        _write_all(conn, [decision], actor)
        if then is not None:
            then(conn, residence_id)
        return residence_id, decision.person_id

    return _in_transaction_retried(conn, attempt, "the person was changed concurrently")


def _refuse_closed(conn: repo.Conn, unit_id: str, field: str = "unit_id") -> None:
    """A retired unit, or one whose house is cancelled, takes no check-in (422)."""
    closed = repo.closed_units(conn, [unit_id])
    if closed:
        raise DeclarationInvalid([FieldError(field, closed[unit_id])])


def _in_transaction_retried(conn: repo.Conn, attempt: Callable[[], T], what: str) -> T:
    """Run `attempt` in a transaction; when it collides with a concurrent change (a lock,
    a unique index, a stream version), run it again from the start, a few times (then 409)."""
    for _ in range(ATTEMPTS):
        try:
            with conn.transaction():
                return attempt()
        except _COLLISIONS:
            continue
    raise Collision(f"{what}; try again")


def _write_all(conn: repo.Conn, decisions: list[Decision], actor: Actor | None) -> None:
    """State first, then every stream's events in one append, the last step before commit."""
    events = [e for d in decisions for _stream, _expected, es in d.appends for e in es]
    moved_in = [e for e in events if isinstance(e, ResidenceCheckedIn)]
    areas: dict[str, list[str]] = {}
    for residence in moved_in:
        areas.setdefault(residence.person_id, []).extend(residence.place_path)
    new = [e for e in events if isinstance(e, PersonRegistered)]
    repo.add_persons(conn, new, areas)
    registered = {p.person_id for p in new}
    repo.add_areas(conn, {pid: ps for pid, ps in areas.items() if pid not in registered})
    repo.end_residences(
        conn, [e for e in events if isinstance(e, ResidenceDeparted | ResidenceCancelled)]
    )
    repo.add_residences(conn, moved_in)
    appends = [
        StreamAppend(stream, expected, [NewEvent(e, d.partition_key) for e in events])
        for d in decisions
        for stream, expected, events in d.appends
    ]
    append_to_streams(conn, appends, actor=actor)


def land_import_rows(
    conn: repo.Conn,
    batch_id: str,
    rows: list[tuple[int, CheckIn]],
    *,
    today: date,
    actor: Actor | None,
    known: KnownCode = codetables.known,
) -> tuple[list[int], dict[int, list[FieldError]]]:
    """Check in a chunk of an import's rows in one transaction: (rows landed now, reasons
    by row for those refused). Rows the batch landed before are skipped, so a re-import
    or a retry lands nothing twice. The file holds each person once (checked before)."""
    return _in_transaction_retried(
        conn,
        lambda: _land_rows(conn, batch_id, rows, today, actor, known),
        "the batch was changed concurrently",
    )


def _land_rows(
    conn: repo.Conn,
    batch_id: str,
    rows: list[tuple[int, CheckIn]],
    today: date,
    actor: Actor | None,
    known: KnownCode,
) -> tuple[list[int], dict[int, list[FieldError]]]:
    done = repo.landed_rows(conn, batch_id, [n for n, _ in rows])
    closed = repo.closed_units(conn, list({cmd.unit_id for _, cmd in rows}))
    refused = {
        n: [FieldError("unit_id", closed[cmd.unit_id])] for n, cmd in rows if cmd.unit_id in closed
    }
    todo = [
        (n, cmd, identify(cmd.person, today=today))
        for n, cmd in rows
        if n not in done and n not in refused
    ]
    person_ids = repo.persons_by_number(conn, [document.number for _, _, document in todo])
    active = repo.active_residences(conn, list(person_ids.values()))
    decisions, landed = [], []
    for n, cmd, document in todo:
        person_id = person_ids.get(document.number)
        try:
            decision, residence_id = decide_check_in(
                cmd,
                person_id=person_id,
                active=active.get(person_id) if person_id else None,
                today=today,
                known=known,
                document=document,
            )
        except DeclarationInvalid as invalid:
            refused[n] = invalid.errors
            continue
        decisions.append(decision)
        landed.append((n, residence_id))
    if decisions:
        repo.remember_import_rows(conn, batch_id, landed)
        _write_all(conn, decisions, actor)
    return [n for n, _ in landed], refused


def household_move(
    conn: repo.Conn,
    residence_ids: list[str],
    unit_id: str,
    unit_path: list[str],
    arrival_date: date,
    *,
    who: Principal,
    today: date,
    known: KnownCode = codetables.known,
) -> list[str]:
    """Move several people out of their units into one unit: all of them, or none.

    Each keeps the terms of the residence they leave (housing type, reason, intended stay).
    Returns the new residence ids, in the order given.
    """
    _refuse_closed(conn, unit_id)
    with conn.transaction():
        decisions, new_ids, errors = [], [], []
        for i, residence_id in enumerate(residence_ids):
            current = repo.residence(conn, residence_id, lock=True)
            if current is None or not who.covers(current.place_path):
                raise NotFound(residence_id)
            person = repo.person_details(conn, current.person_id)
            terms = repo.residence_terms(conn, residence_id)
            if current.status != "active" or person is None:
                errors.append(FieldError(f"residence_ids.{i}", "该居住记录已结束, 不能迁移"))
                continue
            cmd = CheckIn(
                unit_id=unit_id,
                unit_path=unit_path,
                arrival_date=arrival_date,
                person=person,
                **terms,
            )
            try:
                decision, new_id = decide_check_in(
                    cmd, person_id=current.person_id, active=current, today=today, known=known
                )
            except DeclarationInvalid as invalid:
                errors += [
                    FieldError(f"residence_ids.{i}", f"{e.field}: {e.message}")
                    for e in invalid.errors
                ]
                continue
            decisions.append(decision)
            new_ids.append(new_id)
        if errors:
            raise DeclarationInvalid(errors)
        _write_all(conn, decisions, who.actor())
    return new_ids


def depart(
    conn: repo.Conn,
    residence_id: str,
    departure_date: date,
    reason: str | None,
    *,
    who: Principal,
    today: date,
) -> None:
    _end(
        conn,
        residence_id,
        who,
        lambda r: decide_departure(r, departure_date, reason, today=today),
    )


def cancel(conn: repo.Conn, residence_id: str, reason: str, *, who: Principal) -> None:
    _end(conn, residence_id, who, lambda r: decide_cancellation(r, reason))


def _end(
    conn: repo.Conn,
    residence_id: str,
    who: Principal,
    decide: Callable[[Residence], ResidenceDeparted | ResidenceCancelled],
) -> None:
    """End a residence the caller may see, as `decide` says."""

    def attempt() -> None:
        current = repo.residence(conn, residence_id, lock=True)
        if current is None or not who.covers(current.place_path):
            raise NotFound(residence_id)
        event = decide(current)
        repo.end_residences(conn, [event])
        append_to_stream(
            conn,
            residence_stream(residence_id),
            [NewEvent(event, current.person_id)],
            current.version,
            actor=who.actor(),
        )

    _in_transaction_retried(conn, attempt, "the residence was changed concurrently")


def amend(
    conn: repo.Conn,
    person_id: str,
    changes: dict[str, object],
    reason: str,
    *,
    who: Principal,
    today: date,
    known: KnownCode = codetables.known,
) -> bool:
    """Correct a person's record; False when nothing differed."""
    try:
        with conn.transaction():
            current = repo.person_details(conn, person_id)
            if current is None or not any(
                who.covers(p) for p in repo.person_paths(conn, person_id)
            ):
                raise NotFound(person_id)
            event, amended = decide_amendment(
                person_id, current, changes, reason, today=today, known=known
            )
            if event is None:
                return False
            repo.save_person(conn, person_id, amended)
            stream = person_stream(person_id)
            append_to_stream(
                conn,
                stream,
                [NewEvent(event, person_id)],
                stream_version(conn, stream),
                actor=who.actor(),
            )
    except pg_errors.UniqueViolation as exc:
        raise Collision("该公民身份号码已登记为另一人") from exc
    return True


def _check_schools(
    conn: repo.Conn, cmd: CheckIn, active: Residence | None, today: date, known: KnownCode
) -> None:
    """A minor's school must exist in the unit's district (reported with every other error)."""
    wanted = {m.school_id for m in cmd.minors if m.school_id}
    if not wanted:
        return
    ids = [s for s in wanted if is_uuid(s)]
    found = repo.schools_exist(conn, ids, cmd.unit_path[0]) if ids else set()
    missing = [
        FieldError(f"minors.{i}.school_id", "学校不存在或不在本区")
        for i, m in enumerate(cmd.minors)
        if m.school_id and m.school_id not in found
    ]
    if missing:
        raise DeclarationInvalid(missing + check_in_errors(cmd, active, today=today, known=known))
