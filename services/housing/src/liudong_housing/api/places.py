"""/api/places: create a place under one the caller may see; read a place and its children."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, HTTPException, status
from pydantic import BaseModel, Field

from liudong_events.auth import Principal
from liudong_events.catalog import PathStep, PlaceKind
from liudong_events.housing_events import StandardAddress
from liudong_events.ids import is_uuid
from liudong_events.policy import require
from liudong_events.responses import SIGNED_IN, refusals
from liudong_events.service import DbConn
from liudong_housing import places_repo
from liudong_housing.api.common import visible_place
from liudong_housing.domain.places import (
    Place,
    assign_officer,
    create_place,
    move_place,
    rename_place,
    retire_place,
    set_address,
)
from liudong_housing.journal import history

router = APIRouter(prefix="/api/places", tags=["places"], responses=SIGNED_IN | refusals(404))
Reader = Annotated[Principal, require("place.read")]
Creator = Annotated[Principal, require("place.create")]
Assigner = Annotated[Principal, require("place.assign_officer")]
# Renaming, moving and retiring reshape a jurisdiction: its stations' and admins' work.
Keeper = Annotated[Principal, require("place.maintain")]


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
    retired: bool = False
    retired_reason: str | None = None
    address: StandardAddress | None = None


class PlaceChange(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    code: str | None = Field(default=None, max_length=40)


class PlaceMove(BaseModel):
    parent_id: str


class Retirement(BaseModel):
    reason: str = Field(min_length=1, max_length=200)


class AddressIn(BaseModel):
    """A unit's standard address: 街路巷, 门楼牌号, 房号, and the everyday description."""

    street: str = Field(min_length=1, max_length=100)
    door_no: str = Field(min_length=1, max_length=40)
    room: str | None = Field(default=None, max_length=40)
    description: str | None = Field(default=None, max_length=200)


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
        retired=place.retired,
        retired_reason=place.retired_reason,
        address=place.address,
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
    event = create_place(body.kind, body.name, parent, body.code)
    places_repo.add(conn, event, who.actor())
    return PlacePublic(
        id=event.place_id,
        kind=event.kind,
        name=event.name,
        parent_id=event.parent_id,
        code=event.code,
        path=event.path,
    )


@router.get("")
def read_tops(conn: DbConn, who: Reader) -> list[dict[str, Any]]:
    """Where the caller's tree starts (a browser's place picker): the place they are
    scoped to, or every district for an administrator of the whole deployment."""
    return places_repo.tops(conn, who.scope_place_id)


@router.get("/{place_id}")
def read(place_id: str, conn: DbConn, who: Reader) -> PlacePublic:
    return _public(visible_place(conn, place_id, who))


@router.get("/{place_id}/children")
def read_children(place_id: str, conn: DbConn, who: Reader) -> list[dict[str, Any]]:
    visible_place(conn, place_id, who)
    return places_repo.children(conn, place_id)


@router.put("/{place_id}/officer")
def put_officer(place_id: str, body: OfficerAssignment, conn: DbConn, who: Assigner) -> PlacePublic:
    """Assign (or with null, remove) the responsible officer of a place in scope."""
    with conn.transaction():
        place = visible_place(conn, place_id, who, lock=True)
        officer = str(body.officer_id) if body.officer_id else None
        event = assign_officer(place, officer, body.officer_name)
        if event is not None:
            places_repo.save_officer(conn, event, who.actor())
            place = replace(place, officer_id=event.officer_id, officer_name=event.officer_name)
    return _public(place)


@router.patch("/{place_id}")
def change(place_id: str, body: PlaceChange, conn: DbConn, who: Keeper) -> PlacePublic:
    """Rename a place or change its code; everything under it keeps its place."""
    with conn.transaction():
        place = visible_place(conn, place_id, who, lock=True)
        event = rename_place(place, body.name, body.code)
        if event is not None:
            places_repo.save_rename(conn, event, who.actor())
    return _public(visible_place(conn, place_id, who))


@router.post("/{place_id}/move")
def move(place_id: str, body: PlaceMove, conn: DbConn, who: Keeper) -> PlacePublic:
    """Re-hang a place, with all under it, below another parent the caller also covers."""
    with conn.transaction():
        place = visible_place(conn, place_id, who, lock=True)
        parent = visible_place(conn, body.parent_id, who)
        places_repo.save_move(conn, move_place(place, parent), who.actor())
    return _public(visible_place(conn, place_id, who))


@router.post("/{place_id}/retirement")
def retire(place_id: str, body: Retirement, conn: DbConn, who: Keeper) -> PlacePublic:
    """Retire a place nobody lives under: it stays in history and takes nothing new."""
    with conn.transaction():
        place = visible_place(conn, place_id, who, lock=True)
        event = retire_place(
            place,
            body.reason,
            places_repo.open_children(conn, place_id),
            places_repo.residents_under(conn, place_id),
        )
        places_repo.save_retirement(conn, event, who.actor())
    return _public(visible_place(conn, place_id, who))


@router.put("/{place_id}/address")
def put_address(place_id: str, body: AddressIn, conn: DbConn, who: Creator) -> PlacePublic:
    """A unit's standard address beside its everyday description."""
    with conn.transaction():
        place = visible_place(conn, place_id, who, lock=True)
        event = set_address(place, StandardAddress(**body.model_dump()))
        if event is not None:
            places_repo.save_address(conn, event, who.actor())
    return _public(visible_place(conn, place_id, who))


@router.get("/{place_id}/history")
def read_history(place_id: str, conn: DbConn, who: Reader) -> dict[str, Any]:
    """Every change of a place: created, renamed, moved, retired … when and by whom."""
    visible_place(conn, place_id, who)
    return {"items": history(conn, places_repo.stream_id(place_id))}
