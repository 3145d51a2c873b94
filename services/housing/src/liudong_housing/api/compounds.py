"""/api/compounds/{id}/profile: a compound's five-in-one record (五位一体)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from liudong_events.auth import Principal
from liudong_events.housing_events import Company, Location
from liudong_events.policy import require
from liudong_events.responses import SIGNED_IN, refusals
from liudong_events.service import DbConn
from liudong_housing import people_repo
from liudong_housing.api.common import Phone, visible_place
from liudong_housing.domain.people import set_compound_profile

router = APIRouter(prefix="/api/compounds", tags=["compounds"], responses=SIGNED_IN | refusals(404))
Reader = Annotated[Principal, require("place.read")]
Writer = Annotated[Principal, require("compound_profile.write")]


class CompanyIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    credit_code: str | None = Field(default=None, max_length=18, description="统一社会信用代码")
    contact_person: str | None = Field(default=None, max_length=60)
    phone: Phone | None = None


class LocationIn(BaseModel):
    lng: float = Field(ge=-180, le=180, description="经度 (GCJ-02)")
    lat: float = Field(ge=-90, le=90, description="纬度 (GCJ-02)")


class ProfileIn(BaseModel):
    developer: CompanyIn | None = Field(default=None, description="开发商")
    builder: CompanyIn | None = Field(default=None, description="建筑商")
    property_company: CompanyIn | None = Field(default=None, description="物业公司")
    location: LocationIn | None = Field(default=None, description="小区位置, 大屏示意图用")


def _company(company: CompanyIn | None) -> Company | None:
    return Company(**company.model_dump()) if company else None


@router.put("/{compound_id}/profile")
def put_profile(compound_id: str, body: ProfileIn, conn: DbConn, who: Writer) -> dict[str, Any]:
    with conn.transaction():
        compound = visible_place(conn, compound_id, who, lock=True)
        event = set_compound_profile(
            compound,
            _company(body.developer),
            _company(body.builder),
            _company(body.property_company),
            Location(**body.location.model_dump()) if body.location else None,
        )
        people_repo.save_profile(conn, event, who.actor())
    return read_profile(compound_id, conn, who)


@router.get("/{compound_id}/profile")
def read_profile(compound_id: str, conn: DbConn, who: Reader) -> dict[str, Any]:
    """The five parties: developer, builder, the compound, its property company, and its
    residents (from housing's copy of the registry's events)."""
    compound = visible_place(conn, compound_id, who)
    profile = people_repo.profile(conn, compound_id) or {}
    return {
        "compound": {
            "id": compound.id,
            "kind": compound.kind,
            "name": compound.name,
            "code": compound.code,
            "path": [s.model_dump() for s in compound.path],
        },
        "developer": profile.get("developer"),
        "builder": profile.get("builder"),
        "property_company": profile.get("property_company"),
        "location": profile.get("location"),
        "updated_at": profile.get("updated_at"),
        "residents": people_repo.residents(conn, compound_id),
    }
