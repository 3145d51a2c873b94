"""/api/houses: register, search, correct, cancel and restore houses; their rental filings
and inspections."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Request, status
from pydantic import BaseModel, Field

from liudong_events.auth import Principal
from liudong_events.days import office_today
from liudong_events.event_data import Department
from liudong_events.housing_events import (
    HouseCoordinatorAssigned,
    HouseFacts,
    HouseUse,
    Party,
    Tenant,
)
from liudong_events.iso_dates import IsoDate
from liudong_events.paging import Page, PageSize
from liudong_events.policy import require
from liudong_events.responses import SIGNED_IN, refusals
from liudong_events.service import DbConn
from liudong_housing import houses_repo
from liudong_housing.api.common import (
    CoordinatorAssignment,
    Phone,
    Text,
    coordinator_in_scope,
    known_id,
    visible_place,
)
from liudong_housing.domain.houses import (
    House,
    cancel_house,
    change_house,
    end_rental,
    file_rental,
    register_house,
    restore_house,
)
from liudong_housing.domain.inspections import HazardFound, record_inspection
from liudong_housing.journal import history
from liudong_housing.unit_page import masked_parties, masked_party, unit_page

router = APIRouter(prefix="/api/houses", tags=["houses"], responses=SIGNED_IN | refusals(404))
Reader = Annotated[Principal, require("house.read")]
Writer = Annotated[Principal, require("house.write")]
Inspector = Annotated[Principal, require("inspection.record")]
Assigner = Annotated[Principal, require("coordinator.manage")]


class PartyIn(BaseModel):
    kind: Literal["person", "company"] = "person"
    name: str = Field(min_length=1, max_length=100)
    id_number: str | None = Field(
        default=None,
        max_length=32,
        description="a person's ID number or a company's credit code; changing a house,"
        " null or as pages show it (masked) keeps the one on record",
    )
    phone: str | None = Field(
        default=None,
        pattern=r"^[\d\-+ *]{5,20}$",
        description="changing a house, null or as pages show it (masked) keeps the one on"
        " record; a masked one is taken for nothing else",
    )


class HouseIn(BaseModel):
    """What the register says about a house (房屋档案)."""

    archive_no: str = Field(min_length=1, max_length=40, description="房屋档案编号")
    use: HouseUse = Field(description="self_occupied 自住, rented 出租, vacant 空置, shop 商铺")
    capacity: int | None = Field(default=None, ge=1, le=1000, description="核定居住人数")
    floor_area: Decimal | None = Field(default=None, gt=0, le=100000, decimal_places=2)
    owner: PartyIn
    agent: PartyIn | None = None

    def facts(self) -> HouseFacts:
        return HouseFacts.model_validate(self.model_dump(include=set(HouseFacts.model_fields)))


class HouseCreate(HouseIn):
    unit_id: str


class Cancellation(BaseModel):
    reason: str = Field(min_length=1, max_length=200)


class TenantIn(BaseModel):
    name: str = Field(min_length=1, max_length=60)
    id_number: str | None = Field(default=None, max_length=32)
    phone: Phone | None = None


class RentalIn(BaseModel):
    tenants: list[TenantIn] = Field(min_length=1, max_length=50)
    start_date: IsoDate
    end_date: IsoDate
    monthly_rent: Decimal = Field(ge=0, le=10_000_000, decimal_places=2, description="元")


class RentalEnd(BaseModel):
    ended_on: IsoDate
    reason: Text | None = None


class HazardIn(BaseModel):
    category: Literal["public_order", "fire", "structure", "other"]
    description: str = Field(min_length=1, max_length=500)
    department: Department | None = Field(
        default=None, description="who receives the notice; by category when omitted"
    )


class InspectionIn(BaseModel):
    inspected_on: IsoDate
    findings: str | None = Field(default=None, max_length=2000)
    hazards: list[HazardIn] = Field(default_factory=list, max_length=50)


def _house(conn: DbConn, house_id: str, who: Principal, *, lock: bool = False) -> House:
    found = houses_repo.visible_house(conn, known_id(house_id, "房屋"), who, lock=lock)
    if found is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "房屋不存在或不在管辖范围内")
    return found[0]


@router.post("", status_code=status.HTTP_201_CREATED)
def register(body: HouseCreate, conn: DbConn, who: Writer) -> dict[str, str]:
    """A house on a unit in scope; a coordinator who registers it looks after it."""
    with conn.transaction():
        unit = visible_place(conn, body.unit_id, who, lock=True)
        facts = body.facts()
        event = register_house(
            unit,
            facts,
            unit_has_house=houses_repo.house_of_unit(conn, unit.id) is not None,
            archive_no_taken=houses_repo.archive_no_taken(conn, facts.archive_no),
            coordinator_id=who.user_id if who.role == "coordinator" else None,
        )
        houses_repo.add(conn, event, who.actor())
    return {"house_id": event.house_id}


@router.get("")
def search(
    conn: DbConn,
    who: Reader,
    place_id: str | None = None,
    archive_no: str | None = Query(default=None, description="its beginning"),
    owner: str | None = Query(default=None, description="the owner's name, or its beginning"),
    owner_id_number: str | None = Query(default=None, description="the owner's ID number"),
    agent: str | None = Query(default=None, description="the agent's name, or its beginning"),
    address: str | None = Query(default=None, description="a part of the unit's address"),
    use: HouseUse | None = None,
    cancelled: bool | None = None,
    coordinator_id: str | None = None,
    over_capacity: bool | None = Query(default=None, description="more residents than allowed"),
    page: Page = 1,
    page_size: PageSize = 20,
) -> dict[str, Any]:
    """Houses in scope matching every filter given, by archive number."""
    if place_id is not None:
        visible_place(conn, place_id, who)
    if coordinator_id is not None:
        known_id(coordinator_id, "协管员")
    query = houses_repo.HouseQuery(
        place_id=place_id,
        archive_no=archive_no,
        owner=owner,
        owner_id_number=owner_id_number,
        agent=agent,
        address=address,
        use=use,
        cancelled=cancelled,
        coordinator_id=coordinator_id,
        over_capacity=over_capacity,
    )
    items, total = houses_repo.search(conn, who, query, page=page, page_size=page_size)
    return {"items": [masked_parties(item) for item in items], "total": total}


@router.get("/{house_id}")
def read(house_id: str, request: Request, conn: DbConn, who: Reader) -> dict[str, Any]:
    """The house's page: its unit, owner, agent, rentals, occupants, inspections, notices."""
    house = _house(conn, house_id, who)
    return unit_page(conn, house.unit_id, who, request)


