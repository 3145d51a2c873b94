"""/api/audit: search the audit trail and export it (the export is itself audited)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response

from liudong_events import audit
from liudong_events.auth import Principal
from liudong_events.catalog import RecordsExported
from liudong_events.policy import require
from liudong_events.service import DbConn
from liudong_gateway import audit_log

router = APIRouter(prefix="/api/audit", tags=["audit"])
Auditor = Annotated[Principal, require("audit.read")]
EXPORT_LIMIT = 100_000


@dataclass
class AuditFilters:
    """Which entries: by user, by record, by time (the same for a page and an export)."""

    user_id: str | None = None
    record_id: str | None = None
    start: Annotated[datetime | None, Query(alias="from")] = None
    end: Annotated[datetime | None, Query(alias="to")] = None

    def search(
        self, conn: DbConn, who: Principal, limit: int, offset: int
    ) -> tuple[list[dict[str, Any]], int]:
        """Entries made by users within `who`'s jurisdiction (all, for an administrator)."""
        return audit_log.search(
            conn,
            scope=who.scope_place_id,
            user_id=self.user_id,
            record_id=self.record_id,
            start=self.start,
            end=self.end,
            limit=limit,
            offset=offset,
        )


Filters = Annotated[AuditFilters, Depends()]


@router.get("")
def search(
    conn: DbConn,
    who: Auditor,
    filters: Filters,
    page: Annotated[int, Query(ge=1)] = 1,
    page_size: Annotated[int, Query(ge=1, le=500)] = 50,
) -> dict[str, Any]:
    rows, total = filters.search(conn, who, page_size, (page - 1) * page_size)
    return {"items": rows, "total": total, "page": page, "page_size": page_size}


@router.get("/export")
def export(request: Request, conn: DbConn, who: Auditor, filters: Filters) -> Response:
    rows, _ = filters.search(conn, who, EXPORT_LIMIT, 0)
    records = sorted({r for row in rows for r in row["records"]})
    with conn.transaction():
        audit.record(
            conn,
            audit.entry(RecordsExported, who, request, records=records, export="audit_log"),
        )
    return Response(
        audit_log.to_csv(rows),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="audit.csv"'},
    )
