"""Batch import: the template, a dry run that names every bad row, landing the good rows,
re-importing without doubles, the rejected rows as a workbook, and withdrawing the batch."""

from __future__ import annotations

import concurrent.futures
import contextlib
import io
import os
import random
import signal
import uuid
import zipfile
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import xlsxwriter
from python_calamine import CalamineWorkbook

from liudong_devstack.client import login
from liudong_devstack.suite import Suite
from liudong_events.days import office_today
from tests.e2e.helpers import (
    HEADINGS,
    Tree,
    build_tree,
    create_user,
    declaration,
    eventually,
    import_csv,
    import_row,
    occupancy,
)


def _spoil(row: list[str], kind: int) -> list[str]:
    row = list(row)
    if kind == 0:
        row[0] = row[0][:-1] + ("0" if row[0][-1] != "0" else "1")
    elif kind == 1:
        row[1] = ""
    elif kind == 2:
        row[3] = "99"
    elif kind == 3:
        row[7] = "00000000-0000-0000-0000-000000000000"
    else:
        row[8] = (office_today() + timedelta(days=3)).isoformat()
    return row


def test_the_template_has_the_columns_codes_and_help(admin: httpx.Client) -> None:
    response = admin.get("/api/imports/template")
    assert response.status_code == 200
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    assert "填写说明" in book.sheet_names
    headings = book.get_sheet_by_index(0).to_python()[0]
    assert [str(h).rstrip("*") for h in headings] == HEADINGS


def test_a_thousand_rows_with_thirty_bad_ones(admin: httpx.Client) -> None:
    tree: Tree = build_tree(admin, buildings=4, units=5)
    units = [u for us in tree.units.values() for u in us]
    rng = random.Random(1000)
    rows: list[list[str]] = []
    bad: set[int] = set()
    seen: set[str] = set()
    for i in range(1000):
        row = import_row(
            declaration(rng.choice(units), office_today() - timedelta(days=i % 20), rng)
        )
        while row[0] in seen:  # one person per row: a repeated number would be a move
            row = import_row(declaration(row[7], office_today() - timedelta(days=i % 20), rng))
        seen.add(row[0])
        if i % 33 == 7 and len(bad) < 30:
            row = _spoil(row, len(bad) % 5)
            bad.add(i + 2)  # row numbers as the clerk sees them: headings are row 1
        rows.append(row)
    content = import_csv(rows)
    files = {"file": ("登记.csv", content, "text/csv")}

    dry = admin.post("/api/imports", params={"dry_run": "true"}, files=files).json()
    assert (dry["rows"], dry["accepted"]) == (1000, 970)
    assert {r["row"] for r in dry["rejected"]} == bad
    assert occupancy(admin, tree.district)["totals"]["current"] == 0, "a dry run writes nothing"

    landed = admin.post("/api/imports", files=files).json()
    assert (landed["landed"], landed["already_imported"]) == (970, 0)
    assert {r["row"] for r in landed["rejected"]} == bad
    eventually(lambda: occupancy(admin, tree.district)["totals"]["current"] == 970, timeout=60)

    again = admin.post("/api/imports", files=files).json()
    assert (again["landed"], again["already_imported"]) == (0, 970)
    assert again["batch_id"] == landed["batch_id"]

    workbook = admin.get(f"/api/imports/{landed['batch_id']}/rejected")
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(workbook.content)).get_sheet_by_index(0)
    table = sheet.to_python()
    assert table[0][-1] == "错误原因"
    assert sorted(int(str(r[0]).removesuffix(".0")) for r in table[1:]) == sorted(bad)

    withdrawn = admin.delete(f"/api/imports/{landed['batch_id']}").json()
    assert withdrawn["withdrawn"] == 970
    eventually(lambda: occupancy(admin, tree.district)["totals"]["current"] == 0, timeout=60)


def test_an_unreadable_file_is_refused_whole(admin: httpx.Client) -> None:
    files = {"file": ("x.csv", "名字,别的\n张三,1\n".encode(), "text/csv")}
    response = admin.post("/api/imports", files=files)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "file"]


