"""Places in housing's own tables, written together with their events."""

from __future__ import annotations

from typing import Any

from psycopg.rows import dict_row
from psycopg.types.json import Jsonb

from liudong_events.catalog import PathStep, PlaceCreated, PlaceOfficerAssigned
from liudong_events.event_data import EventData
from liudong_events.housing_events import (
    PlaceAddressSet,
    PlaceMoved,
    PlaceRenamed,
    PlaceRetired,
    StandardAddress,
)
from liudong_housing.domain.places import Place
from liudong_housing.journal import Conn, record

_COLUMNS = (
    "id::text, kind, name, parent_id::text, code, path, officer_id::text, officer_name,"
    " retired_reason, address"
)


def stream_id(place_id: str) -> str:
    return f"place-{place_id}"


def _place(row: tuple[Any, ...]) -> Place:
    return Place(
        id=row[0],
        kind=row[1],
        name=row[2],
        parent_id=row[3],
        code=row[4],
        path=tuple(PathStep.model_validate(s) for s in row[5]),
        officer_id=row[6],
        officer_name=row[7],
        retired_reason=row[8],
        address=StandardAddress.model_validate(row[9]) if row[9] else None,
    )


def get(conn: Conn, place_id: str, *, lock: bool = False) -> Place | None:
    row = conn.execute(
        f"SELECT {_COLUMNS} FROM places WHERE id = %s" + (" FOR UPDATE" if lock else ""),
        (place_id,),
    ).fetchone()
    return _place(row) if row else None


_LISTED = (
    "SELECT id::text, kind, name, parent_id::text, code, path, officer_id::text,"
    " officer_name, retired_reason IS NOT NULL AS retired FROM places"
)


def children(conn: Conn, place_id: str) -> list[dict[str, Any]]:
    with conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(f"{_LISTED} WHERE parent_id = %s ORDER BY name", (place_id,)).fetchall()


def tops(conn: Conn, scope_place_id: str | None) -> list[dict[str, Any]]:
    """Where a user's tree starts: their own place, or every root (districts) for a user
    of the whole deployment."""
    with conn.cursor(row_factory=dict_row) as cur:
        if scope_place_id is None:
            return cur.execute(f"{_LISTED} WHERE parent_id IS NULL ORDER BY name").fetchall()
        return cur.execute(f"{_LISTED} WHERE id = %s", (scope_place_id,)).fetchall()


def add(conn: Conn, event: PlaceCreated, actor: dict[str, str] | None = None) -> None:
    with conn.transaction():
        conn.execute(
            "INSERT INTO places (id, kind, name, parent_id, code, path, path_ids)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s)",
            (
                event.place_id,
                event.kind,
                event.name,
                event.parent_id,
                event.code,
                Jsonb([s.model_dump() for s in event.path]),
                [s.id for s in event.path],
            ),
        )
        _record(conn, event.place_id, event, actor)


def _record(conn: Conn, place_id: str, event: EventData, actor: dict[str, str] | None) -> None:
    record(conn, stream_id(place_id), place_id, [event], actor)


def save_officer(conn: Conn, event: PlaceOfficerAssigned, actor: dict[str, str]) -> None:
    """In the caller's transaction, after the place row was read with a lock."""
    conn.execute(
        "UPDATE places SET officer_id = %s, officer_name = %s WHERE id = %s",
        (event.officer_id, event.officer_name, event.place_id),
    )
    _record(conn, event.place_id, event, actor)


def save_rename(conn: Conn, event: PlaceRenamed, actor: dict[str, str]) -> None:
    """The new name, in the place's row and in the path of every place under it."""
    conn.execute(
        "UPDATE places SET name = %s, code = %s WHERE id = %s",
        (event.name, event.code, event.place_id),
    )
    conn.execute(
        "UPDATE places SET path = (SELECT jsonb_agg(CASE WHEN s->>'id' = %(id)s::text"
        "   THEN jsonb_set(s, '{name}', to_jsonb(%(name)s::text)) ELSE s END ORDER BY o)"
        "  FROM jsonb_array_elements(path) WITH ORDINALITY e(s, o))"
        " WHERE path_ids @> ARRAY[%(id)s::uuid]",
        {"id": event.place_id, "name": event.name},
    )
    _record(conn, event.place_id, event, actor)


def save_move(conn: Conn, event: PlaceMoved, actor: dict[str, str]) -> None:
    """The place and everything under it get the new path above the place."""
    depth = len(event.old_path)
    conn.execute(
        "UPDATE places SET parent_id = %s WHERE id = %s", (event.parent_id, event.place_id)
    )
    conn.execute(
        "UPDATE places SET path = %(path)s || (SELECT coalesce(jsonb_agg(s ORDER BY o), '[]')"
        "   FROM jsonb_array_elements(path) WITH ORDINALITY e(s, o) WHERE o > %(depth)s),"
        " path_ids = %(ids)s::uuid[] || path_ids[%(depth)s + 1:]"
        " WHERE path_ids @> ARRAY[%(id)s]::uuid[]",
        {
            "path": Jsonb([s.model_dump() for s in event.path]),
            "ids": [s.id for s in event.path],
            "depth": depth,
            "id": event.place_id,
        },
    )
    conn.execute(
        "UPDATE occupants SET place_path = %(ids)s::uuid[] || place_path[%(depth)s + 1:]"
        " WHERE place_path[%(depth)s] = %(id)s",
        {"ids": [s.id for s in event.path], "depth": depth, "id": event.place_id},
    )
    _record(conn, event.place_id, event, actor)


def save_retirement(conn: Conn, event: PlaceRetired, actor: dict[str, str]) -> None:
    conn.execute(
        "UPDATE places SET retired_reason = %s WHERE id = %s", (event.reason, event.place_id)
    )
    _record(conn, event.place_id, event, actor)


def save_address(conn: Conn, event: PlaceAddressSet, actor: dict[str, str]) -> None:
    conn.execute(
        "UPDATE places SET address = %s WHERE id = %s",
        (Jsonb(event.address.model_dump()), event.place_id),
    )
    _record(conn, event.place_id, event, actor)


def open_children(conn: Conn, place_id: str) -> int:
    row = conn.execute(
        "SELECT count(*) FROM places WHERE parent_id = %s AND retired_reason IS NULL", (place_id,)
    ).fetchone()
    return int(row[0]) if row else 0


def residents_under(conn: Conn, place_id: str) -> int:
    """Current residents under a place, from housing's copy of the registry's check-ins."""
    row = conn.execute(
        "SELECT count(*) FROM occupants"
        " WHERE status = 'active' AND place_path @> ARRAY[%s]::uuid[]",
        (place_id,),
    ).fetchone()
    return int(row[0]) if row else 0
