"""/api/dictionaries/{name}: code tables, matched by code, characters or pinyin initials."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, status

import liudong_codetables as codetables
from liudong_events.auth import CurrentPrincipal
from liudong_events.responses import refusals

# Any signed-in user may look codes up: no role is refused.
router = APIRouter(
    prefix="/api/dictionaries", tags=["dictionaries"], responses=refusals(400, 401, 404)
)


@router.get("/{name}")
def lookup(
    name: str,
    _who: CurrentPrincipal,
    q: Annotated[str | None, Query(max_length=40)] = None,
    parent: Annotated[str | None, Query(max_length=12, description="division: children of")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> dict[str, Any]:
    if name not in codetables.NAMES:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no code table {name!r}")
    table = codetables.table(name)
    found = table.search(q.strip() if q else None, parent, limit)
    return {
        "name": table.name,
        "title": table.title,
        "source": table.source,
        "as_of": table.as_of,
        "items": [
            {
                "code": e.code,
                "name": e.name,
                "initials": e.initials[0] if e.initials else "",
                "parent": e.parent,
            }
            for e in found
        ],
    }
