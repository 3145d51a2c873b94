"""An import run: read and check the file, place each row's unit, preview who is already
registered, then land the good rows a chunk per transaction, telling a watcher how far it
got. Run inside a request, or in the background as a job that a client polls."""

from __future__ import annotations

import gc
import hashlib
import queue
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

import psycopg
import structlog
from psycopg.rows import dict_row
from psycopg.types.json import Jsonb

from liudong_events.auth import Principal
from liudong_events.catalog import Capture
from liudong_events.days import office_today
from liudong_events.ids import is_uuid
from liudong_registry import handlers, imports, places, repo, uploads
from liudong_registry.checkin_request import command
from liudong_registry.domain.identity import FieldError, search_number

CHUNK = 2000  # rows per transaction: big enough to amortise a commit, small enough to retry
LANES = 2  # chunks landing at once
Reasons = dict[int, list[FieldError]]  # why each refused row of a chunk was refused
Watch = Callable[[str, int, int | None], None]  # (stage, rows done, rows in the stage)
INTERRUPTED = "导入中断, 请重新导入; 已导入的行不会重复导入"
INTERRUPTED_AFTER_S = 120  # a job that has not moved for this long lost its process


@dataclass(frozen=True)
class Upload:
    content: bytes
    filename: str
    dry_run: bool

    @cached_property
    def digest(self) -> str:
        """The file's sha256: its batch id, its worker and its dry run are found by it."""
        return hashlib.sha256(self.content).hexdigest()


@dataclass(frozen=True)
class Housing:
    """Where a unit's path comes from when registry's copy of the tree lags behind."""

    url: str
    token: str


def run(
    conn: repo.Conn, upload: Upload, who: Principal, housing: Housing, watch: Watch | None = None
) -> dict[str, Any]:
    """The report (and for a landing, the batch and what landed); raises UnreadableFile."""
    today, watch = office_today(), watch or (lambda _stage, _done, _total: None)
    # The checked rows are millions of objects that live to the end of the run: made with
    # the collector off, then kept out of its passes, each of which was a pause over them
    # (100,000 rows: dry run 6.4 -> 5.0 s, landing 27.2 -> about 25 s).
    gc.disable()
    try:
        report = _checked(upload, who, today, watch)
        gc.freeze()
        return _placed_and_landed(conn, upload, who, housing, report, today, watch)
    finally:
        gc.unfreeze()
        gc.enable()


def _placed_and_landed(
    conn: repo.Conn,
    upload: Upload,
    who: Principal,
    housing: Housing,
    report: imports.Report,
    today: date,
    watch: Watch,
) -> dict[str, Any]:
    place_units(conn, report, who, housing)
    preview = existing_persons(conn, report)
    if upload.dry_run:
        return {**report.summary(), **preview}
    batch = imports.batch_id(upload.digest)
    landed, already = land(conn, who, batch, upload.filename, report, today, watch)
    return {
        **report.summary(),
        **preview,
        "batch_id": batch,
        "landed": landed,
        "already_imported": already,
        "accepted": landed + already,
    }


_LAST_DRY_RUN: dict[tuple[str, date, str], imports.Report] = {}  # in this process


def _checked(upload: Upload, who: Principal, today: date, watch: Watch) -> imports.Report:
    """The file read and every row checked. A landing right after its dry run (the same
    file, clerk and day, see import_workers) takes the dry run's rows instead of reading and
    checking them again; only what depends on the database is done anew."""
    key = (upload.digest, today, who.user_id)
    report = _LAST_DRY_RUN.pop(key, None)
    if report is None:
        watch("reading", 0, None)
        rows = imports.read_rows(upload.content, upload.filename)
        report = imports.check(rows, today, lambda done: watch("checking", done, len(rows)))
    if upload.dry_run:
        _LAST_DRY_RUN.clear()
        _LAST_DRY_RUN[key] = report
    return report


