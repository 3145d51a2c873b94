"""Residences: check-in, departure (a move when the person checks in elsewhere), cancellation.

Pure decisions: given what is known now, say which events to append to which streams, or
say which fields are wrong. One rule above all: a person has at most one active residence.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from liudong_events.catalog import (
    Capture,
    Employment,
    EventData,
    Minor,
    PersonRegistered,
    ResidenceCancelled,
    ResidenceCheckedIn,
    ResidenceDeparted,
)
from liudong_events.ids import new_id
from liudong_registry.domain.identity import (
    FieldError,
    IdCheck,
    IdType,
    check_agreement,
    check_id_number,
)

Status = Literal["active", "departed", "cancelled"]


class DeclarationInvalid(Exception):
    """Wrong fields, all of them at once (422)."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in errors))
        self.errors = errors


class StateConflict(Exception):
    """The record is not in a state that allows this (409)."""


@dataclass(frozen=True)
class PersonDetails:
    id_number: str
    name: str
    sex: Literal["1", "2"]
    ethnicity: str
    birth_date: date
    phone: str | None = None
    hukou_address: str | None = None
    hukou_type: str | None = None
    marital_status: str | None = None
    political_status: str | None = None
    education: str | None = None
    military_service: str | None = None
    id_type: IdType | None = None  # None: told by the number; "passport" must be said
    nationality: str | None = None  # ISO 3166 alpha-3, required with a passport


@dataclass(frozen=True)
class MinorDetails:
    name: str
    sex: Literal["1", "2"]
    birth_date: date
    id_number: str | None = None
    relationship: str | None = None
    school_id: str | None = None


@dataclass(frozen=True)
class CheckIn:
    unit_id: str
    unit_path: list[str]
    arrival_date: date
    person: PersonDetails
    housing_type: str
    reason: str
    intended_stay_days: int | None = None
    applies_for_permit: bool | None = None
    employment: Employment | None = None
    capture: Capture = field(default_factory=Capture)
    minors: tuple[MinorDetails, ...] = ()


# The declaration's person fields beyond the ID card's.
PERSON_DETAIL_FIELDS = (
    "hukou_address",
    "hukou_type",
    "marital_status",
    "political_status",
    "education",
    "military_service",
)
# What a correction may change (not the document's kind).
AMENDABLE = ("id_number", "name", "sex", "ethnicity", "birth_date", "phone", *PERSON_DETAIL_FIELDS)

# Coded fields and the code table each must come from: (field as reported, table).
PERSON_CODES = {
    "nationality": "country",
    "ethnicity": "ethnicity",
    "hukou_type": "hukou_type",
    "marital_status": "marital_status",
    "political_status": "political_status",
    "education": "education",
    "military_service": "military_service",
}
RESIDENCE_CODES = {"housing_type": "housing_type", "reason": "residence_reason"}
KnownCode = Callable[[str, str], bool]


def code_errors(
    values: dict[str, object], codes: dict[str, str], known: KnownCode
) -> list[FieldError]:
    """A coded value that is not in its table is named with its field."""
    return [
        FieldError(name, f"代码 {values[name]} 不在{table}代码表中")
        for name, table in codes.items()
        if isinstance(values.get(name), str) and not known(table, str(values[name]))
    ]


def capture_errors(capture: Capture) -> list[FieldError]:
    if capture.channel == "card" and not capture.reader_id:
        return [FieldError("capture.reader_id", "读卡录入须记录读卡器编号")]
    if capture.channel == "imported" and not capture.batch_id:
        return [FieldError("capture.batch_id", "导入记录须记录批次号")]
    return []


@dataclass(frozen=True)
class Residence:
    id: str
    person_id: str
    unit_id: str
    place_path: list[str]
    arrival_date: date
    departure_date: date | None
    status: Status
    version: int


@dataclass
class Decision:
    """Appends to make, each `(stream, version before, events)`, keyed by person id."""

    person_id: str
    partition_key: str
    appends: list[tuple[str, int, list[EventData]]] = field(default_factory=list)


def person_stream(person_id: str) -> str:
    return f"person-{person_id}"


def residence_stream(residence_id: str) -> str:
    return f"residence-{residence_id}"


