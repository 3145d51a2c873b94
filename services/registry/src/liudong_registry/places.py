"""Where a unit sits in the tree: registry's copy first, then housing's API.

Registry keeps the place tree from `liudong.housing`. A clerk who has just created a unit
may be faster than that copy: rather than answer a false "unknown unit", ask housing
(with the clerk's own token, so housing's scope rules apply) and remember the answer.
"""

from __future__ import annotations

import httpx

from liudong_events.catalog import PlaceCreated
from liudong_registry import repo


def unit_path(
    conn: repo.Conn, unit_id: str, *, housing_url: str, token: str, request_id: str | None = None
) -> list[str] | None:
    known = repo.unit_path(conn, unit_id)
    if known is None:
        known = _ask_housing(conn, unit_id, housing_url, token, request_id)
    if known is None or known[0] != "unit":
        return None
    return known[1]


def _ask_housing(
    conn: repo.Conn, unit_id: str, housing_url: str, token: str, request_id: str | None
) -> tuple[str, list[str]] | None:
    headers = {"Authorization": f"Bearer {token}"}
    if request_id:
        headers["X-Request-ID"] = request_id
    response = httpx.get(f"{housing_url}/api/places/{unit_id}", headers=headers, timeout=5)
    if response.status_code == 404:
        return None
    response.raise_for_status()
    body = response.json()
    place = PlaceCreated(
        place_id=body["id"],
        kind=body["kind"],
        name=body["name"],
        parent_id=body["parent_id"],
        code=body.get("code"),
        path=body["path"],
    )
    repo.remember_place(conn, place)
    return place.kind, [step.id for step in place.path]


def place_path(conn: repo.Conn, place_id: str, *, housing_url: str, token: str) -> list[str] | None:
    """The path of a place of any kind (registry's copy first, then housing's API)."""
    known = repo.unit_path(conn, place_id) or _ask_housing(conn, place_id, housing_url, token, None)
    return known[1] if known else None
