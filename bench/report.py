"""The Markdown block a run prints, and bench/RESULTS.md that `--record` appends it to."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

RESULTS = Path(__file__).with_name("RESULTS.md")
HEADER = """# Benchmark results

Appended by `python -m bench.checkins --record` (blocks headed by their date),
`python -m bench.search --record` (blocks headed "Person search") and
`python -m bench.imports --record` (blocks headed "Batch import"); one block per run, newest
last. Everything (PostgreSQL, the broker, the four services and the load client) runs on the
machine named in the block, so the figures are for that machine only.

Check-in blocks:

- **machine**: `uname -m`, CPU model (/proc/cpuinfo), logical cores, total memory.
- **code**: the commit the services ran, and files under libs/ and services/ that differed
  from it when the run started.
- **PostgreSQL**: server version and whether commits are durable (fsync, synchronous_commit).
- **check-ins**: new people checked in through the gateway (`POST /api/residences`), the
  concurrency (requests in flight) and the untimed warm-up before them.
- **check-ins/s**: timed check-ins ÷ wall-clock seconds from the first request sent to the
  last answer received.
- **latency p50 / p95 / p99**: per request, as the client saw it, in milliseconds.
- **load client (Go, bench/loadgen) CPU**: the user + system CPU seconds the load client's
  run for the timed check-ins used (its own getrusage, start-up and reading the bodies
  included), and that ÷ the check-ins' wall-clock seconds: the cores it took from the suite.
- **PostgreSQL single-client commits/s**: one connection inserting a residence-shaped row
  with a ~600-byte jsonb payload and committing each, in a fresh database on the same server.
- **ratio**: check-ins/s ÷ single-client commits/s.
- **pgbench**: the same insert and commit from one client of the server's own `pgbench`
  (in a database of its own on the same server): the reference that no client library
  slows down, beside psycopg's figure.
- **projection lag**: time from the last 201 until `GET /api/stats/occupancy` on the
  district reports every check-in as current (polled every 20 ms); then, from the
  occupancy projection's histogram `liudong_consumer_lag_seconds` (each event's commit in
  the registry to its projection's commit), the bucket the load's p99 falls in and the
  share of its events applied within 1 s.

Person search blocks (see bench/README.md):

- **persons loaded**: persons written by COPY straight into registry's tables (a residence
  each), not through the API, and the place tree they live in.
- **load**: seconds to generate and COPY them, VACUUM ANALYZE and CHECKPOINT.
- **searches**: how the timed searches ran (`GET /api/persons` through the gateway).
- **p50 / p95 / p99 ms**: per search, as the client saw it, for admin and for a user scoped
  to station 1; **mean total matched**: the mean of the searches' `total`.

Batch import blocks (see bench/README.md): the seconds a clerk waits for the dry run and for
the landing of one xlsx file of new people, through the gateway, and the rows per second.

Statistics blocks (see bench/README.md): the residences and their events published to the
broker, the live projection's pace, the rebuild (POST to switch-over) beside PostgreSQL's
COPY rate on the same server, and drill-down p50 / p95 / p99 per level through the gateway.
"""


@dataclass
class Figures:
    count: int
    concurrency: int
    warmup: int
    checkins_per_s: float
    latencies_s: list[float]
    pg: dict[str, str]
    commit_rows: int
    commits_per_s: float
    pgbench_per_s: float
    lag_s: float | None
    lag_note: str
    code: str
    client_cpu_s: float
    load_elapsed_s: float


def machine() -> str:
    model = _field("/proc/cpuinfo", "model name") or platform.processor() or "unknown CPU"
    mem_kb = _field("/proc/meminfo", "MemTotal")
    memory = f"{int(mem_kb.split()[0]) / 2**20:.1f} GiB" if mem_kb else "unknown memory"
    return f"{platform.machine()}, {model}, {os.cpu_count()} cores, {memory}"


def _field(path: str, key: str) -> str | None:
    try:
        lines = Path(path).read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        name, _, value = line.partition(":")
        if name.strip() == key:
            return value.strip()
    return None


def code_version() -> str:
    """The commit, and any uncommitted change to the code the services run."""
    root = RESULTS.parent.parent
    head = _git(root, "rev-parse", "--short", "HEAD") or "unknown commit"
    changed = _git(root, "status", "--porcelain", "--", "libs", "services").splitlines()
    return head + (f" + uncommitted: {', '.join(c[3:] for c in changed)}" if changed else "")


def _git(root: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return ""
    return done.stdout.rstrip("\n")


def percentiles_ms(latencies: list[float]) -> tuple[float, float, float]:
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return cuts[49] * 1000, cuts[94] * 1000, cuts[98] * 1000


def durability(pg: dict[str, str]) -> str:
    durable = pg.get("fsync") == "on" and pg.get("synchronous_commit") == "on"
    settings = ", ".join(
        f"{k}={pg.get(k)}" for k in ("fsync", "synchronous_commit", "wal_sync_method")
    )
    return f"{'durable' if durable else 'NOT durable'} ({settings})"


def block(f: Figures) -> str:
    p50, p95, p99 = percentiles_ms(f.latencies_s)
    lag = f"{f.lag_s:.3f} s" if f.lag_s is not None else "not reached"
    rows = [
        *setting_rows(f.code, f.pg),
        ("check-ins", f"{f.count} at concurrency {f.concurrency} (after {f.warmup} warm-up)"),
        ("check-ins/s", f"{f.checkins_per_s:.1f}"),
        ("latency p50 / p95 / p99", f"{p50:.1f} / {p95:.1f} / {p99:.1f} ms"),
        ("load client (Go, bench/loadgen) CPU", client_cpu(f)),
        ("PostgreSQL single-client commits/s", f"{f.commits_per_s:.1f} ({f.commit_rows} rows)"),
        ("ratio check-ins/s ÷ commits/s", f"{f.checkins_per_s / f.commits_per_s:.2f}"),
        ("pgbench, one client, the same insert", f"{f.pgbench_per_s:.1f} commits/s"),
        ("projection lag after last 201", f"{lag}{f.lag_note}"),
    ]
    return facts_block(None, rows)


def client_cpu(f: Figures) -> str:
    cores = f.client_cpu_s / f.load_elapsed_s if f.load_elapsed_s > 0 else 0.0
    return f"{f.client_cpu_s:.2f} s, {cores:.3f} cores"


Rows = list[tuple[str, str]]


def setting_rows(code: str, pg: dict[str, str], pg_note: str = "") -> Rows:
    """What every block starts with: the machine, the code and PostgreSQL's settings."""
    return [
        ("machine", machine()),
        ("code", code),
        ("PostgreSQL", f"{pg.get('server_version')}, {durability(pg)}{pg_note}"),
    ]


def facts_block(title: str | None, rows: Rows) -> str:
    """A block's heading (its title, if any, and the time) and its two-column table."""
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    table = "\n".join(f"| {k} | {v} |" for k, v in rows)
    heading = f"{title}, {when}" if title else when
    return f"## {heading}\n\n| | |\n|---|---|\n{table}\n"


def publish(text: str, record_it: bool) -> None:
    """Print a run's block, and append it to RESULTS.md when asked to."""
    print(text, flush=True)
    if record_it:
        print(f"bench: appended to {record(text)}", file=sys.stderr, flush=True)


def record(text: str) -> Path:
    if not RESULTS.exists():
        RESULTS.write_text(HEADER)
    with RESULTS.open("a") as out:
        out.write("\n" + text)
    return RESULTS
