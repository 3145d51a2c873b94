"""/api/places/{unit_id}/residents?as_of=DATE: who lived in a unit on any past date.

Served by the registry (the gateway routes this one sub-path here): it knows residences,
housing knows houses."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from liudong_events import audit
from liudong_events.auth import Principal
from liudong_events.days import office_today
from liudong_events.iso_dates import IsoDate
from liudong_events.masking import mask
from liudong_events.policy import require
from liudong_events.responses import SIGNED_IN, refusals
from liudong_events.service import DbConn
from liudong_registry import handlers, places, repo
from liudong_registry.api.residences import _known_id

router = APIRouter(prefix="/api/places", tags=["residences"], responses=SIGNED_IN | refusals(404))


@router.get("/{unit_id}/residents")
def residents(
    unit_id: str,
    request: Request,
    conn: DbConn,
    who: Annotated[Principal, require("person.read")],
    as_of: Annotated[IsoDate | None, Query(description="default: today")] = None,
) -> dict[str, Any]:
    _known_id(unit_id)
    path = places.unit_path(
        conn,
        unit_id,
        housing_url=request.app.state.settings.housing_url,
        token=request.headers.get("authorization", "").removeprefix("Bearer ").strip(),
    )
    if path is None or not who.covers(path):
        raise handlers.NotFound(unit_id)
    day = as_of or office_today()
    rows = repo.residents_on(conn, unit_id, day)
    items = [
        {
            **{
                k: r[k]
                for k in ("person_id", "name", "residence_id", "arrival_date", "departure_date")
            },
            "id_number_masked": mask(r["id_number"]),
        }
        for r in rows
    ]
    audit.searched(conn, who, request, [i["person_id"] for i in items], ["unit_residents_as_of"])
    return {"unit_id": unit_id, "as_of": day, "items": items}
