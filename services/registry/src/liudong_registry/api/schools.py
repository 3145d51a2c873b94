"""/api/schools and minors' enrolment: the schools accompanying minors attend."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Request, status
from psycopg.rows import dict_row
from pydantic import BaseModel, Field

from liudong_codetables.names import initials
from liudong_events.auth import Principal
from liudong_events.catalog import MinorEnrolled, SchoolChanged, SchoolRegistered
from liudong_events.ids import is_uuid
from liudong_events.policy import require
from liudong_events.responses import SIGNED_IN, refusals
from liudong_events.service import DbConn
from liudong_events.store import NewEvent, append_to_stream
from liudong_registry import handlers, places, repo
from liudong_registry.domain.residences import residence_stream

router = APIRouter(tags=["schools"], responses=SIGNED_IN)
Reader = Annotated[Principal, require("school.read")]
Writer = Annotated[Principal, require("school.write")]


class SchoolCreate(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    address: str | None = Field(default=None, max_length=200)
    place_id: str = Field(description="the district, station or community it belongs to")


class SchoolUpdate(BaseModel):
    name: str | None = Field(default=None, min_length=1, max_length=100)
    address: str | None = Field(default=None, max_length=200)


class Enrolment(BaseModel):
    school_id: str | None = Field(description="None: no longer enrolled")


_SCHOOL = (
    "SELECT id::text AS school_id, name, address, place_id::text, place_path::text[] FROM schools"
)


def _school(conn: DbConn, school_id: str, who: Principal) -> dict[str, Any]:
    with conn.cursor(row_factory=dict_row) as cur:
        row = (
            cur.execute(_SCHOOL + " WHERE id = %s", (school_id,)).fetchone()
            if is_uuid(school_id)
            else None
        )
    if row is None or not who.covers(row["place_path"]):
        raise handlers.NotFound(school_id)
    return row


@router.post("/api/schools", status_code=status.HTTP_201_CREATED, responses=refusals(404))
def create(body: SchoolCreate, request: Request, conn: DbConn, who: Writer) -> dict[str, Any]:
    found = (
        places.place_path(
            conn,
            body.place_id,
            housing_url=request.app.state.settings.housing_url,
            token=request.headers.get("authorization", "").removeprefix("Bearer ").strip(),
        )
        if is_uuid(body.place_id)
        else None
    )
    if found is None or not who.covers(found):
        raise HTTPException(status.HTTP_404_NOT_FOUND, "地点不存在或不在管辖范围内")
    school_id = str(uuid.uuid4())
    event = SchoolRegistered(
        school_id=school_id,
        name=body.name.strip(),
        address=body.address,
        place_id=body.place_id,
        place_path=found,
    )
    with conn.transaction():
        conn.execute(
            "INSERT INTO schools (id, name, initials, address, place_id, place_path)"
            " VALUES (%s, %s, %s, %s, %s, %s)",
            (school_id, event.name, initials(event.name), body.address, body.place_id, found),
        )
        append_to_stream(
            conn,
            f"school-{school_id}",
            [NewEvent(event, school_id)],
            0,
            actor=who.actor(),
        )
    return {
        "school_id": school_id,
        "name": event.name,
        "address": body.address,
        "place_id": body.place_id,
    }


@router.get("/api/schools")
def search(conn: DbConn, who: Reader, q: str | None = None) -> dict[str, Any]:
    """By name or pinyin initials, within the caller's jurisdiction."""
    where, args = ["TRUE"], []
    if who.scope_place_id is not None:
        where.append("place_path @> ARRAY[%s]::uuid[]")
        args.append(who.scope_place_id)
    if q:
        where.append("(name LIKE %s OR EXISTS (SELECT 1 FROM unnest(initials) i WHERE i LIKE %s))")
        args += [f"%{q}%", f"{q.lower()}%"]
    with conn.cursor(row_factory=dict_row) as cur:
        rows = cur.execute(
            f"{_SCHOOL} WHERE {' AND '.join(where)} ORDER BY name LIMIT 200", args
        ).fetchall()
    return {"items": rows, "total": len(rows)}


@router.get("/api/schools/{school_id}", responses=refusals(404))
def read(school_id: str, conn: DbConn, who: Reader) -> dict[str, Any]:
    return _school(conn, school_id, who)


@router.patch("/api/schools/{school_id}", responses=refusals(404))
def update(school_id: str, body: SchoolUpdate, conn: DbConn, who: Writer) -> dict[str, Any]:
    current = _school(conn, school_id, who)
    name = (body.name or current["name"]).strip()
    address = body.address if "address" in body.model_fields_set else current["address"]
    event = SchoolChanged(school_id=school_id, name=name, address=address)
    with conn.transaction():
        # The row's version is its stream's: the update returns it, locked, for the append.
        row = conn.execute(
            "UPDATE schools SET name = %s, initials = %s, address = %s,"
            " version = version + 1 WHERE id = %s RETURNING version - 1",
            (name, initials(name), address, school_id),
        ).fetchone()
        assert row is not None
        append_to_stream(
            conn,
            f"school-{school_id}",
            [NewEvent(event, school_id)],
            int(row[0]),
            actor=who.actor(),
        )
    return {**current, "name": name, "address": address}


@router.post("/api/minors/{minor_id}/enrolment", responses=refusals(404))
def enrol(minor_id: str, body: Enrolment, conn: DbConn, who: Writer) -> dict[str, Any]:
    """A minor starts (or leaves) a school in the district of their residence."""
    with conn.transaction():
        row = (
            conn.execute(
                "SELECT m.residence_id::text, r.place_path::text[], r.version, r.person_id::text"
                " FROM minors m JOIN residences r ON r.id = m.residence_id WHERE m.id = %s"
                " FOR UPDATE OF r",
                (minor_id,),
            ).fetchone()
            if is_uuid(minor_id)
            else None
        )
        if row is None or not who.covers(row[1]):
            raise handlers.NotFound(minor_id)
        residence_id, path, version, person_id = row
        if body.school_id is not None and not repo.schools_exist(
            conn, [body.school_id] if is_uuid(body.school_id) else [], path[0]
        ):
            raise HTTPException(
                status.HTTP_422_UNPROCESSABLE_ENTITY,
                [
                    {
                        "loc": ["body", "school_id"],
                        "msg": "学校不存在或不在本区",
                        "type": "value_error",
                    }
                ],
            )
        conn.execute("UPDATE minors SET school_id = %s WHERE id = %s", (body.school_id, minor_id))
        conn.execute("UPDATE residences SET version = version + 1 WHERE id = %s", (residence_id,))
        event = MinorEnrolled(
            minor_id=minor_id, residence_id=residence_id, school_id=body.school_id
        )
        append_to_stream(
            conn,
            residence_stream(residence_id),
            [NewEvent(event, person_id)],
            version,
            actor=who.actor(),
        )
    return {"minor_id": minor_id, "school_id": body.school_id}
