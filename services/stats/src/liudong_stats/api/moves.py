"""/api/stats/moves: moves between stations, counted once both sides confirmed them."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from psycopg.rows import dict_row

from liudong_events.responses import SIGNED_IN, refusals
from liudong_events.service import DbConn
from liudong_stats.api.common import Asked, Reader, public, visible_place

router = APIRouter(prefix="/api/stats", tags=["statistics"], responses=SIGNED_IN | refusals(404))

# For a place: moves out of it (to a unit outside it), into it, and within it (between two
# of its stations), dated in the period.
_FIGURES = (
    "count(m.case_id) FILTER (WHERE m.origin_path @> ARRAY[p.id]"
    "  AND NOT m.destination_path @> ARRAY[p.id]) AS moved_out,"
    " count(m.case_id) FILTER (WHERE m.destination_path @> ARRAY[p.id]"
    "  AND NOT m.origin_path @> ARRAY[p.id]) AS moved_in,"
    " count(m.case_id) FILTER (WHERE m.origin_path @> ARRAY[p.id]"
    "  AND m.destination_path @> ARRAY[p.id]) AS moved_within"
)
_MOVES = (
    "SELECT p.id::text AS place_id, p.kind, p.name, " + _FIGURES + " FROM stats_places p"
    " LEFT JOIN stats_moves m ON (m.origin_path @> ARRAY[p.id]"
    "  OR m.destination_path @> ARRAY[p.id]) AND m.moved_on BETWEEN %(from)s AND %(to)s"
    " WHERE {where} GROUP BY p.id ORDER BY p.name, p.id"
)


@router.get("/moves")
def moves(conn: DbConn, who: Reader, place_id: str, asked: Asked) -> dict[str, Any]:
    """Confirmed moves dated in the period for the place and each of its children; a move
    is counted here only once both the station left and the one moved into confirmed it."""
    place = visible_place(conn, place_id, who)
    args = {"id": place["id"], "from": asked.start, "to": asked.end}
    with conn.cursor(row_factory=dict_row) as cur:
        totals = cur.execute(_MOVES.format(where="p.id = %(id)s"), args).fetchone()
        children = cur.execute(_MOVES.format(where="p.parent_id = %(id)s"), args).fetchall()
    assert totals is not None
    figures = ("moved_out", "moved_in", "moved_within")
    return {
        "place": public(place),
        "from": asked.start,
        "to": asked.end,
        "totals": {k: totals[k] for k in figures},
        "children": children,
    }
