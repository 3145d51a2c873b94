"""Person search through the gateway with a large registry (1.2 million persons by default).

Starts its own durable PostgreSQL, broker and services in a temp dir, loads the registry's
tables by COPY (not through the API: see bench/bulk.py), then times searches of each kind
one after another, as admin and as a station-scoped user, and prints a Markdown block
(`--record` appends it to bench/RESULTS.md). Exits non-zero if any search is not answered 200.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

import httpx

from bench import report
from bench.bulk import STATIONS, UNITS_PER, Loaded, load
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
from liudong_codetables.names import initials
from liudong_devstack.client import login

STATION_USER, STATION_PASSWORD = "bench-station", "search-bench-secret-1"
Params = dict[str, str]


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.search",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--persons", type=int, default=1_200_000, help="persons loaded (1200000)")
    parser.add_argument(
        "--searches", type=int, default=200, help="timed searches of each kind, per user (200)"
    )
    parser.add_argument(
        "--warmup", type=int, default=20, help="untimed searches of each kind first (20)"
    )
    parser.add_argument("--seed", type=int, default=1, help="seed for the people and queries")
    parser.add_argument(
        "--shared-buffers",
        default="256MB",
        help="PostgreSQL's shared_buffers (256MB, as make run and the tests have it)",
    )
    parser.add_argument("--record", action="store_true", help="append to bench/RESULTS.md")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir (data, logs)")
    return parser.parse_args(argv)


class Queries:
    """The query of each kind for person i: it always finds at least person i."""

    def __init__(self, loaded: Loaded, seed: int) -> None:
        self.loaded = loaded
        self.rng = random.Random(f"queries:{seed}")
        self.surnames = sorted(Population(seed).surnames, key=len, reverse=True)

    def person(self, station: int | None) -> int:
        """A random person; with `station`, one who lives under that station."""
        while True:
            i = self.rng.randrange(len(self.loaded.names))
            if station is None or self.loaded.units[i] // UNITS_PER["station"] == station:
                return i

    def id_number(self, i: int) -> Params:
        return {"id_number": self.loaded.id_numbers[i]}

    def name(self, i: int) -> Params:
        """Surname and the first character of the given name."""
        name = self.loaded.names[i]
        surname = next((s for s in self.surnames if name.startswith(s)), name[0])
        return {"name": name[: len(surname) + 1]}

    def initials(self, i: int) -> Params:
        """Two or three letters of the usual reading's initials."""
        usual = initials(self.loaded.names[i], person=True)[0]
        return {"name": usual[: self.rng.choice((2, 3))]}

    def compound_month(self, i: int) -> Params:
        """The person's compound, and the calendar month they arrived in."""
        arrival = self.loaded.arrivals[i]
        first = arrival.replace(day=1)
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        return {
            "place_id": self.loaded.tree.place_of("compound", self.loaded.units[i]),
            "arrived_from": first.isoformat(),
            "arrived_to": last.isoformat(),
        }

    def officer(self, i: int) -> Params:
        """The responsible officer of the person's community."""
        return {"officer_id": self.loaded.tree.officer_of(self.loaded.units[i])}


INITIALS = "pinyin initials (2–3 letters)"
KINDS: dict[str, Callable[[Queries, int], Params]] = {
    "ID number": Queries.id_number,
    "name prefix (surname + 1 character)": Queries.name,
    INITIALS: Queries.initials,
    "compound + arrival month": Queries.compound_month,
    "officer (community)": Queries.officer,
}


@dataclass
class Sample:
    kind: str
    seconds: float
    total: int
    params: Params


@dataclass
class Timing:
    samples: list[Sample] = field(default_factory=list)
    failures: list[tuple[str, str, str]] = field(default_factory=list)  # kind, status, body

    def of(self, kind: str, letters: int | None = None) -> list[Sample]:
        return [
            s
            for s in self.samples
            if s.kind == kind and (letters is None or len(s.params["name"]) == letters)
        ]


def search(client: httpx.Client, kind: str, params: Params, timing: Timing, timed: bool) -> None:
    query = {**params, "page_size": "20", "sort": "name"}
    began = time.perf_counter()
    try:
        response = client.get("/api/persons", params=query)
    except httpx.HTTPError as exc:
        timing.failures.append((kind, type(exc).__name__, str(exc)))
        return
    elapsed = time.perf_counter() - began
    if response.status_code != 200:
        timing.failures.append((kind, str(response.status_code), response.text[:300]))
    elif timed:
        timing.samples.append(Sample(kind, elapsed, int(response.json()["total"]), params))