def test_a_run_in_the_background_reports_its_progress_and_previews_known_persons(
    admin: httpx.Client,
) -> None:
    tree: Tree = build_tree(admin, buildings=2, units=5)
    units = [u for us in tree.units.values() for u in us]
    rng = random.Random(2024)
    known = declaration(units[0], office_today() - timedelta(days=30), rng, name="王五")
    admin.post("/api/residences", json=known).raise_for_status()
    rows = [import_row(declaration(rng.choice(units), office_today(), rng)) for _ in range(600)]
    renamed = import_row({**known, "arrival_date": office_today().isoformat(), "unit_id": units[1]})
    renamed[1] = "王六"  # the record says 王五: a typo in the number, or a wrong name
    rows[99] = renamed
    rows.append(list(rows[10]))  # the same person again, as the last row
    files = {"file": ("登记.csv", import_csv(rows), "text/csv")}

    started = admin.post("/api/imports", files=files, headers={"Prefer": "respond-async"})
    assert started.status_code == 202, started.text
    location = started.headers["location"]
    seen: list[str] = []

    def finished() -> dict[str, Any] | None:
        job = admin.get(location).json()
        seen.append(job["stage"])
        assert job["rows_done"] <= (job["rows_total"] or job["rows_done"])
        return job if job["stage"] in ("done", "failed") else None

    job = eventually(finished, timeout=60)
    assert (job["stage"], job["interrupted"]) == ("done", False)
    assert set(seen) <= {"reading", "checking", "landing", "done"}
    report = job["report"]
    assert (report["rows"], report["landed"], report["already_imported"]) == (601, 600, 0)
    assert report["rejected"] == [
        {"row": 602, "field": "公民身份号码", "reason": "与第12行是同一人, 每人只能占一行"}
    ]
    assert report["existing"] == [
        {
            "row": 101,
            "person_id": report["existing"][0]["person_id"],
            "name_matches": False,
            "active_residence": True,
        }
    ]
    eventually(lambda: occupancy(admin, tree.district)["totals"]["current"] == 600, timeout=60)
    other = admin.get(f"/api/imports/jobs/{uuid.uuid4()}")
    assert other.status_code == 404


def test_a_row_names_its_unit_by_the_address_the_template_lists(
    admin: httpx.Client, suite: Suite
) -> None:
    tree: Tree = build_tree(admin, buildings=2, units=2)
    create_user(admin, f"imp-{tree.station[:8]}", "station", tree.station, "import-pass-1")
    with contextlib.closing(
        login(suite.gateway_url, f"imp-{tree.station[:8]}", "import-pass-1")
    ) as clerk:

        def listed() -> list[str]:
            template = clerk.get("/api/imports/template")
            book = CalamineWorkbook.from_filelike(io.BytesIO(template.content))
            codes = book.get_sheet_by_name("代码").to_python(skip_empty_area=False)
            return [str(r[7]) for r in codes if len(r) > 7 and r[7]]

        # The template lists the units registry's copy of the place tree knows (it follows).
        expected = [f"幸福小区/{b}号楼/0{u}室" for b in (1, 2) for u in (1, 2)]
        eventually(lambda: listed() == expected)
        rng = random.Random(77)
        row = import_row(declaration(tree.units[tree.buildings[1]][0], office_today(), rng))
        row[7] = "幸福小区 / 2号楼 / 01室"
        landed = clerk.post(
            "/api/imports", files={"file": ("a.csv", import_csv([row]), "text/csv")}
        )
        assert (landed.json()["landed"], landed.json()["rejected"]) == (1, [])
    found = admin.get("/api/persons", params={"id_number": row[0]}).json()["items"]
    assert found[0]["residence"]["unit_id"] == tree.units[tree.buildings[1]][0]
    other = import_row(declaration(tree.units[tree.buildings[1]][0], office_today(), rng))
    other[7] = "幸福小区/2号楼/01室"  # the administrator sees every test's 幸福小区: ambiguous
    refused = admin.post("/api/imports", files={"file": ("b.csv", import_csv([other]), "text/csv")})
    assert refused.json()["rejected"][0]["field"] == "房屋编号"


def test_the_same_file_sent_twice_at_once_lands_once(admin: httpx.Client) -> None:
    tree: Tree = build_tree(admin, buildings=2, units=5)
    units = [u for us in tree.units.values() for u in us]
    rng = random.Random(4242)
    rows = [import_row(declaration(rng.choice(units), office_today(), rng)) for _ in range(3000)]
    files = {"file": ("twice.csv", import_csv(rows), "text/csv")}
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        answers = list(pool.map(lambda _: admin.post("/api/imports", files=files), range(2)))

    assert [a.status_code for a in answers] == [200, 200], [a.text[:300] for a in answers]
    reports = [a.json() for a in answers]
    assert sum(r["landed"] for r in reports) == 3000
    assert all(r["landed"] + r["already_imported"] == 3000 for r in reports)
    eventually(lambda: occupancy(admin, tree.district)["totals"]["current"] == 3000, timeout=60)


def _import_workers(suite: Suite) -> list[int]:
    """Registry's import worker processes (children spawned by multiprocessing)."""
    registry = suite.processes["registry"].process
    assert registry is not None
    children = Path(f"/proc/{registry.pid}/task/{registry.pid}/children").read_text().split()
    return [
        int(pid)
        for pid in children
        if "spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    ]


ROW_LIMIT = 200_000  # data rows, as published with the refusals below
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
OLD_XLS = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)  # an Excel 97 file's start