def numbers_kept(facts: HouseFacts, recorded: HouseFacts) -> HouseFacts:
    """`facts` with the owner's and agent's numbers on record kept where the caller did not
    give new ones.

    Every page and list shows a person's ID number and any phone masked, and a PUT replaces
    every fact: a client that only ever sees the masked numbers could not send them back.
    So an `id_number` or `phone` that is omitted (null) or equal to its masked form as pages
    show it keeps the number on record, as long as the party is still of the same kind (a
    person who became a company, or back, keeps nothing). Pure.
    """
    return facts.model_copy(
        update={
            "owner": _party_kept(facts.owner, recorded.owner),
            "agent": _party_kept(facts.agent, recorded.agent),
        }
    )


def _party_kept(sent: Party | None, recorded: Party | None) -> Party | None:
    if sent is None or recorded is None or sent.kind != recorded.kind:
        return sent
    on_record = recorded.model_dump()
    shown = masked_party(on_record) or {}
    update = {
        key: on_record[key]
        for key in ("id_number", "phone")
        if getattr(sent, key) in (None, shown[key])
    }
    return sent.model_copy(update=update)


@router.put("/{house_id}")
def change(house_id: str, body: HouseIn, conn: DbConn, who: Writer) -> dict[str, Any]:
    """The entry as it now stands; the owner's and agent's numbers left out, or sent back
    masked as pages show them, stay as recorded (`numbers_kept`)."""
    with conn.transaction():
        house = _house(conn, house_id, who, lock=True)
        facts = numbers_kept(body.facts(), house.facts)
        event = change_house(
            house,
            facts,
            archive_no_taken=houses_repo.archive_no_taken(conn, facts.archive_no),
        )
        if event is not None:
            houses_repo.save_change(conn, event, who.actor())
    return {"house_id": house_id}


@router.post("/{house_id}/cancellation")
def cancel(house_id: str, body: Cancellation, conn: DbConn, who: Writer) -> dict[str, str]:
    """The house is gone (拆迁): no check-ins at its unit until it is restored."""
    with conn.transaction():
        house = _house(conn, house_id, who, lock=True)
        houses_repo.save_cancellation(conn, cancel_house(house, body.reason), who.actor())
    return {"house_id": house_id, "status": "cancelled"}