def place_units(conn: repo.Conn, report: imports.Report, who: Principal, housing: Housing) -> None:
    """A row names its unit by id or by address (compound/building/unit, as the template's
    dropdown lists it); one unknown, ambiguous or outside the caller's jurisdiction is
    rejected, and so is one that takes no check-in (retired, or its house cancelled)."""
    paths: dict[str, list[str] | None] = {}
    by_address: dict[str, str | None] | None = None
    kept = []
    for row in report.accepted:
        unit = row.body.unit_id
        if not is_uuid(unit):
            if by_address is None:
                by_address = _units_by_address(conn, who)
            row.body.unit_id = unit = by_address.get(_address(unit)) or unit
        if unit not in paths:
            paths[unit] = (
                places.unit_path(conn, unit, housing_url=housing.url, token=housing.token)
                if is_uuid(unit)
                else None
            )
        path = paths[unit]
        if path is None or not who.covers(path):
            report.reject(row.number, "房屋编号", "房屋不存在或不在管辖范围内", row.values)
        else:
            row.path = path
            kept.append(row)
    closed = repo.closed_units(conn, list({row.body.unit_id for row in kept}))
    for row in kept:
        if row.body.unit_id in closed:
            report.reject(row.number, "房屋编号", closed[row.body.unit_id], row.values)
    report.accepted = [row for row in kept if row.body.unit_id not in closed]


def _address(text: str) -> str:
    """ "幸福小区 / 1号楼 / 101室" and "幸福小区/1号楼/101室" are the same address."""
    return "/".join(part.strip() for part in text.replace("／", "/").split("/"))


def _units_by_address(conn: repo.Conn, who: Principal) -> dict[str, str | None]:
    """Unit ids by address within the caller's jurisdiction (None: two units share it)."""
    found: dict[str, str | None] = {}
    for address, unit_id in repo.unit_addresses(conn, who.scope_place_id, None):
        found[_address(address)] = None if _address(address) in found else unit_id
    return found


def existing_persons(conn: repo.Conn, report: imports.Report) -> dict[str, Any]:
    """Which rows name someone already registered: the record a landing will use (its
    details stay as they are), whether the name on it differs from the row's, and whether
    an active residence will end as a move."""
    rows = {search_number(r.body.person.id_number): r for r in report.accepted}
    found = sorted(repo.registered_by_number(conn, list(rows)), key=lambda f: rows[f[0]].number)
    items = [
        {
            "row": rows[number].number,
            "person_id": person_id,
            "name_matches": name == rows[number].body.person.name.strip(),
            "active_residence": active,
        }
        for number, person_id, name, active in found
    ]
    return {"matches_existing": len(items), "existing": items}


def land(
    conn: repo.Conn,
    who: Principal,
    batch: str,
    filename: str,
    report: imports.Report,
    today: date,
    watch: Watch,
) -> tuple[int, int]:
    """(rows landed now, rows landed by an earlier import of the same file)."""
    conn.execute(
        "INSERT INTO imports (batch_id, created_by, creator_path, filename, rows_total)"
        " VALUES (%s, %s, %s, %s, %s) ON CONFLICT (batch_id) DO NOTHING",
        (batch, who.user_id, list(who.scope_path), filename, report.rows),
    )
    capture = Capture(channel="imported", batch_id=batch)
    rows = {r.number: r for r in report.accepted}
    numbers = sorted(rows)
    chunks = [numbers[start : start + CHUNK] for start in range(0, len(numbers), CHUNK)]

    def land_chunk(lane: repo.Conn, chunk: list[int]) -> tuple[list[int], Reasons]:
        commands = [(n, command(rows[n].body, rows[n].path, capture)) for n in chunk]
        return handlers.land_import_rows(lane, batch, commands, today=today, actor=who.actor())

    landed = refused = done = 0
    for chunk, (now, reasons) in zip(chunks, _in_lanes(conn, land_chunk, chunks), strict=True):
        landed, refused, done = landed + len(now), refused + len(reasons), done + len(chunk)
        for number, errors in reasons.items():
            for error in errors:
                field = imports.field_of(error.field.split("."))
                report.reject(number, field, error.message, rows[number].values)
        watch("landing", done, len(numbers))
    conn.execute(
        "UPDATE imports SET rejected = %s WHERE batch_id = %s", (Jsonb(report.rejected), batch)
    )
    return landed, len(numbers) - landed - refused


