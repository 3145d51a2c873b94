"""/api/imports: the template, a dry run, landing the good rows, the rejected rows as a
workbook, and withdrawing a whole batch (by compensating cancellations)."""

from __future__ import annotations

from concurrent.futures.process import BrokenProcessPool
from typing import Annotated, Any

from fastapi import APIRouter, File, Header, HTTPException, Request, Response, UploadFile, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from liudong_events import audit
from liudong_events.auth import Principal
from liudong_events.catalog import RecordsExported
from liudong_events.ids import is_uuid
from liudong_events.policy import require
from liudong_events.responses import SIGNED_IN, refusals
from liudong_events.service import DbConn
from liudong_registry import handlers, import_runs, imports, repo, uploads
from liudong_registry.api.residences import _token

router = APIRouter(prefix="/api/imports", tags=["imports"], responses=SIGNED_IN | refusals(404))
Writer = Annotated[Principal, require("residence.write")]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _workbook(description: str) -> dict[int | str, dict[str, Any]]:
    return {200: {"content": {XLSX: {}}, "description": description}}


@router.get("/template", response_class=Response, responses=_workbook("the template"))
def template(conn: DbConn, who: Writer) -> Response:
    """With the caller's units (compound/building/unit) as the 房屋 column's dropdown."""
    units = repo.unit_addresses(conn, who.scope_place_id, imports.UNITS_LISTED)
    return Response(
        imports.template(list(dict.fromkeys(address for address, _ in units))),
        media_type=XLSX,
        headers={"Content-Disposition": 'attachment; filename="import-template.xlsx"'},
    )


@router.post(
    "",
    responses={
        202: {"description": "with `Prefer: respond-async`: a job"},
        **refusals(413, 503),
    },
)
async def upload(
    request: Request,
    conn: DbConn,
    who: Writer,
    file: Annotated[UploadFile, File()],
    dry_run: bool = False,
    prefer: Annotated[str | None, Header()] = None,
) -> Any:
    """Every bad row with its number, field and reason, and the rows naming someone already
    registered; the good rows land (unless a dry run); a file imported before lands nothing
    twice. With `Prefer: respond-async` the run goes on in the background: 202 and a job
    to follow at `GET /api/imports/jobs/{job_id}` (its stage and rows done, then the report)."""
    content = await file.read(uploads.MAX_BYTES + 1)
    if len(content) > uploads.MAX_BYTES:
        raise HTTPException(status.HTTP_413_REQUEST_ENTITY_TOO_LARGE, uploads.TOO_BIG)
    work = import_runs.Upload(content, file.filename or "upload.xlsx", dry_run)
    housing = import_runs.Housing(request.app.state.settings.housing_url, _token(request))
    if prefer and "respond-async" in prefer:
        job_id = await run_in_threadpool(import_runs.create_job, conn, who, work)
        request.app.state.import_workers.start_job(job_id, work, who, housing)
        return JSONResponse(
            {"job_id": job_id, "stage": "reading"},
            status_code=status.HTTP_202_ACCEPTED,
            headers={
                "Location": f"/api/imports/jobs/{job_id}",
                "Preference-Applied": "respond-async",
            },
        )
    try:
        return await request.app.state.import_workers.run(work, who, housing)
    except BrokenProcessPool as exc:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, import_runs.INTERRUPTED) from exc
    except uploads.TooLarge as exc:
        raise HTTPException(status.HTTP_413_REQUEST_ENTITY_TOO_LARGE, str(exc)) from exc
    except uploads.UnreadableFile as exc:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_ENTITY,
            [{"loc": ["body", "file"], "msg": str(exc), "type": "value_error"}],
        ) from exc


@router.get("/jobs/{job_id}")
def job(job_id: str, conn: DbConn, who: Writer) -> dict[str, Any]:
    """How far an import run got: stage (reading, checking, landing, done, failed), rows
    done of rows in the stage, and when done the report; `interrupted` if it stopped moving."""
    found = import_runs.job(conn, job_id, who) if is_uuid(job_id) else None
    if found is None:
        raise handlers.NotFound(job_id)
    return found


def _batch(conn: DbConn, batch_id: str, who: Principal) -> tuple[list[Any], Any]:
    row = (
        conn.execute(
            "SELECT rejected, creator_path::text[], withdrawn_at FROM imports WHERE batch_id = %s",
            (batch_id,),
        ).fetchone()
        if is_uuid(batch_id)
        else None
    )
    if row is None or not import_runs.visible(who, row[1]):
        raise handlers.NotFound(batch_id)
    return row[0], row[2]


@router.get(
    "/{batch_id}/rejected", response_class=Response, responses=_workbook("the rejected rows")
)
def rejected(batch_id: str, request: Request, conn: DbConn, who: Writer) -> Response:
    """The rows that did not land, as they were, with the reason (an audited export)."""
    rows, _ = _batch(conn, batch_id, who)
    with conn.transaction():
        audit.record(
            conn,
            audit.entry(
                RecordsExported, who, request, records=[], export=f"import {batch_id} rejected rows"
            ),
        )
    return Response(
        imports.rejected_workbook(rows),
        media_type=XLSX,
        headers={"Content-Disposition": 'attachment; filename="rejected.xlsx"'},
    )


@router.delete("/{batch_id}")
def withdraw(batch_id: str, conn: DbConn, who: Writer) -> dict[str, Any]:
    """Cancel every residence the batch created (compensating events); its rows can land
    again only from a changed file."""
    _, withdrawn_at = _batch(conn, batch_id, who)
    if withdrawn_at is not None:
        raise handlers.Collision("batch already withdrawn")
    residences = [
        r[0]
        for r in conn.execute(
            "SELECT residence_id::text FROM import_rows WHERE batch_id = %s", (batch_id,)
        )
    ]
    cancelled = 0
    for residence_id in residences:
        current = repo.residence(conn, residence_id)
        if current is not None and current.status != "cancelled":
            handlers.cancel(conn, residence_id, "批量导入撤回", who=who)
            cancelled += 1
    conn.execute("UPDATE imports SET withdrawn_at = now() WHERE batch_id = %s", (batch_id,))
    return {"batch_id": batch_id, "withdrawn": cancelled}