def _whitespace_bomb(template: bytes) -> bytes:
    """The template with its first sheet a GB of whitespace, deflated a MB at a time: the
    file is about a MB."""
    spaces = b" " * 2**20
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(template)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb,
    ):
        for name in source.namelist():
            if name != "xl/worksheets/sheet1.xml":
                bomb.writestr(name, source.read(name))
        with bomb.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(f'<?xml version="1.0"?><worksheet xmlns="{MAIN}"><sheetData>'.encode())
            for _ in range(1024):
                sheet.write(spaces)
            sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


def _sparse_workbook() -> bytes:
    """The headings, and one cell at XFD1048576: a few KB, every cell between laid out."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet("申报信息")
    sheet.write_row(0, 0, HEADINGS)
    sheet.write_string(1_048_575, 16_383, "x")
    book.close()
    return out.getvalue()


def test_hostile_files_are_refused_by_their_limit_and_the_workers_go_on(
    admin: httpx.Client, tree: Tree, suite: Suite
) -> None:
    """The issue's files: a 1 MB whitespace zip bomb (it cost 1 GB), a few-KB sparse xlsx
    (0.5 GB), a CSV past the row limit (two million rows cost 284 s and 11.3 GB)."""
    workers = _import_workers(suite)
    assert workers, "the workers start with the service"
    bomb = _whitespace_bomb(admin.get("/api/imports/template").content)
    assert len(bomb) < 2**21
    refused = {
        "bomb.xlsx": (bomb, "文件压缩比异常 (超过100倍), 不予读取"),
        "sparse.xlsx": (
            _sparse_workbook(),
            f"工作表声明的范围超过上限 ({ROW_LIMIT} 行数据, 26 列), 请删去多余的行列后另存",
        ),
        "rows.csv": (
            import_csv([["1"]] * (ROW_LIMIT + 1)),
            f"数据行超过上限 {ROW_LIMIT} 行, 请分成几个文件导入",
        ),
    }
    for name, (content, limit) in refused.items():
        response = admin.post(
            "/api/imports", params={"dry_run": "true"}, files={"file": (name, content)}
        )
        assert (response.status_code, response.json()["detail"]) == (413, limit), name

    old = admin.post(
        "/api/imports", params={"dry_run": "true"}, files={"file": ("a.xlsx", OLD_XLS)}
    )
    assert old.status_code == 422
    assert old.json()["detail"] == [
        {
            "loc": ["body", "file"],
            "msg": "只能导入 xlsx 或 csv 文件 (请使用下载的模板)",
            "type": "value_error",
        }
    ]
    assert set(workers) <= set(_import_workers(suite)), "every worker lived through them"

    rng = random.Random(413)
    units = [u for us in tree.units.values() for u in us]
    rows = [import_row(declaration(rng.choice(units), office_today(), rng)) for _ in range(3)]
    files = {"file": ("登记.csv", import_csv(rows), "text/csv")}
    dry = admin.post("/api/imports", params={"dry_run": "true"}, files=files)
    assert dry.status_code == 200, dry.text
    assert (dry.json()["rows"], dry.json()["accepted"], dry.json()["rejected"]) == (3, 3, [])


def test_a_worker_that_dies_fails_its_import_and_the_next_one_lands_the_rest(
    admin: httpx.Client, suite: Suite
) -> None:
    tree: Tree = build_tree(admin, buildings=2, units=5)
    units = [u for us in tree.units.values() for u in us]
    rng = random.Random(77)
    rows: dict[str, list[str]] = {}
    while len(rows) < 12000:  # one row per person
        row = import_row(declaration(rng.choice(units), office_today(), rng))
        rows[row[0]] = row
    files = {"file": ("大文件.csv", import_csv(list(rows.values())), "text/csv")}
    started = admin.post("/api/imports", files=files, headers={"Prefer": "respond-async"})
    location = started.headers["location"]
    eventually(lambda: admin.get(location).json()["stage"] == "landing", timeout=60)
    workers = _import_workers(suite)
    assert workers, "the job runs in a worker process"
    for pid in workers:  # as the kernel's out-of-memory killer would
        os.kill(pid, signal.SIGKILL)

    job = eventually(
        lambda: (j := admin.get(location).json())["stage"] in ("done", "failed") and j, timeout=30
    )
    assert (job["stage"], job["error"]) == (
        "failed",
        "导入中断, 请重新导入; 已导入的行不会重复导入",
    )
    again = admin.post("/api/imports", files=files, timeout=120).json()
    assert again["landed"] + again["already_imported"] == 12000
    assert again["already_imported"] < 12000, "the worker was killed before the end"
    eventually(lambda: occupancy(admin, tree.district)["totals"]["current"] == 12000, timeout=90)
