"""/api/audit: search the audit trail and export it (the export is itself audited)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from liudong_events import audit
from liudong_events.auth import Principal
from liudong_events.catalog import RecordsExported
from liudong_events.policy import require
from liudong_events.service import DbConn
from liudong_gateway import audit_log

router = APIRouter(prefix="/api/audit", tags=["audit"])
Auditor = Annotated[Principal, require("audit.read")]
SOURCE = "/gateway"
EXPORT_LIMIT = 100_000


@router.get("")
def search(
    conn: DbConn,
    who: Auditor,
    user_id: str | None = None,
    record_id: str | None = None,
    start: Annotated[datetime | None, Query(alias="from")] = None,
    end: Annotated[datetime | None, Query(alias="to")] = None,
    page: Annotated[int, Query(ge=1)] = 1,
    page_size: Annotated[int, Query(ge=1, le=500)] = 50,
) -> dict[str, Any]:
    """Entries made by users within the caller's jurisdiction (all, for an administrator)."""
    rows, total = audit_log.search(
        conn,
        scope=who.scope_place_id,
        user_id=user_id,
        record_id=record_id,
        start=start,
        end=end,
        limit=page_size,
        offset=(page - 1) * page_size,
    )
    return {"items": rows, "total": total, "page": page, "page_size": page_size}


@router.get("/export")
def export(
    request: Request,
    conn: DbConn,
    who: Auditor,
    user_id: str | None = None,
    record_id: str | None = None,
    start: Annotated[datetime | None, Query(alias="from")] = None,
    end: Annotated[datetime | None, Query(alias="to")] = None,
) -> Response:
    rows, _ = audit_log.search(
        conn,
        scope=who.scope_place_id,
        user_id=user_id,
        record_id=record_id,
        start=start,
        end=end,
        limit=EXPORT_LIMIT,
        offset=0,
    )
    records = sorted({r for row in rows for r in row["records"]})
    with conn.transaction():
        audit.record(
            conn,
            audit.entry(RecordsExported, who, request, records=records, export="audit_log"),
            source=SOURCE,
        )
    return Response(
        audit_log.to_csv(rows),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="audit.csv"'},
    )
