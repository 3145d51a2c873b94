"""The to-do list's state and events: an item lands, is listed within a caller's
jurisdiction, and is answered, each change and its event in one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

import psycopg

from liudong_events.auth import Principal
from liudong_events.exchange_events import ExchangeItemAnswered, ExchangeItemReceived
from liudong_events.masking import mask
from liudong_events.store import NewEvent, append_to_stream
from liudong_sync_province import exchange, listing
from liudong_sync_province.exchange import ProvinceMessage

Conn = psycopg.Connection[Any]
Listed = Literal["open", "overdue", "answered", "all"]


@dataclass(frozen=True)
class Placement:
    """Where an item lands: the unit (and person, residence) the district found for it."""

    place_path: list[str]
    unit_id: str | None = None
    person_id: str | None = None
    residence_id: str | None = None


def stream(item_id: str) -> str:
    return f"exchange_item-{item_id}"


def cursor(conn: Conn, province: str) -> int:
    row = conn.execute(
        "SELECT position FROM inbox_cursor WHERE province = %s", (province,)
    ).fetchone()
    return int(row[0]) if row else 0


def receive(
    conn: Conn, province: str, message: ProvinceMessage, placed: Placement, now: datetime
) -> bool:
    """The message as an item of the to-do list, and the outbox read past it; False when
    it had landed before (a message read again after a crash lands once)."""
    item_id, due = str(message.message_id), exchange.due_at(message, now)
    with conn.transaction():
        added = conn.execute(
            "INSERT INTO exchange_items (id, position, kind, id_number, name, elsewhere, details,"
            " unit_id, person_id, residence_id, place_path, received_at, due_at)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s::uuid[], %s, %s)"
            " ON CONFLICT DO NOTHING RETURNING id",
            (
                item_id,
                message.position,
                message.kind,
                message.id_number,
                message.name,
                message.elsewhere,
                message.details,
                placed.unit_id,
                placed.person_id,
                placed.residence_id,
                placed.place_path,
                now,
                due,
            ),
        ).fetchone()
        if added:
            event = ExchangeItemReceived(
                item_id=item_id,
                kind=message.kind,
                due_at=due,
                place_path=placed.place_path,
                unit_id=placed.unit_id,
                person_id=placed.person_id,
                residence_id=placed.residence_id,
                elsewhere=message.elsewhere,
                province_position=message.position,
            )
            append_to_stream(conn, stream(item_id), [NewEvent(event, item_id)], 0)
        conn.execute(
            "INSERT INTO inbox_cursor (province, position) VALUES (%s, %s)"
            " ON CONFLICT (province) DO UPDATE SET position = greatest("
            " inbox_cursor.position, EXCLUDED.position)",
            (province, message.position),
        )
    return added is not None


_IN_SCOPE = "(%(scope)s::uuid IS NULL OR place_path @> ARRAY[%(scope)s::uuid])"
_LISTED = {
    "open": "status = 'open'",
    "overdue": "status = 'open' AND due_at < now()",
    "answered": "status = 'answered'",
    "all": "TRUE",
}


def items(
    conn: Conn, who: Principal, listed: Listed, limit: int, offset: int
) -> tuple[list[dict[str, Any]], int]:
    """A page of the caller's items, the most urgent first, and how many there are."""
    args = {"scope": who.scope_place_id, "limit": limit, "offset": offset}
    where = f"{_LISTED[listed]} AND {_IN_SCOPE}"
    rows, total = listing.page(conn, "exchange_items", where, "status, due_at, position", args)
    return [shown(row) for row in rows], total


def item(conn: Conn, who: Principal, item_id: str) -> dict[str, Any] | None:
    """The item, if it lies in the caller's jurisdiction."""
    args = {"id": item_id, "scope": who.scope_place_id}
    row = listing.one(conn, "exchange_items", f"id = %(id)s AND {_IN_SCOPE}", args)
    return shown(row) if row else None


def shown(row: dict[str, Any]) -> dict[str, Any]:
    """An item as lists show it: the ID number masked, its kind and answer in words, and
    whether it is (or was answered) past its due time."""
    now = datetime.now(UTC)
    return {
        "item_id": str(row["id"]),
        "kind": row["kind"],
        "kind_name": exchange.KIND_NAMES[row["kind"]],
        "name": row["name"],
        "id_number_masked": mask(row["id_number"]),
        "elsewhere": row["elsewhere"],
        "details": row["details"],
        "unit_id": listing.text(row["unit_id"]),
        "person_id": listing.text(row["person_id"]),
        "residence_id": listing.text(row["residence_id"]),
        "place_path": [str(p) for p in row["place_path"]],
        "received_at": row["received_at"],
        "due_at": row["due_at"],
        "status": row["status"],
        "overdue": exchange.is_overdue(row["due_at"], row["answered_at"], now),
        "answer": row["answer"],
        "answer_name": exchange.ANSWERS[row["kind"]].get(row["answer"] or ""),
        "note": row["note"],
        "answered_at": row["answered_at"],
        "answered_by": row["answered_by"],
    }


class AlreadyAnswered(Exception):
    """An item is answered once; the province has the answer already."""


def answer(
    conn: Conn, who: Principal, found: dict[str, Any], answer: str, note: str | None
) -> None:
    """Record the answer and its event (which the connector delivers to the province)."""
    now, item_id = datetime.now(UTC), found["item_id"]
    with conn.transaction():
        updated = conn.execute(
            "UPDATE exchange_items SET status = 'answered', answer = %s, note = %s,"
            " answered_at = %s, answered_by = %s WHERE id = %s AND status = 'open'"
            " RETURNING id",
            (answer, note, now, who.username, item_id),
        ).fetchone()
        if updated is None:
            raise AlreadyAnswered(item_id)
        event = ExchangeItemAnswered(
            item_id=item_id,
            message_id=item_id,
            kind=found["kind"],
            answer=answer,
            note=note,
            place_path=found["place_path"],
            overdue=now > found["due_at"],
        )
        append_to_stream(conn, stream(item_id), [NewEvent(event, item_id)], 1, actor=who.actor())


def open_counts(conn: Conn) -> tuple[int, int]:
    """(items open, of which past their due time): the to-do list's gauges."""
    row = conn.execute(
        "SELECT count(*), count(*) FILTER (WHERE due_at < now()) FROM exchange_items"
        " WHERE status = 'open'"
    ).fetchone()
    return (int(row[0]), int(row[1])) if row else (0, 0)