def run_searches(
    client: httpx.Client, queries: Queries, station: int | None, count: int, warmup: int
) -> Timing:
    """Kind after kind: `warmup` untimed searches of the kind, then `count` timed ones, one
    at a time, each for a different random person (under `station` when given)."""
    timing = Timing()
    for kind, make in KINDS.items():
        for n in range(warmup + count):
            search(client, kind, make(queries, queries.person(station)), timing, n >= warmup)
    return timing


def station_user(admin: httpx.Client, gateway_url: str, station: str) -> httpx.Client:
    created = admin.post(
        "/api/users",
        json={
            "username": STATION_USER,
            "password": STATION_PASSWORD,
            "role": "station",
            "scope_place_id": station,
        },
    )
    if created.status_code != 201:
        raise RuntimeError(f"POST /api/users -> {created.status_code}: {created.text}")
    return login(gateway_url, STATION_USER, STATION_PASSWORD)


def block(
    loaded: Loaded, pg: dict[str, str], code: str, args: argparse.Namespace, runs: dict[str, Timing]
) -> str:
    persons = len(loaded.names)
    rows = [
        *report.setting_rows(code, pg, f", shared_buffers={args.shared_buffers}"),
        (
            "persons loaded",
            f"{persons:,} with a residence each ({loaded.departed / persons:.0%} departed),"
            f" in 1 district › {STATIONS} stations › {len(loaded.tree.communities)} communities"
            f" › {len(loaded.tree.compounds)} compounds › {len(loaded.tree.unit_paths):,} units;"
            " written by COPY into registry's tables, not through the API (1.2M check-ins at"
            " ~150/s would take hours)",
        ),
        ("load", f"{loaded.seconds:.0f} s (generate, COPY, VACUUM ANALYZE, CHECKPOINT)"),
        (
            "searches",
            f"per user, kind after kind: {args.warmup} untimed, then {args.searches} timed, one"
            " at a time, each for another random person; page_size 20, sort by name; each"
            " audited (audit.searched)",
        ),
    ]
    lines = []
    for user, timing in runs.items():
        for kind in KINDS:
            lines.append(f"| {user} | {kind} | {_figures(timing.of(kind))} |")
            if kind == INITIALS:
                for letters in (2, 3):
                    part = timing.of(kind, letters)
                    label = f"… of which {letters} letters ({len(part)})"
                    lines.append(f"| {user} | {label} | {_figures(part)} |")
    return (
        report.facts_block("Person search", rows)
        + "\n| user | search | p50 / p95 / p99 ms | mean total matched |\n|---|---|---|---|\n"
        + "\n".join(lines)
        + "\n"
    )


def _figures(samples: list[Sample]) -> str:
    if len(samples) < 2:
        return "– | –"
    p50, p95, p99 = report.percentiles_ms([s.seconds for s in samples])
    total = statistics.fmean(s.total for s in samples)
    return f"{p50:.1f} / {p95:.1f} / {p99:.1f} | {total:,.1f}"


def run(stack: Stack, args: argparse.Namespace) -> int:
    say(f"PostgreSQL in {stack.workdir} (durable={stack.durable}) …")
    start_database(stack, args.shared_buffers)
    facts = server_facts(stack.pg.dsn)
    say("broker and services …")
    code = report.code_version()
    suite = start_services(stack)
    admin = login(suite.gateway_url, "admin", ADMIN_PASSWORD)
    say(f"loading {args.persons} persons by COPY …")
    loaded = load(admin, suite.migration_urls["registry"], args.persons, args.seed, say)
    queries = Queries(loaded, args.seed)
    station = station_user(admin, suite.gateway_url, loaded.tree.stations[0])
    runs: dict[str, Timing] = {}
    for user, client, scope in (("admin", admin, None), ("station 1", station, 0)):
        say(f"{user}: {args.warmup} + {args.searches} searches of each kind …")
        runs[user] = run_searches(client, queries, scope, args.searches, args.warmup)
    station.close()
    admin.close()
    failures = [f for timing in runs.values() for f in timing.failures]
    if failures:
        say(f"{len(failures)} searches failed:")
        for kind, status, body in failures[:20]:
            say(f"  {kind}: {status}: {body}")
        say("service logs:\n" + tail_logs(stack))
        return 1
    text = block(loaded, facts, code, args, runs)
    report.publish(text, args.record)
    return 0


def main(argv: list[str] | None = None) -> int:
    return run_on_new_stack(run, parse(argv))


if __name__ == "__main__":
    sys.exit(main())
