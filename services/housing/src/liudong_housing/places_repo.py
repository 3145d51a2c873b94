"""Places in housing's own tables, written together with their events."""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg.rows import dict_row
from psycopg.types.json import Jsonb

from liudong_events.catalog import PathStep, PlaceCreated, PlaceOfficerAssigned
from liudong_events.store import NewEvent, append_to_stream, stream_version
from liudong_housing.domain.places import Place


def stream_id(place_id: str) -> str:
    return f"place-{place_id}"


def get(conn: psycopg.Connection[Any], place_id: str, *, lock: bool = False) -> Place | None:
    row = conn.execute(
        "SELECT id::text, kind, name, parent_id::text, code, path, officer_id::text,"
        " officer_name FROM places WHERE id = %s" + (" FOR UPDATE" if lock else ""),
        (place_id,),
    ).fetchone()
    if row is None:
        return None
    return Place(
        id=row[0],
        kind=row[1],
        name=row[2],
        parent_id=row[3],
        code=row[4],
        path=tuple(PathStep.model_validate(s) for s in row[5]),
        officer_id=row[6],
        officer_name=row[7],
    )


def children(conn: psycopg.Connection[Any], place_id: str) -> list[dict[str, Any]]:
    with conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(
            "SELECT id::text, kind, name, parent_id::text, code, path, officer_id::text,"
            " officer_name FROM places WHERE parent_id = %s ORDER BY name",
            (place_id,),
        ).fetchall()


def add(
    conn: psycopg.Connection[Any], event: PlaceCreated, actor: dict[str, str] | None = None
) -> None:
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
        append_to_stream(
            conn,
            stream_id(event.place_id),
            [NewEvent(event, partition_key=event.place_id)],
            0,
            actor=actor,
        )


def save_officer(
    conn: psycopg.Connection[Any], event: PlaceOfficerAssigned, actor: dict[str, str]
) -> None:
    """In the caller's transaction, after the place row was read with a lock."""
    conn.execute(
        "UPDATE places SET officer_id = %s, officer_name = %s WHERE id = %s",
        (event.officer_id, event.officer_name, event.place_id),
    )
    stream = stream_id(event.place_id)
    append_to_stream(
        conn,
        stream,
        [NewEvent(event, partition_key=event.place_id)],
        stream_version(conn, stream),
        actor=actor,
    )
