"""The housing register's events, on `liudong.housing`: the place tree, houses and their
rentals, compounds' five-in-one record, coordinators, employers, inspections and notices.

Streams (and Kafka keys): a place's events on `place-<id>` keyed by the place id; a house's
own events, its rentals, inspections and notices on `house-<id>` keyed by the house id; a
coordinator's on `coordinator-<id>`, an employer's on `employer-<id>`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import Field

from liudong_events.event_data import Department, EventData, PathStep, PlaceKind


class PlaceCreated(EventData):
    """A place joined the tree; `path` runs from the root down to the place itself."""

    place_id: str
    kind: PlaceKind
    name: str
    parent_id: str | None
    code: str | None = None
    path: list[PathStep]


class PlaceOfficerAssigned(EventData):
    """The responsible officer (管辖民警) of a community, compound or building, or none
    (`officer_id` null). A search by officer finds whoever lives under their places."""

    place_id: str
    officer_id: str | None
    officer_name: str | None = None


class PlaceRenamed(EventData):
    """A place's name or code changed; its id, and so everything recorded under it, stays."""

    place_id: str
    name: str
    code: str | None = None


class PlaceMoved(EventData):
    """A place now hangs under another parent of the same kind; `path` is its new path from
    the root. Everything under it moves with it: a consumer rewrites the paths it holds
    that pass through `old_path`."""

    place_id: str
    parent_id: str
    path: list[PathStep]
    old_path: list[str] = Field(description="the place's path ids before the move")


class PlaceRetired(EventData):
    """A place no longer in use (merged, demolished): kept for history, takes nothing new."""

    place_id: str
    reason: str


class StandardAddress(EventData):
    """A unit's standard address (标准地址) beside its everyday descriptive address."""

    street: str = Field(description="街路巷")
    door_no: str = Field(description="门楼牌号")
    room: str | None = Field(default=None, description="房号")
    description: str | None = Field(default=None, description="everyday descriptive address")


class PlaceAddressSet(EventData):
    place_id: str
    address: StandardAddress


HouseUse = Literal["self_occupied", "rented", "vacant", "shop"]


class Party(EventData):
    """An owner or agent: a person (ID number) or a company (unified social credit code)."""

    kind: Literal["person", "company"]
    name: str
    id_number: str | None = Field(
        default=None, description="a person's ID number or a company's credit code"
    )
    phone: str | None = None


class HouseFacts(EventData):
    """What a house register entry says about a house (房屋档案)."""

    archive_no: str = Field(description="房屋档案编号")
    use: HouseUse
    capacity: int | None = Field(default=None, description="the most occupants allowed")
    floor_area: Decimal | None = Field(default=None, description="square metres")
    owner: Party
    agent: Party | None = None


class HouseRegistered(EventData):
    house_id: str
    unit_id: str
    place_path: list[str] = Field(description="place ids from district down to the unit")
    facts: HouseFacts
    coordinator_id: str | None = None


class HouseChanged(EventData):
    """The register entry corrected or updated: `facts` as they now stand."""

    house_id: str
    unit_id: str
    facts: HouseFacts


class HouseCancelled(EventData):
    """The house no longer exists (拆迁): it takes no check-ins until restored."""

    house_id: str
    unit_id: str
    reason: str


class HouseRestored(EventData):
    """The house is back in the register, for rent (恢复出租)."""

    house_id: str
    unit_id: str


class HouseCoordinatorAssigned(EventData):
    house_id: str
    coordinator_id: str | None


class Tenant(EventData):
    name: str
    id_number: str | None = None
    phone: str | None = None


class RentalFiled(EventData):
    """A rental contract filed (租赁合同备案)."""

    rental_id: str
    house_id: str
    unit_id: str
    tenants: list[Tenant]
    start_date: date
    end_date: date
    monthly_rent: Decimal = Field(description="yuan")


class RentalEnded(EventData):
    """A filed rental ended before its term (the term's end needs no event)."""

    rental_id: str
    house_id: str
    ended_on: date
    reason: str | None = None


