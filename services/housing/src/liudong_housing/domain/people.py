"""Coordinators (协管员), employers (企业) and their staff, and compounds' five-in-one
record: who looks after houses, who employs the residents. Pure."""

from __future__ import annotations

import uuid
from datetime import date

from stdnum.cn import uscc

from liudong_events.housing_events import (
    Company,
    CompoundProfileSet,
    CoordinatorRegistered,
    EmployeeJoined,
    EmployeeLeft,
    EmployerRegistered,
    Location,
)
from liudong_housing.domain.places import Place
from liudong_housing.domain.rules import RuleBroken, refuse_if

EMPLOYER_PLACES = ("station", "community", "compound", "building")


def _credit_code(code: str | None, field: str) -> list[tuple[str, str]]:
    return [(field, "统一社会信用代码有误")] if code and not uscc.is_valid(code) else []


def set_compound_profile(
    compound: Place,
    developer: Company | None,
    builder: Company | None,
    property_company: Company | None,
    location: Location | None = None,
) -> CompoundProfileSet:
    """The compound's developer, builder and property company (五位一体), and where it
    stands."""
    problems = []
    if compound.kind != "compound":
        problems.append(("compound_id", "五位一体只能登记到小区"))
    for field, company in (
        ("developer", developer),
        ("builder", builder),
        ("property_company", property_company),
    ):
        problems += _credit_code(company.credit_code if company else None, f"{field}.credit_code")
    refuse_if(problems)
    return CompoundProfileSet(
        compound_id=compound.id,
        developer=developer,
        builder=builder,
        property_company=property_company,
        location=location,
    )


def register_coordinator(
    place: Place, name: str, phone: str | None, user_id: str | None
) -> CoordinatorRegistered:
    """A coordinator working in `place`; with a login, their id is the user's id."""
    if not name.strip():
        raise RuleBroken(("name", "姓名, 必须录入, 不能为空!"))
    if place.retired:
        raise RuleBroken(("place_id", "该地点已撤销"))
    return CoordinatorRegistered(
        coordinator_id=user_id or str(uuid.uuid4()),
        name=name.strip(),
        phone=phone,
        place_id=place.id,
        place_path=place.path_ids,
    )


def register_employer(
    place: Place,
    name: str,
    credit_code: str | None,
    *,
    credit_code_taken: bool,
    address: str | None = None,
    contact_person: str | None = None,
    phone: str | None = None,
) -> EmployerRegistered:
    problems = _credit_code(credit_code, "credit_code")
    if not name.strip():
        problems.append(("name", "单位名称, 必须录入, 不能为空!"))
    if place.kind not in EMPLOYER_PLACES:
        problems.append(("place_id", "企业登记到派出所、社区、小区或楼栋"))
    elif place.retired:
        problems.append(("place_id", "该地点已撤销"))
    if credit_code_taken:
        problems.append(("credit_code", "该统一社会信用代码已登记"))
    refuse_if(problems)
    return EmployerRegistered(
        employer_id=str(uuid.uuid4()),
        name=name.strip(),
        credit_code=credit_code,
        place_id=place.id,
        place_path=place.path_ids,
        address=address,
        contact_person=contact_person,
        phone=phone,
    )


def hire(
    employer_id: str, person_id: str, since: date, *, person_known: bool, employed_now: bool
) -> EmployeeJoined:
    """A person of the registry joins the employer's staff (企业用工)."""
    if not person_known:
        raise RuleBroken(("person_id", "人员不存在, 请先登记居住信息"))
    if employed_now:
        raise RuleBroken(("person_id", "该人员已在本单位在职"))
    return EmployeeJoined(employer_id=employer_id, person_id=person_id, since=since)


def leave(employer_id: str, person_id: str, since: date | None, until: date) -> EmployeeLeft:
    if since is None:
        raise RuleBroken(("person_id", "该人员不在本单位在职"))
    if until < since:
        raise RuleBroken(("until", "离职日期不能早于入职日期"))
    return EmployeeLeft(employer_id=employer_id, person_id=person_id, until=until)
