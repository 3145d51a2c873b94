"""Check-in throughput, latency and projection lag of the whole suite on this machine.

Starts its own durable PostgreSQL, broker and services in a temp dir, checks in new people
through the gateway at a fixed concurrency, measures PostgreSQL's single-client commit rate
on the same server for comparison, and prints a Markdown block (`--record` appends it to
bench/RESULTS.md). Exits non-zero if any check-in is not answered 201.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter

import httpx

from bench import api, people, report
from bench.commits import commits_per_second, pgbench_commits_per_second, server_facts
from bench.load import LoadResult, check_in_all
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

BUILDINGS, UNITS = 10, 20
POLL_INTERVAL = 0.02


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.checkins",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--count", type=int, default=4000, help="timed check-ins (4000)")
    parser.add_argument("--concurrency", type=int, default=16, help="requests in flight (16)")
    parser.add_argument("--warmup", type=int, default=200, help="untimed check-ins first (200)")
    parser.add_argument(
        "--commit-rows",
        type=int,
        default=3000,
        help="rows for the PostgreSQL single-client commit rate (3000)",
    )
    parser.add_argument("--seed", type=int, default=1, help="seed for the choice of units")
    parser.add_argument(
        "--lag-give-up",
        type=float,
        default=600.0,
        help="stop waiting for the projection after this many seconds (600)",
    )
    parser.add_argument("--record", action="store_true", help="append to bench/RESULTS.md")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir (data, logs)")
    return parser.parse_args(argv)


def failed(stack: Stack, phase: str, result: LoadResult) -> int:
    by_status = Counter(status for status, _ in result.failures)
    say(f"{len(result.failures)} check-ins failed in the {phase}: {dict(by_status)}")
    for status, body in list(dict.fromkeys(result.failures))[:20]:
        say(f"  {status}: {body}")
    say("service logs:\n" + tail_logs(stack))
    return 1


def measure_commits(stack: Stack, rows: int) -> tuple[float, float]:
    """The single-client commit rate through psycopg, and through pgbench."""
    say(f"PostgreSQL single-client commit rate ({rows} rows) …")
    rate = commits_per_second(stack.pg.create_database("bench_commits"), rows)
    stack.pg.create_database("bench_pgbench")
    reference = pgbench_commits_per_second(stack.pg, "bench_pgbench", rows)
    say(f"  {rate:.1f} commits/s (psycopg), {reference:.1f} (pgbench)")
    return rate, reference


def run(stack: Stack, args: argparse.Namespace) -> int:
    say(f"PostgreSQL in {stack.workdir} (durable={stack.durable}) …")
    start_database(stack)
    facts = server_facts(stack.pg.dsn)
    commits, reference = measure_commits(stack, args.commit_rows)
    say("broker and services …")
    code = report.code_version()
    suite = start_services(stack)
    admin = login(suite.gateway_url, "admin", ADMIN_PASSWORD)
    tree = api.build_tree(admin, BUILDINGS, UNITS)
    token = admin.headers["Authorization"].removeprefix("Bearer ")
    bodies = people.declarations(0, args.warmup + args.count, tree.units, args.seed)
    say(f"warm-up: {args.warmup} check-ins …")
    warm = check_in_all(suite.gateway_url, token, bodies[: args.warmup], args.concurrency)
    if warm.failures:
        return failed(stack, "warm-up", warm)
    say(f"load: {args.count} check-ins at concurrency {args.concurrency} …")
    before = lag_buckets(suite.url("stats"))
    load = check_in_all(suite.gateway_url, token, bodies[args.warmup :], args.concurrency)
    if load.failures:
        return failed(stack, "load", load)
    lag, note = projection_lag(admin, tree.district, args.warmup + args.count, load, args)
    note += event_lag_p99(before, lag_buckets(suite.url("stats")))
    figures = report.Figures(
        args.count,
        args.concurrency,
        args.warmup,
        load.rate,
        load.latencies,
        facts,
        args.commit_rows,
        commits,
        reference,
        lag,
        note,
        code,
        load.client_cpu_s,
        load.elapsed,
    )
    return publish(stack, figures, args.record)


def projection_lag(
    admin: httpx.Client,
    district: str,
    expected: int,
    load: LoadResult,
    args: argparse.Namespace,
) -> tuple[float | None, str]:
    say(f"waiting for the occupancy projection to show {expected} current …")
    seen_at, seen = api.wait_for_current(admin, district, expected, args.lag_give_up, POLL_INTERVAL)
    if seen_at is None:
        return None, f" (gave up after {args.lag_give_up:.0f} s at current={seen})"
    return max(0.0, seen_at - load.last_created), ""


LAG_METRIC = 'liudong_consumer_lag_seconds_bucket{consumer="stats.occupancy",le="'


def lag_buckets(stats_url: str) -> dict[float, float]:
    """The occupancy projection's lag histogram: events applied within each bound."""
    text = httpx.get(f"{stats_url}/metrics", timeout=10).text
    buckets = {}
    for line in text.splitlines():
        if line.startswith(LAG_METRIC):
            bound, count = line.removeprefix(LAG_METRIC).split('"} ')
            buckets[float(bound)] = float(count)
    return buckets


def event_lag_p99(before: dict[float, float], after: dict[float, float]) -> str:
    """The p99 of the load's events, from commit to projection (the bucket it falls in)."""
    counts = {bound: after[bound] - before.get(bound, 0.0) for bound in sorted(after)}
    total = counts.get(float("inf"), 0.0)
    if not total:
        return "; per-event lag: no events counted"
    p99 = next(bound for bound, n in counts.items() if n >= 0.99 * total)
    within_1s = counts.get(1.0, 0.0) / total
    return f"; per-event lag p99 ≤ {p99:g} s ({within_1s:.1%} of {total:.0f} events within 1 s)"


def publish(stack: Stack, figures: report.Figures, record: bool) -> int:
    report.publish(report.block(figures), record)
    if figures.lag_s is None:
        say("the projection never caught up; service logs:\n" + tail_logs(stack))
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    return run_on_new_stack(run, parse(argv))


if __name__ == "__main__":
    sys.exit(main())
