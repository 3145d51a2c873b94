"""/api/residences: check-in, departure, cancellation, and a residence with its history."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Request, status
from pydantic import BaseModel, Field

from liudong_events.auth import Principal
from liudong_events.catalog import Capture, Employment
from liudong_events.ids import is_uuid
from liudong_events.policy import require
from liudong_events.service import DbConn
from liudong_events.store import read_stream
from liudong_registry import handlers, places, repo
from liudong_registry.domain.identity import FieldError
from liudong_registry.domain.residences import (
    CheckIn,
    DeclarationInvalid,
    MinorDetails,
    PersonDetails,
    residence_stream,
)

router = APIRouter(prefix="/api/residences", tags=["residences"])
Reader = Annotated[Principal, require("residence.read")]
Writer = Annotated[Principal, require("residence.write")]

HousingType = Literal[
    "rented", "dormitory", "construction_site", "own_house", "relative_friend", "hotel_other"
]
Reason = Literal["work", "business", "study", "family", "medical", "other"]


Phone = Annotated[str, Field(pattern=r"^[\d\-+ ]{5,20}$")]
Code = Annotated[str, Field(min_length=1, max_length=12, description="a code-table code")]
Text = Annotated[str, Field(max_length=200)]


class PersonIn(BaseModel):
    """申报人: required fields first; coded ones take codes of /api/dictionaries/{table}."""

    id_number: str = Field(min_length=1, max_length=32)
    name: str = Field(min_length=1, max_length=60)
    sex: Literal["1", "2"]
    ethnicity: Annotated[str, Field(pattern=r"^\d{2}$")]
    birth_date: date
    phone: Phone | None = None
    hukou_address: Text | None = Field(default=None, description="户籍地址")
    hukou_type: Code | None = Field(default=None, description="户口性质 (hukou_type)")
    marital_status: Code | None = Field(default=None, description="婚姻状况 (marital_status)")
    political_status: Code | None = Field(default=None, description="政治面貌")
    education: Code | None = Field(default=None, description="学历 (education)")
    military_service: Code | None = Field(default=None, description="服兵役情况")
    id_type: Literal["resident", "hmt_permit", "foreign_pr", "passport"] | None = Field(
        default=None, description="证件类型; omit to tell it from the number (passports: say so)"
    )
    nationality: Code | None = Field(default=None, description="国籍 (country), with a passport")


class EmployerIn(BaseModel):
    name: Text = Field(min_length=1)
    contact_person: Text | None = None
    phone: Phone | None = None
    address: Text | None = None


class EmploymentIn(BaseModel):
    has_local_employer: bool | None = None
    occupation: Text | None = None
    employer: EmployerIn | None = None
    years_worked: int | None = Field(default=None, ge=0, le=80)
    labour_contract: bool | None = None
    social_insurance: bool | None = None


class CaptureIn(BaseModel):
    channel: Literal["typed", "card", "self_declared", "imported"] = "typed"
    reader_id: Text | None = None
    chip_serial: Text | None = None
    batch_id: Text | None = None


class MinorIn(BaseModel):
    """随行未成年家庭成员: a child who came with the declarant."""

    name: str = Field(min_length=1, max_length=60)
    sex: Literal["1", "2"]
    birth_date: date
    id_number: str | None = Field(default=None, max_length=32)
    relationship: Text | None = None
    school_id: str | None = None


class ResidenceCreate(BaseModel):
    unit_id: str
    arrival_date: date
    person: PersonIn
    housing_type: HousingType
    reason: Reason
    intended_stay_days: int | None = Field(default=None, ge=1, le=36500)
    applies_for_permit: bool | None = Field(default=None, description="是否申领居住证")
    employment: EmploymentIn | None = None
    capture: CaptureIn = Field(default_factory=CaptureIn)
    minors: list[MinorIn] = Field(default_factory=list, max_length=10)


class ResidenceCreated(BaseModel):
    residence_id: str
    person_id: str
    status: str = "active"


class Departure(BaseModel):
    departure_date: date
    reason: str | None = Field(default=None, max_length=200)


class Cancellation(BaseModel):
    reason: str = Field(min_length=1, max_length=200)


def _token(request: Request) -> str:
    return request.headers.get("authorization", "").removeprefix("Bearer ").strip()


@router.post("", status_code=status.HTTP_201_CREATED)
def check_in(
    body: ResidenceCreate, request: Request, conn: DbConn, who: Writer
) -> ResidenceCreated:
    path = _unit_path(request, conn, body.unit_id)
    if path is None or not who.covers(path):
        # Unknown and out of scope answer alike: a unit's existence is not revealed.
        raise HTTPException(status.HTTP_404_NOT_FOUND, "房屋不存在或不在管辖范围内")
    cmd = command(body, path, Capture.model_validate(body.capture.model_dump()))
    residence_id, person_id = handlers.check_in(conn, cmd, today=date.today(), actor=who.actor())
    return ResidenceCreated(residence_id=residence_id, person_id=person_id)


def command(body: ResidenceCreate, unit_path: list[str], capture: Capture) -> CheckIn:
    """The check-in a declaration body asks for."""
    return CheckIn(
        unit_id=body.unit_id,
        unit_path=unit_path,
        arrival_date=body.arrival_date,
        person=PersonDetails(**body.person.model_dump()),
        housing_type=body.housing_type,
        reason=body.reason,
        intended_stay_days=body.intended_stay_days,
        applies_for_permit=body.applies_for_permit,
        employment=Employment.model_validate(body.employment.model_dump())
        if body.employment
        else None,
        capture=capture,
        minors=tuple(MinorDetails(**m.model_dump()) for m in body.minors),
    )


class HouseholdMove(BaseModel):
    """Several people out of their units and into one unit, in one command."""

    residence_ids: list[str] = Field(min_length=1, max_length=50)
    unit_id: str
    arrival_date: date


@router.post("/household-move", status_code=status.HTTP_201_CREATED)
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
        today=date.today(),
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


@router.post("/{residence_id}/departure")
def depart(residence_id: str, body: Departure, conn: DbConn, who: Writer) -> dict[str, str]:
    _known_id(residence_id)
    handlers.depart(
        conn,
        residence_id,
        body.departure_date,
        body.reason,
        who=who,
        today=date.today(),
    )
    return {"residence_id": residence_id, "status": "departed"}


@router.post("/{residence_id}/cancellation")
def cancel(residence_id: str, body: Cancellation, conn: DbConn, who: Writer) -> dict[str, str]:
    _known_id(residence_id)
    handlers.cancel(conn, residence_id, body.reason, who=who)
    return {"residence_id": residence_id, "status": "cancelled"}


@router.get("/{residence_id}")
def read(residence_id: str, conn: DbConn, who: Reader) -> dict[str, Any]:
    _known_id(residence_id)
    found = repo.residence(conn, residence_id)
    if found is None or not who.covers(found.place_path):
        raise handlers.NotFound(residence_id)
    history = [
        {"version": e.version, "type": e.type, "recorded_at": e.time, "data": e.data}
        for e in read_stream(conn, residence_stream(residence_id))
    ]
    return {
        **found.__dict__,
        "residence_id": found.id,
        "history": history,
        "minors": repo.minors_of(conn, residence_id),
    }


def _known_id(value: str) -> None:
    if not is_uuid(value):
        raise handlers.NotFound(value)