def _in_lanes(
    conn: repo.Conn,
    land_chunk: Callable[[repo.Conn, list[int]], tuple[list[int], Reasons]],
    chunks: list[list[int]],
) -> Iterator[tuple[list[int], Reasons]]:
    """Each chunk's outcome, in order, landed LANES at a time on connections of their own
    (`conn` stays free for progress): one chunk is decided in Python while PostgreSQL
    writes another. Chunks hold different persons, so they never wait for one another
    but at the events' append lock, the last step of each."""
    lanes: queue.SimpleQueue[repo.Conn] = queue.SimpleQueue()
    opened = [
        psycopg.connect(conn.info.dsn, password=conn.info.password, autocommit=True)
        for _ in range(min(LANES, len(chunks)))
    ]
    for lane in opened:
        lanes.put(lane)

    def on_a_lane(chunk: list[int]) -> tuple[list[int], Reasons]:
        lane = lanes.get()
        try:
            return land_chunk(lane, chunk)
        finally:
            lanes.put(lane)

    try:
        with ThreadPoolExecutor(max(len(opened), 1), thread_name_prefix="import-lane") as pool:
            yield from pool.map(on_a_lane, chunks)
    finally:
        for lane in opened:
            lane.close()


# The job: the same run in the background, its stage and counts in import_jobs.


def create_job(conn: repo.Conn, who: Principal, upload: Upload) -> str:
    job_id = str(uuid.uuid4())
    conn.execute(
        "INSERT INTO import_jobs (id, created_by, creator_path, filename, dry_run, stage)"
        " VALUES (%s, %s, %s, %s, %s, 'reading')",
        (job_id, who.user_id, list(who.scope_path), upload.filename, upload.dry_run),
    )
    return job_id


def run_job(conn: repo.Conn, job_id: str, upload: Upload, who: Principal, housing: Housing) -> None:
    """`run`, its stage and counts as it goes and then its outcome written to import_jobs."""
    log = structlog.get_logger().bind(import_job=job_id)
    try:
        result = run(conn, upload, who, housing, _JobWatch(conn, job_id))
    except uploads.UnreadableFile as exc:
        _finish(conn, job_id, "failed", error=str(exc))
    except Exception:
        log.exception("import_job_failed")
        interrupt_job(conn, job_id)
    else:
        _finish(conn, job_id, "done", report=result)
        log.info("import_job_done", rows=result["rows"], rejected=len(result["rejected"]))


class _JobWatch:
    """Writes the stage and count at most every half second (and at each change of stage)."""

    def __init__(self, conn: repo.Conn, job_id: str) -> None:
        self.conn, self.job_id, self.stage, self.last = conn, job_id, "", 0.0

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        now = time.monotonic()
        if stage == self.stage and now - self.last < 0.5 and done != total:
            return
        self.stage, self.last = stage, now
        self.conn.execute(
            "UPDATE import_jobs SET stage = %s, rows_done = %s, rows_total = %s,"
            " updated_at = now() WHERE id = %s",
            (stage, done, total, self.job_id),
        )


def interrupt_job(conn: repo.Conn, job_id: str) -> None:
    """The job stopped before its end (an error, or its worker died)."""
    _finish(conn, job_id, "failed", error=INTERRUPTED)


def _finish(
    conn: repo.Conn,
    job_id: str,
    stage: str,
    *,
    report: dict[str, Any] | None = None,
    error: str | None = None,
) -> None:
    conn.execute(
        "UPDATE import_jobs SET stage = %s, report = %s, error = %s, updated_at = now(),"
        " rows_done = coalesce(rows_total, rows_done) WHERE id = %s",
        (stage, Jsonb(report) if report else None, error, job_id),
    )


def job(conn: repo.Conn, job_id: str, who: Principal) -> dict[str, Any] | None:
    """A job as its creator (or an office above them) sees it; None when not theirs."""
    with conn.cursor(row_factory=dict_row) as cur:
        row = cur.execute(
            "SELECT id::text AS job_id, creator_path::text[], filename, dry_run, stage,"
            " rows_total, rows_done, report, error,"
            " stage NOT IN ('done', 'failed') AND updated_at < now() - %s * interval '1 second'"
            " AS interrupted FROM import_jobs WHERE id = %s",
            (INTERRUPTED_AFTER_S, job_id),
        ).fetchone()
    if row is None or not visible(who, row.pop("creator_path")):
        return None
    return row


def visible(who: Principal, creator_path: list[str]) -> bool:
    """An import is seen by its creator's office and the offices above it."""
    return who.role == "admin" or who.covers(creator_path) or who.scope_path == tuple(creator_path)
