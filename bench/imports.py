"""Batch import benchmark: a 100,000-row xlsx file checked (dry run), then landed, through
the gateway, on a durable PostgreSQL; the times a clerk waits for each answer.

    .venv/bin/python -m bench.imports [--rows 100000] [--record] [--keep]
"""

from __future__ import annotations

import argparse
import io
import random
import sys
import time
from datetime import date, timedelta
from typing import Any

import httpx
import xlsxwriter

from bench import report
from bench.api import add_place
from bench.commits import server_facts
from bench.population import Population
from bench.stack import (
    ADMIN_PASSWORD,
    Stack,
    run_on_new_stack,
    say,
    start_database,
    start_services,
    tail_logs,
)
from liudong_devstack.client import login
from liudong_registry.imports import HEADINGS

HOUSING = ("rented", "dormitory", "construction_site", "relative_friend")
REASONS = ("work", "business", "family", "study")


def build_units(client: httpx.Client, buildings: int, units: int) -> list[str]:
    district = add_place(client, "district", "城关区", None)
    station = add_place(client, "station", "东关派出所", district)
    community = add_place(client, "community", "东关社区", station)
    compound = add_place(client, "compound", "幸福小区", community)
    found = []
    for b in range(buildings):
        building = add_place(client, "building", f"{b + 1}号楼", compound)
        found += [add_place(client, "unit", f"{u + 1:03d}室", building) for u in range(units)]
    return found


def workbook(rows: int, units: list[str], seed: int) -> bytes:
    """The template's sheet filled with `rows` new people, each into a random unit."""
    rng = random.Random(seed)
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "constant_memory": True})
    sheet = book.add_worksheet("申报信息")
    sheet.write_row(0, 0, HEADINGS)
    today = date.today()
    for line, person in enumerate(Population(seed).people(0, rows), start=1):
        sheet.write_row(
            line,
            0,
            [
                person.id_number,
                person.name,
                person.sex,
                person.ethnicity,
                person.birth_date.isoformat(),
                person.phone,
                person.hukou_address,
                rng.choice(units),
                (today - timedelta(days=rng.randrange(365))).isoformat(),
                rng.choice(HOUSING),
                rng.choice(REASONS),
                rng.choice((90, 180, 365)),
            ],
        )
    book.close()
    return out.getvalue()


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def timed_post(client: httpx.Client, content: bytes, dry_run: bool) -> tuple[float, dict[str, Any]]:
    files = {"file": ("登记.xlsx", content, XLSX)}
    began = time.perf_counter()
    response = client.post(
        "/api/imports", params={"dry_run": str(dry_run).lower()}, files=files, timeout=600
    )
    elapsed = time.perf_counter() - began
    if response.status_code != 200:
        raise RuntimeError(f"POST /api/imports -> {response.status_code}: {response.text[:500]}")
    return elapsed, response.json()


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--buildings", type=int, default=20)
    parser.add_argument("--units", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--record", action="store_true")
    parser.add_argument("--keep", action="store_true")
    return parser.parse_args(argv)


def run(stack: Stack, args: argparse.Namespace) -> int:
    code = report.code_version()
    start_database(stack)
    suite = start_services(stack)
    client = login(suite.gateway_url, "admin", ADMIN_PASSWORD)
    units = build_units(client, args.buildings, args.units)
    began = time.perf_counter()
    content = workbook(args.rows, units, args.seed)
    megabytes, written = len(content) / 2**20, time.perf_counter() - began
    say(f"file: {args.rows} rows, {megabytes:.1f} MiB in {written:.1f} s")
    dry_s, dry = timed_post(client, content, dry_run=True)
    say(f"dry run: {dry_s:.1f} s, {dry['accepted']} accepted")
    land_s, landed = timed_post(client, content, dry_run=False)
    say(f"landing: {land_s:.1f} s, {landed['landed']} landed")
    if dry["accepted"] != args.rows or landed["landed"] != args.rows:
        say(f"not every row landed: {dry['rejected'][:5]} {landed['rejected'][:5]}")
        say("service logs:\n" + tail_logs(stack))
        return 1
    facts = server_facts(stack.pg.dsn)
    figures = [
        *report.setting_rows(code, facts),
        ("file", f"xlsx, {args.rows} rows of new people, {megabytes:.1f} MiB"),
        ("units", f"{len(units)} (rows spread at random)"),
        ("dry run (POST ?dry_run=true)", f"{dry_s:.1f} s ({args.rows / dry_s:,.0f} rows/s)"),
        ("landing (POST)", f"{land_s:.1f} s ({args.rows / land_s:,.0f} rows/s)"),
    ]
    text = report.facts_block("Batch import", figures)
    report.publish(text, args.record)
    return 0


def main(argv: list[str] | None = None) -> int:
    return run_on_new_stack(run, parse(argv))


if __name__ == "__main__":
    sys.exit(main())
