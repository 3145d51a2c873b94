"""What the housing routes share: a place in the caller's scope, and one 422 for all broken
rules (FastAPI's shape, naming each field)."""

from __future__ import annotations

from typing import Annotated

from fastapi import HTTPException, Request, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from liudong_events.auth import Principal
from liudong_events.ids import is_uuid
from liudong_housing import people_repo, places_repo
from liudong_housing.domain.places import Place
from liudong_housing.domain.rules import RuleBroken
from liudong_housing.journal import Conn


def visible_place(conn: Conn, place_id: str, who: Principal, *, lock: bool = False) -> Place:
    """A place in the caller's scope; unknown and out of scope answer alike (404)."""
    place = places_repo.get(conn, place_id, lock=lock) if is_uuid(place_id) else None
    if place is None or not who.covers(place.path_ids):
        raise HTTPException(status.HTTP_404_NOT_FOUND, "地点不存在或不在管辖范围内")
    return place


# The shapes of free text and phone numbers the forms take.
Text = Annotated[str, Field(max_length=200)]
Phone = Annotated[str, Field(pattern=r"^[\d\-+ ]{5,20}$")]


class CoordinatorAssignment(BaseModel):
    """The coordinator who looks after a house or an employer (null: none)."""

    coordinator_id: str | None


def coordinator_in_scope(conn: Conn, body: CoordinatorAssignment, who: Principal) -> None:
    """A coordinator to assign must be one the caller manages (422 on the field)."""
    if body.coordinator_id is not None and not people_repo.coordinator_in_scope(
        conn, body.coordinator_id, who
    ):
        raise RuleBroken(("coordinator_id", "协管员不存在或不在管辖范围内"))


def known_id(value: str, what: str) -> str:
    if not is_uuid(value):
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"{what}不存在或不在管辖范围内")
    return value


async def rule_broken(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RuleBroken)
    return JSONResponse(
        {
            "detail": [
                {"loc": ["body", *field.split(".")], "msg": message, "type": "value_error"}
                for field, message in exc.problems
            ]
        },
        status_code=status.HTTP_422_UNPROCESSABLE_ENTITY,
    )
