"""/api/places: create a place under one the caller may see; read a place and its children."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, HTTPException, status
from pydantic import BaseModel, Field

from liudong_events.auth import Principal
from liudong_events.catalog import PathStep, PlaceKind
from liudong_events.ids import is_uuid
from liudong_events.policy import require
from liudong_events.service import DbConn
from liudong_housing import places_repo
from liudong_housing.domain.places import Place, PlaceRuleBroken, assign_officer, create_place

router = APIRouter(prefix="/api/places", tags=["places"])
Reader = Annotated[Principal, require("place.read")]
Creator = Annotated[Principal, require("place.create")]
Assigner = Annotated[Principal, require("place.assign_officer")]


class PlaceCreate(BaseModel):
    kind: PlaceKind
    name: str = Field(min_length=1, max_length=200)
    parent_id: str | None = None
    code: str | None = Field(default=None, max_length=40)


class PlacePublic(BaseModel):
    id: str
    kind: PlaceKind
    name: str
    parent_id: str | None
    code: str | None = None
    path: list[PathStep]
    officer_id: str | None = None
    officer_name: str | None = None


class OfficerAssignment(BaseModel):
    """The responsible officer (管辖民警): a user id and the name to show; null unassigns."""

    officer_id: UUID | None
    officer_name: str | None = Field(default=None, max_length=50)


def _public(place: Place) -> PlacePublic:
    return PlacePublic(
        id=place.id,
        kind=place.kind,
        name=place.name,
        parent_id=place.parent_id,
        code=place.code,
        path=list(place.path),
        officer_id=place.officer_id,
        officer_name=place.officer_name,
    )


def _visible(conn: DbConn, place_id: str, who: Principal, *, lock: bool = False) -> Place:
    place = places_repo.get(conn, place_id, lock=lock) if is_uuid(place_id) else None
    if place is None or not who.covers(place.path_ids):
        raise HTTPException(status.HTTP_404_NOT_FOUND, "place not found")
    return place


def _field_error(field: str, message: str) -> HTTPException:
    return HTTPException(
        status.HTTP_422_UNPROCESSABLE_ENTITY,
        [{"loc": ["body", field], "msg": message, "type": "value_error"}],
    )


@router.post("", status_code=status.HTTP_201_CREATED)
def create(body: PlaceCreate, conn: DbConn, who: Creator) -> PlacePublic:
    parent = None
    if body.parent_id is not None:
        parent = places_repo.get(conn, body.parent_id) if is_uuid(body.parent_id) else None
        if parent is None or not who.covers(parent.path_ids):
            # Unknown and out of scope answer alike: a place's existence is not revealed.
            raise HTTPException(status.HTTP_404_NOT_FOUND, "上级地点不存在或不在管辖范围内")
    elif who.role != "admin":
        raise HTTPException(status.HTTP_403_FORBIDDEN, "only an administrator creates districts")
    try:
        event = create_place(body.kind, body.name, parent, body.code)
    except PlaceRuleBroken as broken:
        raise _field_error(broken.field, broken.message) from broken
    places_repo.add(conn, event, who.actor())
    return PlacePublic(
        id=event.place_id,
        kind=event.kind,
        name=event.name,
        parent_id=event.parent_id,
        code=event.code,
        path=event.path,
    )


@router.get("/{place_id}")
def read(place_id: str, conn: DbConn, who: Reader) -> PlacePublic:
    return _public(_visible(conn, place_id, who))


@router.get("/{place_id}/children")
def read_children(place_id: str, conn: DbConn, who: Reader) -> list[dict[str, Any]]:
    _visible(conn, place_id, who)
    return places_repo.children(conn, place_id)


@router.put("/{place_id}/officer")
def put_officer(place_id: str, body: OfficerAssignment, conn: DbConn, who: Assigner) -> PlacePublic:
    """Assign (or with null, remove) the responsible officer of a place in scope."""
    with conn.transaction():
        place = _visible(conn, place_id, who, lock=True)
        try:
            officer = str(body.officer_id) if body.officer_id else None
            event = assign_officer(place, officer, body.officer_name)
        except PlaceRuleBroken as broken:
            raise _field_error(broken.field, broken.message) from broken
        if event is not None:
            places_repo.save_officer(conn, event, who.actor())
            place = replace(place, officer_id=event.officer_id, officer_name=event.officer_name)
    return _public(place)
