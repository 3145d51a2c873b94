"""Residents' declarations in registry's tables, written with their events."""

from __future__ import annotations

import time
import uuid
from typing import Any, Literal

from psycopg.rows import dict_row
from psycopg.types.json import Jsonb

from liudong_events.auth import Principal
from liudong_events.catalog import DeclarationDecided, DeclarationSubmitted
from liudong_events.ids import is_uuid
from liudong_events.masking import mask
from liudong_events.store import NewEvent, append_to_stream
from liudong_registry import handlers, repo


def stream(declaration_id: str) -> str:
    return f"declaration-{declaration_id}"


WAIT_FOR_NEW_UNIT_SECONDS = 3.0


def unit_path(conn: repo.Conn, unit_id: str) -> list[str] | None:
    """Residents may not ask housing, so the registry's copy of the tree answers, waiting
    briefly for a unit created a moment ago rather than answer a false 404."""
    if not is_uuid(unit_id):
        return None
    deadline = time.monotonic() + WAIT_FOR_NEW_UNIT_SECONDS
    while (known := repo.unit_path(conn, unit_id)) is None and time.monotonic() < deadline:
        time.sleep(0.05)
    return known[1] if known and known[0] == "unit" else None


def submit(conn: repo.Conn, body: dict[str, Any], path: list[str], who: Principal) -> str:
    declaration_id = str(uuid.uuid4())
    with conn.transaction():
        conn.execute(
            "INSERT INTO declarations (id, submitted_by, unit_id, place_path, body, status)"
            " VALUES (%s, %s, %s, %s, %s, 'pending')",
            (declaration_id, who.user_id, body["unit_id"], path, Jsonb(body)),
        )
        event = DeclarationSubmitted(
            declaration_id=declaration_id,
            unit_id=body["unit_id"],
            place_path=path,
            submitted_by=who.user_id,
        )
        append_to_stream(
            conn,
            stream(declaration_id),
            [NewEvent(event, declaration_id)],
            0,
            actor=who.actor(),
        )
    return declaration_id


_COLUMNS = (
    "SELECT id::text AS declaration_id, status, unit_id::text, place_path::text[], body,"
    " reason, residence_id::text, submitted_at, decided_by, decided_at,"
    # "小区/楼栋/户", for a resident, who may not read the place tree
    f" {repo.address_of('declarations.place_path')} AS address"
    " FROM declarations"
)


def _public(row: dict[str, Any], *, full: bool) -> dict[str, Any]:
    person = row["body"]["person"]
    shown = {k: v for k, v in row.items() if k != "body"}
    shown["name"] = person["name"]
    shown["id_number_masked"] = mask(person["id_number"])
    if full:
        shown["body"] = row["body"]
    return shown


def visible(conn: repo.Conn, who: Principal) -> list[dict[str, Any]]:
    """A resident's own declarations; a clerk's: those of units in their jurisdiction."""
    if who.role == "resident":
        where, args = "submitted_by = %s", [who.user_id]
    elif who.scope_place_id is None:
        where, args = "TRUE", []
    else:
        where, args = "place_path @> ARRAY[%s]::uuid[]", [who.scope_place_id]
    with conn.cursor(row_factory=dict_row) as cur:
        rows = cur.execute(
            f"{_COLUMNS} WHERE {where} ORDER BY submitted_at DESC LIMIT 500", args
        ).fetchall()
    return [_public(r, full=False) for r in rows]


def one(conn: repo.Conn, declaration_id: str, who: Principal) -> dict[str, Any]:
    with conn.cursor(row_factory=dict_row) as cur:
        row = cur.execute(
            _COLUMNS.replace(
                " FROM declarations", ", submitted_by::text AS submitter FROM declarations"
            )
            + " WHERE id = %s",
            (declaration_id,),
        ).fetchone()
    own = row is not None and row["submitter"] == who.user_id
    if row is None or not (own if who.role == "resident" else who.covers(row["place_path"])):
        raise handlers.NotFound(declaration_id)
    row.pop("submitter")
    return _public(row, full=True)


def decide(
    conn: repo.Conn,
    declaration_id: str,
    status: Literal["confirmed", "rejected"],
    who: Principal,
    *,
    residence_id: str | None = None,
    reason: str | None = None,
) -> None:
    """Within the caller's transaction (with the check-in, for a confirmation)."""
    conn.execute(
        "UPDATE declarations SET status = %s, residence_id = %s, reason = %s,"
        " decided_by = %s, decided_at = now() WHERE id = %s",
        (status, residence_id, reason, who.username, declaration_id),
    )
    event = DeclarationDecided(
        declaration_id=declaration_id, status=status, residence_id=residence_id, reason=reason
    )
    append_to_stream(
        conn,
        stream(declaration_id),
        [NewEvent(event, declaration_id)],
        1,
        actor=who.actor(),
    )
