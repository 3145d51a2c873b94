"""/api/stats/occupancy: a place's figures and its children's, scoped to the caller."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field

from liudong_events import audit
from liudong_events.responses import SIGNED_IN, refusals
from liudong_events.service import DbConn
from liudong_stats import queries
from liudong_stats.api.common import Asked, Reader, public, visible_place

router = APIRouter(prefix="/api/stats", tags=["statistics"], responses=SIGNED_IN | refusals(404))


class PlaceRef(BaseModel):
    id: str
    kind: str
    name: str


class Figures(BaseModel):
    checked_in: int
    departed: int
    current: int


class ChildFigures(Figures):
    """A child place's figures, or at unit level a resident's (a person: its ids and
    arrival, no place id)."""

    kind: str
    name: str
    place_id: str | None = None
    person_id: str | None = None
    residence_id: str | None = None
    arrival_date: date | None = None


class OccupancyPublic(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    place: PlaceRef
    start: date = Field(alias="from")
    end: date = Field(alias="to")
    totals: Figures
    children: list[ChildFigures]


@router.get("/occupancy", response_model_exclude_none=True)
def occupancy(
    conn: DbConn, who: Reader, place_id: str, asked: Asked, request: Request
) -> OccupancyPublic:
    """Check-ins and departures dated in the period, residents at its end; the same for
    each child place (at unit level: the persons resident, by name: an audited search)."""
    place = visible_place(conn, place_id, who)
    start, end = asked.start, asked.end
    if place["kind"] == "unit":
        children = queries.unit_persons(conn, place["id"], start, end)
        shown = [child["person_id"] for child in children]
        audit.searched(conn, who, request, shown, ["occupancy_of_unit"])
    else:
        children = queries.child_places(conn, place, start, end)
    return OccupancyPublic.model_validate(
        {
            "place": public(place),
            "from": start,
            "to": end,
            "totals": queries.totals(conn, place, start, end),
            "children": children,
        }
    )