def identify(details: PersonDetails, *, today: date) -> IdCheck:
    """The document's normalised number and kind (for looking the person up)."""
    if details.id_type == "passport":
        return check_id_number(details.id_number, today=today, id_type="passport")
    return check_id_number(details.id_number, today=today)


def person_errors(
    details: PersonDetails, *, today: date, check: IdCheck | None = None
) -> tuple[str, list[FieldError]]:
    """The normalised ID number and every wrong person field (`check`: the document's,
    when the caller has it already)."""
    check = check or identify(details, today=today)
    errors = list(check.errors)
    if not check.errors and check.id_type != "passport":
        errors += check_agreement(check, details.sex, details.birth_date)
    if check.id_type == "passport" and not details.nationality:
        errors.append(FieldError("nationality", "国籍, 必须录入, 不能为空!"))
    if not details.name.strip():
        errors.append(FieldError("name", "姓名, 必须录入, 不能为空!"))
    return check.number, errors


def _arrival_errors(cmd: CheckIn, active: Residence | None, today: date) -> list[FieldError]:
    errors = []
    if cmd.arrival_date > today:
        errors.append(FieldError("arrival_date", "到达日期不能晚于今天"))
    elif cmd.arrival_date < cmd.person.birth_date:
        errors.append(FieldError("arrival_date", "到达日期早于出生日期"))
    if active is not None and active.unit_id == cmd.unit_id:
        errors.append(FieldError("unit_id", "该人员已在此房屋登记居住"))
    elif active is not None and cmd.arrival_date < active.arrival_date:
        errors.append(FieldError("arrival_date", "到达日期早于上一居住地的到达日期"))
    return errors


def check_in_errors(
    cmd: CheckIn,
    active: Residence | None,
    *,
    today: date,
    known: KnownCode,
    document: IdCheck | None = None,
) -> list[FieldError]:
    """Every wrong field of a declaration, given the person's active residence if any."""
    _number, errors = person_errors(cmd.person, today=today, check=document)
    errors += _arrival_errors(cmd, active, today)
    errors += code_errors(vars(cmd.person), PERSON_CODES, known)
    errors += code_errors(vars(cmd), RESIDENCE_CODES, known)
    for i, minor in enumerate(cmd.minors):
        errors += minor_errors(minor, f"minors.{i}", cmd.arrival_date, today=today)
    return errors + capture_errors(cmd.capture)


