"""/api/residences: check-in, departure, cancellation, and a residence with its history."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Request, status
from pydantic import BaseModel, Field

from liudong_events import audit
from liudong_events.auth import Principal
from liudong_events.catalog import Capture, PersonViewed
from liudong_events.days import office_today
from liudong_events.ids import is_uuid
from liudong_events.iso_dates import IsoDate
from liudong_events.policy import require
from liudong_events.responses import SIGNED_IN, refusals
from liudong_events.service import DbConn
from liudong_events.store import read_stream
from liudong_registry import handlers, places, repo
from liudong_registry.checkin_request import ResidenceCreate, command
from liudong_registry.domain.identity import FieldError
from liudong_registry.domain.residences import DeclarationInvalid, Status, residence_stream

router = APIRouter(
    prefix="/api/residences", tags=["residences"], responses=SIGNED_IN | refusals(404)
)
Reader = Annotated[Principal, require("residence.read")]
Writer = Annotated[Principal, require("residence.write")]


class ResidenceCreated(BaseModel):
    residence_id: str
    person_id: str
    status: str = "active"


class Departure(BaseModel):
    departure_date: IsoDate
    reason: str | None = Field(default=None, max_length=200)


class Cancellation(BaseModel):
    reason: str = Field(min_length=1, max_length=200)


def _token(request: Request) -> str:
    return request.headers.get("authorization", "").removeprefix("Bearer ").strip()


@router.post("", status_code=status.HTTP_201_CREATED, responses=refusals(409))
def check_in(
    body: ResidenceCreate, request: Request, conn: DbConn, who: Writer
) -> ResidenceCreated:
    path = _unit_path(request, conn, body.unit_id)
    if path is None or not who.covers(path):
        # Unknown and out of scope answer alike: a unit's existence is not revealed.
        raise HTTPException(status.HTTP_404_NOT_FOUND, "房屋不存在或不在管辖范围内")
    cmd = command(body, path, Capture.model_validate(body.capture.model_dump()))
    residence_id, person_id = handlers.check_in(conn, cmd, today=office_today(), actor=who.actor())
    return ResidenceCreated(residence_id=residence_id, person_id=person_id)


class HouseholdMove(BaseModel):
    """Several people out of their units and into one unit, in one command."""

    residence_ids: list[str] = Field(min_length=1, max_length=50)
    unit_id: str
    arrival_date: IsoDate


@router.post("/household-move", status_code=status.HTTP_201_CREATED, responses=refusals(409))
def household_move(
    body: HouseholdMove, request: Request, conn: DbConn, who: Writer
) -> dict[str, list[str]]:
    """All move, or none does (a 422 names each residence that cannot)."""
    if len(set(body.residence_ids)) != len(body.residence_ids):
        raise DeclarationInvalid([FieldError("residence_ids", "居住记录重复")])
    for residence_id in body.residence_ids:
        _known_id(residence_id)
    path = _unit_path(request, conn, body.unit_id)
    if path is None or not who.covers(path):
        raise HTTPException(status.HTTP_404_NOT_FOUND, "房屋不存在或不在管辖范围内")
    new_ids = handlers.household_move(
        conn,
        body.residence_ids,
        body.unit_id,
        path,
        body.arrival_date,
        who=who,
        today=office_today(),
    )
    return {"residence_ids": new_ids}


def _unit_path(request: Request, conn: DbConn, unit_id: str) -> list[str] | None:
    if not is_uuid(unit_id):
        return None
    return places.unit_path(
        conn,
        unit_id,
        housing_url=request.app.state.settings.housing_url,
        token=_token(request),
        request_id=request.headers.get("x-request-id"),
    )


@router.post("/{residence_id}/departure", responses=refusals(409))
def depart(residence_id: str, body: Departure, conn: DbConn, who: Writer) -> dict[str, str]:
    _known_id(residence_id)
    handlers.depart(
        conn,
        residence_id,
        body.departure_date,
        body.reason,
        who=who,
        today=office_today(),
    )
    return {"residence_id": residence_id, "status": "departed"}


@router.post("/{residence_id}/cancellation", responses=refusals(409))
def cancel(residence_id: str, body: Cancellation, conn: DbConn, who: Writer) -> dict[str, str]:
    _known_id(residence_id)
    handlers.cancel(conn, residence_id, body.reason, who=who)
    return {"residence_id": residence_id, "status": "cancelled"}


class HistoryEntry(BaseModel):
    """One event of the residence's stream, as recorded."""

    version: int
    type: str
    recorded_at: datetime
    data: dict[str, Any]


class MinorPublic(BaseModel):
    minor_id: str
    name: str
    sex: str
    birth_date: date
    relationship: str | None
    school_id: str | None
    school_name: str | None


class ResidencePublic(BaseModel):
    """A residence with its history and the minors declared with it."""

    id: str
    residence_id: str
    person_id: str
    unit_id: str
    place_path: list[str]
    arrival_date: date
    departure_date: date | None
    status: Status
    version: int
    history: list[HistoryEntry]
    minors: list[MinorPublic]


@router.get("/{residence_id}")
def read(residence_id: str, request: Request, conn: DbConn, who: Reader) -> ResidencePublic:
    """The full declaration, its employer and minors: an audited read of the person."""
    _known_id(residence_id)
    found = repo.residence(conn, residence_id)
    if found is None or not who.covers(found.place_path):
        raise handlers.NotFound(residence_id)
    viewed = audit.entry(PersonViewed, who, request, records=[found.person_id, residence_id])
    with conn.transaction():
        audit.record(conn, viewed)
        repo.add_view(conn, found.person_id, "viewed", viewed)
    history = [
        {"version": e.version, "type": e.type, "recorded_at": e.time, "data": e.data}
        for e in read_stream(conn, residence_stream(residence_id))
    ]
    return ResidencePublic.model_validate(
        {
            **found.__dict__,
            "residence_id": found.id,
            "history": history,
            "minors": repo.minors_of(conn, residence_id),
        }
    )


def _known_id(value: str) -> None:
    if not is_uuid(value):
        raise handlers.NotFound(value)