class Company(EventData):
    name: str
    credit_code: str | None = Field(default=None, description="统一社会信用代码")
    contact_person: str | None = None
    phone: str | None = None


class Location(EventData):
    """Where a place stands, as a Chinese map gives it (GCJ-02 longitude and latitude)."""

    lng: float = Field(ge=-180, le=180, description="经度")
    lat: float = Field(ge=-90, le=90, description="纬度")


class CompoundProfileSet(EventData):
    """A compound's five-in-one record (五位一体): its developer, builder and property
    company; the compound is the place, the residents come from the registry. Its location
    places it on the big screen's map."""

    compound_id: str
    developer: Company | None = None
    builder: Company | None = None
    property_company: Company | None = None
    location: Location | None = None


class CoordinatorRegistered(EventData):
    """A housing coordinator (协管员); with a login, `coordinator_id` is their user id."""

    coordinator_id: str
    name: str
    phone: str | None = None
    place_id: str
    place_path: list[str]


class CoordinatorPhotoSet(EventData):
    """A new photo (the image itself stays in housing; its digest travels)."""

    coordinator_id: str
    sha256: str
    content_type: str


class EmployerRegistered(EventData):
    employer_id: str
    name: str
    credit_code: str | None = None
    place_id: str
    place_path: list[str]
    address: str | None = None
    contact_person: str | None = None
    phone: str | None = None


class EmployerCoordinatorAssigned(EventData):
    employer_id: str
    coordinator_id: str | None


class EmployeeJoined(EventData):
    """A person of the registry works for the employer (企业用工) from `since`."""

    employer_id: str
    person_id: str
    since: date


class EmployeeLeft(EventData):
    employer_id: str
    person_id: str
    until: date


HazardCategory = Literal["public_order", "fire", "structure", "other"]


class Hazard(EventData):
    """A hazard found, and the notice that sends it to the department concerned."""

    notice_id: str
    category: HazardCategory
    department: Department
    description: str


class InspectionRecorded(EventData):
    """A coordinator inspected a rental; each hazard raises a notice."""

    inspection_id: str
    house_id: str
    unit_id: str
    place_path: list[str]
    inspected_on: date
    inspector_id: str
    findings: str | None = None
    hazards: list[Hazard] = Field(default_factory=list)


class NoticeFollowedUp(EventData):
    """The department's follow-up of a hazard notice; `closed` ends it."""

    notice_id: str
    house_id: str
    status: Literal["in_progress", "closed"]
    note: str


HOUSING_EVENTS: dict[str, type[EventData]] = {
    "liudong.place.created": PlaceCreated,
    "liudong.place.officer_assigned": PlaceOfficerAssigned,
    "liudong.place.renamed": PlaceRenamed,
    "liudong.place.moved": PlaceMoved,
    "liudong.place.retired": PlaceRetired,
    "liudong.place.address_set": PlaceAddressSet,
    "liudong.house.registered": HouseRegistered,
    "liudong.house.changed": HouseChanged,
    "liudong.house.cancelled": HouseCancelled,
    "liudong.house.restored": HouseRestored,
    "liudong.house.coordinator_assigned": HouseCoordinatorAssigned,
    "liudong.rental.filed": RentalFiled,
    "liudong.rental.ended": RentalEnded,
    "liudong.compound.profile_set": CompoundProfileSet,
    "liudong.coordinator.registered": CoordinatorRegistered,
    "liudong.coordinator.photo_set": CoordinatorPhotoSet,
    "liudong.employer.registered": EmployerRegistered,
    "liudong.employer.coordinator_assigned": EmployerCoordinatorAssigned,
    "liudong.employee.joined": EmployeeJoined,
    "liudong.employee.left": EmployeeLeft,
    "liudong.inspection.recorded": InspectionRecorded,
    "liudong.notice.followed_up": NoticeFollowedUp,
}