def minor_errors(minor: MinorDetails, at: str, arrival: date, *, today: date) -> list[FieldError]:
    """A minor is under 18 on arrival; an ID number, if given, must be valid and agree."""
    errors = []
    if not minor.name.strip():
        errors.append(FieldError(f"{at}.name", "姓名, 必须录入, 不能为空!"))
    eighteenth = _add_years(minor.birth_date, 18)
    if minor.birth_date > min(arrival, today) or eighteenth <= arrival:
        errors.append(FieldError(f"{at}.birth_date", "随行未成年人到达时应未满18周岁"))
    if minor.id_number:
        check = check_id_number(minor.id_number, today=today)
        errors += [FieldError(f"{at}.{e.field}", e.message) for e in check.errors]
        if not check.errors:
            errors += [
                FieldError(f"{at}.{e.field}", e.message)
                for e in check_agreement(check, minor.sex, minor.birth_date)
            ]
    return errors


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def decide_check_in(
    cmd: CheckIn,
    *,
    person_id: str | None,
    active: Residence | None,
    today: date,
    known: KnownCode,
    document: IdCheck | None = None,
) -> tuple[Decision, str]:
    """Check a person in; an active residence elsewhere ends as a move on the arrival date.
    `document`: the person's document as `identify` found it, when the caller has it."""
    document = document or identify(cmd.person, today=today)
    errors = check_in_errors(cmd, active, today=today, known=known, document=document)
    number, id_type = document.number, document.id_type
    if errors:
        raise DeclarationInvalid(errors)
    pid = person_id or new_id()
    residence_id = new_id()
    decision = Decision(person_id=pid, partition_key=pid)
    if person_id is None:
        p = cmd.person
        decision.appends.append(
            (
                person_stream(pid),
                0,
                [
                    PersonRegistered(
                        person_id=pid,
                        id_number=number,
                        name=p.name.strip(),
                        **{
                            k: v
                            for k, v in vars(p).items()
                            if k not in ("id_number", "name", "id_type")
                        },
                        id_type=id_type,
                    )
                ],
            )
        )
    if active is not None:
        decision.appends.append(
            (
                residence_stream(active.id),
                active.version,
                [
                    ResidenceDeparted(
                        residence_id=active.id,
                        person_id=pid,
                        unit_id=active.unit_id,
                        place_path=active.place_path,
                        departure_date=cmd.arrival_date,
                        reason="move",
                        moved_to_residence_id=residence_id,
                    )
                ],
            )
        )
    decision.appends.append(
        (
            residence_stream(residence_id),
            0,
            [
                ResidenceCheckedIn(
                    residence_id=residence_id,
                    person_id=pid,
                    person_name=cmd.person.name.strip(),
                    unit_id=cmd.unit_id,
                    place_path=cmd.unit_path,
                    arrival_date=cmd.arrival_date,
                    sex=cmd.person.sex,
                    birth_date=cmd.person.birth_date,
                    origin_region=number[:6],
                    housing_type=cmd.housing_type,
                    reason=cmd.reason,
                    intended_stay_days=cmd.intended_stay_days,
                    moved_from_residence_id=active.id if active else None,
                    applies_for_permit=cmd.applies_for_permit,
                    employment=cmd.employment,
                    capture=cmd.capture,
                    minors=[
                        Minor(
                            minor_id=str(uuid.uuid4()),
                            **{
                                **vars(m),
                                "name": m.name.strip(),
                                "id_number": check_id_number(m.id_number, today=today).number
                                if m.id_number
                                else None,
                            },
                        )
                        for m in cmd.minors
                    ],
                )
            ],
        )
    )
    return decision, residence_id


def decide_departure(
    residence: Residence, departure_date: date, reason: str | None, *, today: date
) -> ResidenceDeparted:
    if residence.status != "active":
        raise StateConflict(f"residence is {residence.status}")
    errors = []
    if departure_date < residence.arrival_date:
        errors.append(FieldError("departure_date", "离开日期早于到达日期"))
    if departure_date > today:
        errors.append(FieldError("departure_date", "离开日期不能晚于今天"))
    if errors:
        raise DeclarationInvalid(errors)
    return ResidenceDeparted(
        residence_id=residence.id,
        person_id=residence.person_id,
        unit_id=residence.unit_id,
        place_path=residence.place_path,
        departure_date=departure_date,
        reason=reason,
    )


def decide_cancellation(residence: Residence, reason: str) -> ResidenceCancelled:
    if residence.status == "cancelled":
        raise StateConflict("residence is already cancelled")
    if not reason.strip():
        raise DeclarationInvalid([FieldError("reason", "注销原因, 必须录入, 不能为空!")])
    return ResidenceCancelled(
        residence_id=residence.id,
        person_id=residence.person_id,
        unit_id=residence.unit_id,
        place_path=residence.place_path,
        reason=reason.strip(),
    )


def raw_declaration_errors(body: dict[str, Any], today: date, known: KnownCode) -> list[FieldError]:
    """The declaration's rules on whatever fields of a raw (not yet valid) body are usable,
    so a structurally broken request still hears about its wrong ID number or codes."""
    raw_person = body.get("person")
    person: dict[str, object] = raw_person if isinstance(raw_person, dict) else {}
    errors: list[FieldError] = []
    number = person.get("id_number")
    if isinstance(number, str) and number:
        passport = person.get("id_type") == "passport"
        check = check_id_number(number, today=today, id_type="passport" if passport else None)
        errors += check.errors
        sex, born = person.get("sex"), _date(person.get("birth_date"))
        if not check.errors and not passport and sex in ("1", "2") and born:
            errors += check_agreement(check, sex, born)
    errors += code_errors(person, PERSON_CODES, known)
    arrival = _date(body.get("arrival_date"))
    if arrival and arrival > today:
        errors.append(FieldError("arrival_date", "到达日期不能晚于今天"))
    return errors


def _date(value: object) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
