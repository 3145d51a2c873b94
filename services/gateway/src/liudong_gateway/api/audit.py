"""/api/audit: search the audit trail and export it (the export is itself audited)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request, Response

from liudong_events import audit
from liudong_events.auth import Principal
from liudong_events.catalog import RecordsExported
from liudong_events.iso_dates import IsoDateTime
from liudong_events.paging import Page
from liudong_events.policy import require
from liudong_events.responses import SIGNED_IN
from liudong_events.service import DbConn
from liudong_gateway import audit_log

router = APIRouter(prefix="/api/audit", tags=["audit"], responses=SIGNED_IN)
Auditor = Annotated[Principal, require("audit.read")]
EXPORT_LIMIT = 100_000
CSV = "text/csv; charset=utf-8"


@dataclass
class AuditFilters:
    """Which entries: by user, by record, by time (the same for a page and an export)."""

    user_id: UUID | None = None  # a user's id is a UUID: anything else is a 422, not SQL
    record_id: Annotated[str | None, Query(max_length=64)] = None
    start: Annotated[IsoDateTime | None, Query(alias="from")] = None
    end: Annotated[IsoDateTime | None, Query(alias="to")] = None

    def search(
        self, conn: DbConn, who: Principal, limit: int, offset: int
    ) -> tuple[list[dict[str, Any]], int]:
        """Entries made by users within `who`'s jurisdiction (all, for an administrator)."""
        return audit_log.search(
            conn,
            scope=who.scope_place_id,
            user_id=str(self.user_id) if self.user_id else None,
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
    page: Page = 1,
    page_size: Annotated[int, Query(ge=1, le=500)] = 50,
) -> dict[str, Any]:
    rows, total = filters.search(conn, who, page_size, (page - 1) * page_size)
    return {"items": rows, "total": total, "page": page, "page_size": page_size}


@router.get(
    "/export",
    response_class=Response,
    responses={200: {"content": {CSV: {}}, "description": "the entries as CSV"}},
)
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
        media_type=CSV,
        headers={"Content-Disposition": 'attachment; filename="audit.csv"'},
    )
