"""/api/persons: search (masked) and a person's full record with residence history."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field, field_validator

from liudong_events import audit
from liudong_events.auth import Principal
from liudong_events.catalog import PersonViewed
from liudong_events.days import office_today
from liudong_events.iso_dates import IsoDate
from liudong_events.masking import mask, mask_phone
from liudong_events.paging import Page, PageSize
from liudong_events.policy import require
from liudong_events.responses import SIGNED_IN, refusals
from liudong_events.service import DbConn
from liudong_registry import handlers, repo
from liudong_registry.api.residences import _known_id
from liudong_registry.domain.identity import search_number

router = APIRouter(prefix="/api/persons", tags=["persons"], responses=SIGNED_IN | refusals(404))
Reader = Annotated[Principal, require("person.read")]
Writer = Annotated[Principal, require("residence.write")]


@router.get("")
def search(
    request: Request,
    conn: DbConn,
    who: Reader,
    id_number: str | None = None,
    name: str | None = Query(default=None, max_length=60),
    place_id: str | None = None,
    officer_id: str | None = None,
    arrived_from: IsoDate | None = None,
    arrived_to: IsoDate | None = None,
    status: Literal["active", "departed", "cancelled"] | None = None,
    sort: Literal["name", "arrival_date", "-arrival_date", "-departure_date"] = "name",
    page: Page = 1,
    page_size: PageSize = 20,
) -> dict[str, Any]:
    """Name: its beginning, or a beginning of its pinyin initials; officer: the responsible
    officer (管辖民警) of a place the residence lies under."""
    for value in (place_id, officer_id):
        if value is not None:
            _known_id(value)
    filters: dict[str, Any] = {
        "id_number": search_number(id_number) if id_number else None,
        "name": name,
        "place_id": place_id,
        "officer_id": officer_id,
        "arrived_from": arrived_from,
        "arrived_to": arrived_to,
        "status": status,
    }
    rows, total = repo.search_persons(
        conn,
        scope=who.scope_place_id,
        limit=page_size,
        offset=(page - 1) * page_size,
        sort=sort,
        **filters,
    )
    items = [
        {
            "person_id": r["person_id"],
            "name": r["name"],
            "id_number_masked": mask(r["id_number"]),
            "phone_masked": mask_phone(r["phone"]),
            "residence": {
                k: r[k]
                for k in ("residence_id", "unit_id", "arrival_date", "departure_date", "status")
            },
        }
        for r in rows
    ]
    # A search that shows persons is on the record, with which persons.
    used = [k for k, v in filters.items() if v is not None]
    audit.searched(conn, who, request, [i["person_id"] for i in items], used)
    return {"items": items, "total": total, "page": page, "page_size": page_size}


@router.get("/{person_id}")
def read(person_id: str, request: Request, conn: DbConn, who: Reader) -> dict[str, Any]:
    """The full record (an audited read) with its residences and who has opened it."""
    _known_id(person_id)
    record = repo.person(conn, person_id)
    residences = repo.residences_of(conn, person_id)
    if record is None or not any(who.covers(r["place_path"]) for r in residences):
        raise handlers.NotFound(person_id)
    viewed = audit.entry(PersonViewed, who, request, records=[person_id])
    with conn.transaction():
        audit.record(conn, viewed)
        repo.add_view(conn, person_id, "viewed", viewed)
    return {
        **record,
        "residences": residences,
        "views": repo.views_of(conn, person_id),
        "timeline": repo.timeline(conn, person_id),
    }


class PersonAmendment(BaseModel):
    """Fields to correct (only those sent) and why (更正原因)."""

    reason: str = Field(min_length=1, max_length=200)
    id_number: str | None = Field(default=None, min_length=5, max_length=32)
    name: str | None = Field(default=None, min_length=1, max_length=60)
    sex: Literal["1", "2"] | None = None
    ethnicity: str | None = Field(default=None, pattern=r"^\d{2}$")
    birth_date: IsoDate | None = None
    phone: str | None = Field(default=None, pattern=r"^[\d\-+ ]{5,20}$")
    hukou_address: str | None = Field(default=None, max_length=200)
    hukou_type: str | None = Field(default=None, max_length=12)
    marital_status: str | None = Field(default=None, max_length=12)
    political_status: str | None = Field(default=None, max_length=12)
    education: str | None = Field(default=None, max_length=12)
    military_service: str | None = Field(default=None, max_length=12)

    @field_validator("id_number", "name", "sex", "ethnicity", "birth_date", mode="before")
    @classmethod
    def _not_cleared(cls, value: object) -> object:
        """A field every record has is corrected, never cleared (a null sent for it)."""
        if value is None:
            raise ValueError("必须录入, 不能清空")
        return value


@router.patch("/{person_id}", responses=refusals(409))
def amend(person_id: str, body: PersonAmendment, conn: DbConn, who: Writer) -> dict[str, Any]:
    """Correct a person's record; every version stays in the timeline."""
    _known_id(person_id)
    changes = {k: getattr(body, k) for k in body.model_fields_set if k != "reason"}
    changed = handlers.amend(conn, person_id, changes, body.reason, who=who, today=office_today())
    return {"person_id": person_id, "changed": changed}
