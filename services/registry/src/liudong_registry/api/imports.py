"""/api/imports: the template, a dry run, landing the good rows, the rejected rows as a
workbook, and withdrawing a whole batch (by compensating cancellations)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, File, HTTPException, Request, Response, UploadFile, status
from psycopg.types.json import Jsonb

from liudong_events import audit
from liudong_events.auth import Principal
from liudong_events.catalog import Capture, RecordsExported
from liudong_events.ids import is_uuid
from liudong_events.policy import require
from liudong_events.service import DbConn
from liudong_registry import handlers, imports, places, repo
from liudong_registry.api.residences import ResidenceCreate, _token, command
from liudong_registry.domain.residences import DeclarationInvalid
from liudong_registry.handlers import SOURCE

router = APIRouter(prefix="/api/imports", tags=["imports"])
Writer = Annotated[Principal, require("residence.write")]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_BYTES = 50 * 1024 * 1024


@router.get("/template")
def template(_who: Writer) -> Response:
    return Response(
        imports.template(),
        media_type=XLSX,
        headers={"Content-Disposition": 'attachment; filename="import-template.xlsx"'},
    )


@router.post("")
async def upload(
    request: Request,
    conn: DbConn,
    who: Writer,
    file: Annotated[UploadFile, File()],
    dry_run: bool = False,
) -> dict[str, Any]:
    """Every bad row with its number, field and reason; the good rows land (unless a dry
    run); a file imported before lands nothing twice."""
    content = await file.read(MAX_BYTES + 1)
    if len(content) > MAX_BYTES:
        raise HTTPException(status.HTTP_413_REQUEST_ENTITY_TOO_LARGE, "文件过大 (上限50MB)")
    try:
        rows = imports.read_rows(content, file.filename or "upload.xlsx")
    except imports.UnreadableFile as exc:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_ENTITY,
            [{"loc": ["body", "file"], "msg": str(exc), "type": "value_error"}],
        ) from exc
    report = imports.check(rows, date.today())
    _check_units(request, conn, who, report)
    result: dict[str, Any] = {
        "rows": report.rows,
        "accepted": len(report.accepted),
        "rejected": [{k: r[k] for k in ("row", "field", "reason")} for r in report.rejected],
        "matches_existing": _existing(conn, report),
    }
    if dry_run:
        return result
    batch = imports.batch_id(content)
    landed, already = _land(conn, who, batch, file.filename, report)
    result.update(
        batch_id=batch,
        landed=landed,
        already_imported=already,
        accepted=landed + already,
        rejected=[{k: r[k] for k in ("row", "field", "reason")} for r in report.rejected],
    )
    return result


def _check_units(request: Request, conn: DbConn, who: Principal, report: imports.Report) -> None:
    """A row whose unit is unknown or outside the caller's jurisdiction is rejected."""
    paths: dict[str, list[str] | None] = {}
    kept = []
    for number, body in report.accepted:
        unit = str(body.get("unit_id"))
        if unit not in paths:
            paths[unit] = (
                places.unit_path(
                    conn,
                    unit,
                    housing_url=request.app.state.settings.housing_url,
                    token=_token(request),
                )
                if is_uuid(unit)
                else None
            )
        path = paths[unit]
        if path is None or not who.covers(path):
            report.rejected.append(
                {
                    "row": number,
                    "field": "房屋编号",
                    "reason": "房屋不存在或不在管辖范围内",
                    "values": [],
                }
            )
        else:
            body["_path"] = path
            kept.append((number, body))
    report.accepted = kept


def _existing(conn: DbConn, report: imports.Report) -> int:
    numbers = [b["person"]["id_number"] for _, b in report.accepted]
    row = conn.execute(
        "SELECT count(*) FROM persons WHERE id_number = ANY(%s)", (numbers,)
    ).fetchone()
    return int(row[0]) if row else 0


def _land(
    conn: DbConn, who: Principal, batch: str, filename: str | None, report: imports.Report
) -> tuple[int, int]:
    conn.execute(
        "INSERT INTO imports (batch_id, created_by, creator_path, filename, rows_total)"
        " VALUES (%s, %s, %s, %s, %s) ON CONFLICT (batch_id) DO NOTHING",
        (batch, who.user_id, list(who.scope_path), filename, report.rows),
    )
    done = {
        r[0] for r in conn.execute("SELECT row_no FROM import_rows WHERE batch_id = %s", (batch,))
    }
    landed = 0
    for number, body in report.accepted:
        if number in done:
            continue
        path = body.pop("_path")
        cmd = command(
            ResidenceCreate.model_validate(body), path, Capture(channel="imported", batch_id=batch)
        )

        def remember(conn: DbConn, residence_id: str, number: int = number) -> None:
            conn.execute(
                "INSERT INTO import_rows (batch_id, row_no, residence_id) VALUES (%s, %s, %s)",
                (batch, number, residence_id),
            )

        try:
            handlers.check_in(conn, cmd, today=date.today(), actor=who.actor(), then=remember)
            landed += 1
        except (DeclarationInvalid, handlers.Collision) as refused:
            for error in getattr(refused, "errors", None) or []:
                report.rejected.append(
                    {
                        "row": number,
                        "field": imports.field_of(error.field.split(".")),
                        "reason": error.message,
                        "values": [],
                    }
                )
    conn.execute(
        "UPDATE imports SET rejected = %s WHERE batch_id = %s", (Jsonb(report.rejected), batch)
    )
    return landed, len(done & {n for n, _ in report.accepted})


def _batch(conn: DbConn, batch_id: str, who: Principal) -> tuple[list[Any], Any]:
    row = (
        conn.execute(
            "SELECT rejected, creator_path::text[], withdrawn_at FROM imports WHERE batch_id = %s",
            (batch_id,),
        ).fetchone()
        if is_uuid(batch_id)
        else None
    )
    if row is None or not (
        who.role == "admin" or who.covers(row[1]) or who.scope_path == tuple(row[1])
    ):
        raise handlers.NotFound(batch_id)
    return row[0], row[2]


@router.get("/{batch_id}/rejected")
def rejected(batch_id: str, request: Request, conn: DbConn, who: Writer) -> Response:
    """The rows that did not land, as they were, with the reason (an audited export)."""
    rows, _ = _batch(conn, batch_id, who)
    with conn.transaction():
        audit.record(
            conn,
            audit.entry(
                RecordsExported, who, request, records=[], export=f"import {batch_id} rejected rows"
            ),
            source=SOURCE,
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
