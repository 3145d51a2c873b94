"""Moves between jurisdictions as cases: opened from the registry's events (a projection of
`liudong.registry`), confirmed by each side, escalated when a clock runs out, completed when
both confirmed. Each change and its event commit together.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, Literal

import psycopg
import structlog
from prometheus_client import Counter
from psycopg.rows import dict_row

from liudong_events.auth import Principal
from liudong_events.catalog import REGISTRY_TOPIC
from liudong_events.envelope import Envelope
from liudong_events.exchange_events import (
    MoveCaseCompleted,
    MoveCaseConfirmed,
    MoveCaseEscalated,
    MoveCaseOpened,
)
from liudong_events.store import NewEvent, append_to_stream
from liudong_sync_province import listing, moves
from liudong_sync_province.moves import Side

Conn = psycopg.Connection[Any]
Listed = Literal["open", "overdue", "escalated", "completed", "all"]
log = structlog.get_logger("province")
ESCALATED = Counter("liudong_move_cases_escalated_total", "Sides of move cases escalated")


def stream(case_id: str) -> str:
    return f"move_case-{case_id}"


class MoveCases:
    """Watches the registry for moves: a departure that is a move's first half and the
    check-in that is its second, in whichever order they come."""

    name = "sync.move_cases"
    topics: tuple[str, ...] = (REGISTRY_TOPIC,)
    streams = ("residence-",)  # persons' own streams say nothing of moves

    def apply(self, event: Envelope, conn: Conn) -> None:
        self.apply_all([event], conn)

    def apply_all(self, events: list[Envelope], conn: Conn) -> None:
        for event in events:
            data = event.data
            if event.type == "liudong.residence.departed" and data.get("moved_to_residence_id"):
                _half(conn, data["moved_to_residence_id"], data["person_id"], origin=data)
            elif event.type == "liudong.residence.checked_in" and data.get(
                "moved_from_residence_id"
            ):
                _half(conn, data["residence_id"], data["person_id"], destination=data)


def _half(
    conn: Conn,
    to_residence: str,
    person_id: str,
    origin: dict[str, Any] | None = None,
    destination: dict[str, Any] | None = None,
) -> None:
    """Keep one half of a move; with both, open its case (when it crosses jurisdictions)."""
    row = conn.execute(
        "INSERT INTO move_halves AS h (to_residence_id, person_id, person_name,"
        " from_residence_id, origin_path, destination_path, moved_on)"
        " VALUES (%s, %s, %s, %s, %s::uuid[], %s::uuid[], %s)"
        " ON CONFLICT (to_residence_id) DO UPDATE SET"
        " person_name = coalesce(EXCLUDED.person_name, h.person_name),"
        " from_residence_id = coalesce(EXCLUDED.from_residence_id, h.from_residence_id),"
        " origin_path = coalesce(EXCLUDED.origin_path, h.origin_path),"
        " destination_path = coalesce(EXCLUDED.destination_path, h.destination_path),"
        " moved_on = coalesce(EXCLUDED.moved_on, h.moved_on)"
        " RETURNING person_name, from_residence_id, origin_path, destination_path, moved_on",
        (
            to_residence,
            person_id,
            destination["person_name"] if destination else None,
            destination["moved_from_residence_id"] if destination else None,
            origin["place_path"] if origin else None,
            destination["place_path"] if destination else None,
            destination["arrival_date"] if destination else None,
        ),
    ).fetchone()
    assert row is not None
    name, from_residence, origin_path, destination_path, moved_on = row
    if origin_path is None or destination_path is None:
        return
    conn.execute("DELETE FROM move_halves WHERE to_residence_id = %s", (to_residence,))
    origin_ids, destination_ids = [str(p) for p in origin_path], [str(p) for p in destination_path]
    if moves.is_case(origin_ids, destination_ids):
        opened = MoveCaseOpened(
            case_id=str(uuid.uuid4()),
            person_id=person_id,
            from_residence_id=str(from_residence),
            to_residence_id=to_residence,
            origin_path=origin_ids,
            destination_path=destination_ids,
            moved_on=moved_on,
            due_at=moves.due_after(datetime.now(UTC)),
        )
        _open(conn, opened, name)


def _open(conn: Conn, opened: MoveCaseOpened, person_name: str) -> None:
    conn.execute(
        "INSERT INTO move_cases (id, person_id, person_name, from_residence_id, to_residence_id,"
        " origin_path, destination_path, moved_on, opened_at, version, origin_due_at,"
        " destination_due_at) VALUES (%s, %s, %s, %s, %s, %s::uuid[], %s::uuid[], %s, now(),"
        " 1, %s, %s)",
        (
            opened.case_id,
            opened.person_id,
            person_name,
            opened.from_residence_id,
            opened.to_residence_id,
            opened.origin_path,
            opened.destination_path,
            opened.moved_on,
            opened.due_at,
            opened.due_at,
        ),
    )
    append_to_stream(conn, stream(opened.case_id), [NewEvent(opened, opened.person_id)], 0)


_IN_SCOPE = (
    "(%(scope)s::uuid IS NULL OR origin_path @> ARRAY[%(scope)s::uuid]"
    " OR destination_path @> ARRAY[%(scope)s::uuid])"
)
_UNCONFIRMED = "({side}_confirmed_at IS NULL AND {cond})"
_LISTED = {
    "open": "status = 'open'",
    "overdue": "status = 'open' AND ("
    + " OR ".join(_UNCONFIRMED.format(side=s, cond=f"{s}_due_at < now()") for s in moves.SIDES)
    + ")",
    "escalated": "status = 'open' AND ("
    + " OR ".join(
        _UNCONFIRMED.format(side=s, cond=f"{s}_escalated_to IS NOT NULL") for s in moves.SIDES
    )
    + ")",
    "completed": "status = 'completed'",
    "all": "TRUE",
}


def cases(
    conn: Conn, who: Principal, listed: Listed, limit: int, offset: int
) -> tuple[list[dict[str, Any]], int]:
    """A page of the cases either side of which lies in the caller's jurisdiction, open
    ones first, the soonest due first."""
    args = {"scope": who.scope_place_id, "limit": limit, "offset": offset}
    where = f"{_LISTED[listed]} AND {_IN_SCOPE}"
    order = "status DESC, least(origin_due_at, destination_due_at), id"
    rows, total = listing.page(conn, "move_cases", where, order, args)
    return [shown(row) for row in rows], total


def case(conn: Conn, who: Principal, case_id: str) -> dict[str, Any] | None:
    args = {"id": case_id, "scope": who.scope_place_id}
    row = listing.one(conn, "move_cases", f"id = %(id)s AND {_IN_SCOPE}", args)
    return shown(row) if row else None


def shown(row: dict[str, Any]) -> dict[str, Any]:
    now = datetime.now(UTC)
    return {
        "case_id": str(row["id"]),
        "person_id": str(row["person_id"]),
        "person_name": row["person_name"],
        "moved_on": row["moved_on"],
        "opened_at": row["opened_at"],
        "status": row["status"],
        **{side: _side(row, side, now) for side in moves.SIDES},
    }


def _side(row: dict[str, Any], side: Side, now: datetime) -> dict[str, Any]:
    confirmed = row[f"{side}_confirmed_at"]
    due = row[f"{side}_due_at"]
    return {
        "step": moves.SIDE_NAMES[side],
        "place_path": [str(p) for p in row[f"{side}_path"]],
        "residence_id": str(row["from_residence_id" if side == "origin" else "to_residence_id"]),
        "due_at": due,
        "confirmed_at": confirmed,
        "confirmed_by": row[f"{side}_confirmed_by"],
        "note": row[f"{side}_note"],
        "overdue": (confirmed or now) > due,
        "escalated_to": listing.text(row[f"{side}_escalated_to"]),
    }


class AlreadyConfirmed(Exception):
    """A side confirms once."""


def confirm(
    conn: Conn, who: Principal, found: dict[str, Any], side: Side, note: str | None
) -> bool:
    """Confirm one side; returns whether the case is now complete (both sides confirmed),
    in which case its completion is recorded too, for the statistics."""
    now = datetime.now(UTC)
    with conn.transaction():
        row = conn.execute(
            f"UPDATE move_cases SET {side}_confirmed_at = %s, {side}_confirmed_by = %s,"
            f" {side}_note = %s, version = version + 1 + ("
            f"  {_other(side)}_confirmed_at IS NOT NULL)::int,"
            f" status = CASE WHEN {_other(side)}_confirmed_at IS NULL THEN 'open'"
            "  ELSE 'completed' END"
            f" WHERE id = %s AND {side}_confirmed_at IS NULL RETURNING version, status",
            (now, who.username, note, found["case_id"]),
        ).fetchone()
        if row is None:
            raise AlreadyConfirmed(found["case_id"])
        version, status = row
        confirmed = MoveCaseConfirmed(
            case_id=found["case_id"], side=side, note=note, overdue=now > found[side]["due_at"]
        )
        events = [NewEvent(confirmed, found["person_id"])]
        if status == "completed":
            done = MoveCaseCompleted(
                case_id=found["case_id"],
                person_id=found["person_id"],
                origin_path=found["origin"]["place_path"],
                destination_path=found["destination"]["place_path"],
                moved_on=found["moved_on"],
            )
            events.append(NewEvent(done, found["person_id"]))
        expected = version - len(events)
        append_to_stream(conn, stream(found["case_id"]), events, expected, actor=who.actor())
    return bool(status == "completed")


def _other(side: Side) -> Side:
    return "destination" if side == "origin" else "origin"


def escalate_due(database_url: str) -> int:
    with psycopg.connect(database_url, autocommit=True) as conn:
        return escalate_overdue(conn, datetime.now(UTC))


def escalate_overdue(conn: Conn, now: datetime) -> int:
    """Every side whose clock ran out unconfirmed goes to the level above, with a new
    clock; returns how many sides were escalated."""
    with conn.transaction(), conn.cursor(row_factory=dict_row) as cur:
        due = cur.execute(
            "SELECT * FROM move_cases WHERE status = 'open' AND ("
            + " OR ".join(
                f"({s}_confirmed_at IS NULL AND {s}_escalated_to IS NULL AND {s}_due_at < %(now)s)"
                for s in moves.SIDES
            )
            + ") ORDER BY id FOR UPDATE SKIP LOCKED",
            {"now": now},
        ).fetchall()
        count = 0
        for row in due:
            for side in moves.overdue_sides(row, now):
                _escalate(conn, row, side, now)
                count += 1
    ESCALATED.inc(count)
    return count


def _escalate(conn: Conn, row: dict[str, Any], side: Side, now: datetime) -> None:
    above = moves.level_above([str(p) for p in row[f"{side}_path"]])
    escalated = MoveCaseEscalated(
        case_id=str(row["id"]), side=side, place_id=above, due_at=moves.due_after(now)
    )
    version = conn.execute(
        f"UPDATE move_cases SET {side}_escalated_to = %s, {side}_due_at = %s,"
        " version = version + 1 WHERE id = %s RETURNING version",
        (above, escalated.due_at, row["id"]),
    ).fetchone()
    assert version is not None
    key = str(row["person_id"])
    append_to_stream(conn, stream(str(row["id"])), [NewEvent(escalated, key)], version[0] - 1)
    log.info("move_case_escalated", side=side)
