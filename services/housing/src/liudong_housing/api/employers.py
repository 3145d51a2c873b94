"""/api/employers: employers (企业) and their migrant staff (企业用工)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request, status
from pydantic import BaseModel, Field

from liudong_events import audit
from liudong_events.auth import Principal
from liudong_events.housing_events import EmployerCoordinatorAssigned
from liudong_events.iso_dates import IsoDate
from liudong_events.paging import Page, PageSize
from liudong_events.policy import require
from liudong_events.responses import SIGNED_IN, refusals
from liudong_events.service import DbConn
from liudong_housing import people_repo
from liudong_housing.api.common import (
    CoordinatorAssignment,
    Phone,
    Text,
    coordinator_in_scope,
    known_id,
    visible_place,
)
from liudong_housing.domain.people import hire, leave, register_employer

router = APIRouter(prefix="/api/employers", tags=["employers"], responses=SIGNED_IN | refusals(404))
Reader = Annotated[Principal, require("employer.read")]
Writer = Annotated[Principal, require("employer.write")]
Assigner = Annotated[Principal, require("coordinator.manage")]


class EmployerCreate(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    credit_code: str | None = Field(default=None, max_length=18, description="统一社会信用代码")
    place_id: str
    address: Text | None = None
    contact_person: Text | None = None
    phone: Phone | None = None


class StaffJoin(BaseModel):
    person_id: str
    since: IsoDate


class StaffLeave(BaseModel):
    until: IsoDate


def _employer(
    conn: DbConn, employer_id: str, who: Principal, *, lock: bool = False
) -> dict[str, Any]:
    found = people_repo.employer(conn, known_id(employer_id, "企业"), who, lock=lock)
    if found is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "企业不存在或不在管辖范围内")
    return found


@router.post("", status_code=status.HTTP_201_CREATED)
def register(body: EmployerCreate, conn: DbConn, who: Writer) -> dict[str, str]:
    with conn.transaction():
        place = visible_place(conn, body.place_id, who)
        event = register_employer(
            place,
            body.name,
            body.credit_code,
            credit_code_taken=people_repo.credit_code_taken(conn, body.credit_code),
            address=body.address,
            contact_person=body.contact_person,
            phone=body.phone,
        )
        people_repo.add_employer(conn, event, who.actor())
        if who.role == "coordinator":
            assigned = EmployerCoordinatorAssigned(
                employer_id=event.employer_id, coordinator_id=who.user_id
            )
            people_repo.save_employer_coordinator(conn, assigned, who.actor())
    return {"employer_id": event.employer_id}


@router.get("")
def search(
    conn: DbConn,
    who: Reader,
    place_id: str | None = None,
    name: str | None = Query(default=None, description="a part of the name"),
    page: Page = 1,
    page_size: PageSize = 20,
) -> dict[str, Any]:
    """A page of the employers in scope, by name; `total` counts every one that matches."""
    if place_id is not None:
        visible_place(conn, place_id, who)
    items, total = people_repo.employers(conn, who, place_id, name, page=page, page_size=page_size)
    return {"items": items, "total": total}


@router.get("/{employer_id}")
def read(employer_id: str, request: Request, conn: DbConn, who: Reader) -> dict[str, Any]:
    """The employer and its staff, current first (put on the audit trail like a search)."""
    employer = _employer(conn, employer_id, who)
    staff = people_repo.staff(conn, employer_id)
    audit.searched(conn, who, request, [s["person_id"] for s in staff], ["employer_id"])
    return {**employer, "staff": staff}


@router.put("/{employer_id}/coordinator")
def assign_coordinator(
    employer_id: str, body: CoordinatorAssignment, conn: DbConn, who: Assigner
) -> dict[str, Any]:
    with conn.transaction():
        employer = _employer(conn, employer_id, who, lock=True)
        coordinator_in_scope(conn, body, who)
        if body.coordinator_id != employer["coordinator_id"]:
            event = EmployerCoordinatorAssigned(
                employer_id=employer_id, coordinator_id=body.coordinator_id
            )
            people_repo.save_employer_coordinator(conn, event, who.actor())
    return {"employer_id": employer_id, "coordinator_id": body.coordinator_id}


@router.post("/{employer_id}/staff", status_code=status.HTTP_201_CREATED)
def join(employer_id: str, body: StaffJoin, conn: DbConn, who: Writer) -> dict[str, str]:
    """A person of the registry joins the staff (known here from the registry's events)."""
    with conn.transaction():
        _employer(conn, employer_id, who, lock=True)
        person_id = known_id(body.person_id, "人员")
        event = hire(
            employer_id,
            person_id,
            body.since,
            person_known=people_repo.person_known(conn, person_id),
            employed_now=people_repo.employed_since(conn, employer_id, person_id) is not None,
        )
        people_repo.save_hire(conn, event, who.actor())
    return {"employer_id": employer_id, "person_id": person_id}


@router.post("/{employer_id}/staff/{person_id}/departure")
def depart(
    employer_id: str, person_id: str, body: StaffLeave, conn: DbConn, who: Writer
) -> dict[str, str]:
    with conn.transaction():
        _employer(conn, employer_id, who, lock=True)
        since = people_repo.employed_since(conn, employer_id, known_id(person_id, "人员"))
        people_repo.save_leave(conn, leave(employer_id, person_id, since, body.until), who.actor())
    return {"employer_id": employer_id, "person_id": person_id, "status": "left"}
