"""The check-in request: the body a clerk's form, a confirmed self-declaration and an
import row all send, and the command it becomes once the unit is placed in the tree."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field

from liudong_events.catalog import Capture, Employment
from liudong_events.iso_dates import IsoDate
from liudong_registry.domain.residences import CheckIn, MinorDetails, PersonDetails

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
    birth_date: IsoDate
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
    birth_date: IsoDate
    id_number: str | None = Field(default=None, max_length=32)
    relationship: Text | None = None
    school_id: str | None = None


class ResidenceCreate(BaseModel):
    unit_id: str
    arrival_date: IsoDate
    person: PersonIn
    housing_type: HousingType
    reason: Reason
    intended_stay_days: int | None = Field(default=None, ge=1, le=36500)
    applies_for_permit: bool | None = Field(default=None, description="是否申领居住证")
    employment: EmploymentIn | None = None
    capture: CaptureIn = Field(default_factory=CaptureIn)
    minors: list[MinorIn] = Field(default_factory=list, max_length=10)


def command(body: ResidenceCreate, unit_path: list[str], capture: Capture) -> CheckIn:
    """The check-in a declaration body asks for."""
    return CheckIn(
        unit_id=body.unit_id,
        unit_path=unit_path,
        arrival_date=body.arrival_date,
        person=PersonDetails(**vars(body.person)),  # the same fields, already valid
        housing_type=body.housing_type,
        reason=body.reason,
        intended_stay_days=body.intended_stay_days,
        applies_for_permit=body.applies_for_permit,
        employment=Employment.model_validate(body.employment.model_dump())
        if body.employment
        else None,
        capture=capture,
        minors=tuple(MinorDetails(**vars(m)) for m in body.minors),
    )