@router.post("/{house_id}/restoration")
def restore(house_id: str, conn: DbConn, who: Writer) -> dict[str, str]:
    """Back in the register, for rent (恢复出租)."""
    with conn.transaction():
        house = _house(conn, house_id, who, lock=True)
        houses_repo.save_restoration(conn, restore_house(house), who.actor())
    return {"house_id": house_id, "status": "active"}


@router.get("/{house_id}/history")
def read_history(house_id: str, conn: DbConn, who: Reader) -> dict[str, Any]:
    """Every change of the house, its rentals, inspections and notices: when and by whom."""
    _house(conn, house_id, who)
    events = history(conn, houses_repo.stream_id(house_id))
    return {"items": [{**e, "data": masked_parties(e["data"])} for e in events]}


@router.put("/{house_id}/coordinator")
def assign_coordinator(
    house_id: str, body: CoordinatorAssignment, conn: DbConn, who: Assigner
) -> dict[str, Any]:
    """The coordinator who visits the house (null: none)."""
    with conn.transaction():
        house = _house(conn, house_id, who, lock=True)
        coordinator_in_scope(conn, body, who)
        if body.coordinator_id != house.coordinator_id:
            event = HouseCoordinatorAssigned(house_id=house.id, coordinator_id=body.coordinator_id)
            houses_repo.save_coordinator(conn, event, who.actor())
    return {"house_id": house_id, "coordinator_id": body.coordinator_id}


# Rental filings


@router.post("/{house_id}/rentals", status_code=status.HTTP_201_CREATED)
def file(house_id: str, body: RentalIn, conn: DbConn, who: Writer) -> dict[str, str]:
    """File a rental contract (租赁合同备案)."""
    with conn.transaction():
        house = _house(conn, house_id, who, lock=True)
        tenants = [Tenant(**t.model_dump()) for t in body.tenants]
        event = file_rental(house, tenants, body.start_date, body.end_date, body.monthly_rent)
        houses_repo.add_rental(conn, event, who.actor())
    return {"rental_id": event.rental_id}


@router.get("/{house_id}/rentals")
def list_rentals(house_id: str, conn: DbConn, who: Reader) -> dict[str, Any]:
    """Every rental filing of the house, newest first, its tenants masked."""
    _house(conn, house_id, who)
    rentals = houses_repo.rentals(conn, house_id, office_today())
    return {"items": [masked_parties(r) for r in rentals]}


@router.post("/{house_id}/rentals/{rental_id}/end")
def end(
    house_id: str, rental_id: str, body: RentalEnd, conn: DbConn, who: Writer
) -> dict[str, str]:
    """A rental ended before its term."""
    with conn.transaction():
        _house(conn, house_id, who, lock=True)
        rental = houses_repo.rental(conn, house_id, known_id(rental_id, "租赁备案"))
        if rental is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, "租赁备案不存在")
        event = end_rental(rental, body.ended_on, body.reason)
        houses_repo.save_rental_end(conn, event, who.actor())
    return {"rental_id": rental_id, "status": "ended"}


# Inspections


@router.post("/{house_id}/inspections", status_code=status.HTTP_201_CREATED)
def inspect(house_id: str, body: InspectionIn, conn: DbConn, who: Inspector) -> dict[str, Any]:
    """An inspection; each hazard becomes a notice to the department concerned."""
    with conn.transaction():
        found = houses_repo.visible_house(conn, known_id(house_id, "房屋"), who, lock=True)
        if found is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, "房屋不存在或不在管辖范围内")
        house, path = found
        event = record_inspection(
            house,
            path,
            who.user_id,
            body.inspected_on,
            body.findings,
            [HazardFound(h.category, h.description, h.department) for h in body.hazards],
            today=office_today(),
        )
        houses_repo.add_inspection(conn, event, who.actor())
    return {
        "inspection_id": event.inspection_id,
        "notices": [
            {"notice_id": h.notice_id, "category": h.category, "department": h.department}
            for h in event.hazards
        ],
    }


@router.get("/{house_id}/inspections")
def list_inspections(house_id: str, conn: DbConn, who: Reader) -> dict[str, Any]:
    _house(conn, house_id, who)
    return {"items": houses_repo.inspections(conn, house_id)}
