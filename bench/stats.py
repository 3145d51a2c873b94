"""Statistics with 1.2 million residences: a rebuild from their events, and drill-down.

Starts its own durable PostgreSQL, broker and services in a temp dir; measures
PostgreSQL's COPY rate for residence rows on that server; publishes the events of a
synthetic district straight to the broker (places on `liudong.housing`; check-ins,
departures and cancellations on `liudong.registry`, as CloudEvents the registry would
write); waits for the live projection to apply them; then times `POST /api/stats/rebuild`
to its switch-over, checks the district's figures against the counts made while generating,
and times drill-down requests at every level through the gateway. Prints a Markdown block
(`--record` appends it to bench/RESULTS.md). Exits non-zero on a wrong figure or failure.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import httpx
import psycopg
from confluent_kafka import Producer

from bench import report
from bench.commits import server_facts
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
from liudong_devstack.suite import Suite
from liudong_events import kafka
from liudong_events.catalog import HOUSING_TOPIC, PLACE_KINDS, REGISTRY_TOPIC
from liudong_events.envelope import Envelope

FAN_OUT = 10  # children of every place: 10 stations, 100 communities … 100,000 units
TODAY = date.today()
FIRST_DAY = TODAY - timedelta(days=3 * 365)
REGIONS = ("110105", "320102", "330106", "410102", "429004", "510104", "620102")
HOUSING = ("rented", "dormitory", "construction_site", "own_house", "relative_friend")
REASONS = ("work", "business", "study", "family", "medical", "other")


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.stats",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--residences", type=int, default=1_200_000, help="(1200000)")
    parser.add_argument("--departed", type=float, default=0.25, help="share departed (0.25)")
    parser.add_argument("--cancelled", type=float, default=0.02, help="share cancelled (0.02)")
    parser.add_argument("--queries", type=int, default=200, help="timed per level (200)")
    parser.add_argument("--warmup", type=int, default=20, help="untimed per level first (20)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--shared-buffers", default="256MB")
    parser.add_argument("--record", action="store_true", help="append to bench/RESULTS.md")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir (data, logs)")
    return parser.parse_args(argv)


@dataclass
class Tree:
    """Place ids by kind, and each unit's path; children of place i are FAN_OUT*i … +9."""

    ids: dict[str, list[str]] = field(default_factory=dict)

    def path(self, unit: int) -> list[str]:
        steps = []
        for depth, kind in enumerate(reversed(PLACE_KINDS)):
            steps.append(self.ids[kind][unit // FAN_OUT**depth])
        return steps[::-1]


def make_tree(rng: random.Random) -> Tree:
    tree = Tree()
    for depth, kind in enumerate(PLACE_KINDS):
        tree.ids[kind] = [str(uuid.UUID(int=rng.getrandbits(128))) for _ in range(FAN_OUT**depth)]
    return tree


def place_events(tree: Tree) -> Iterator[Envelope]:
    for depth, kind in enumerate(PLACE_KINDS):
        for i, place in enumerate(tree.ids[kind]):
            parent = tree.ids[PLACE_KINDS[depth - 1]][i // FAN_OUT] if depth else None
            ancestors = [
                tree.ids[PLACE_KINDS[d]][i // FAN_OUT ** (depth - d)] for d in range(depth)
            ]
            path = [
                {"id": p, "kind": PLACE_KINDS[d], "name": f"{PLACE_KINDS[d]} {p[:6]}"}
                for d, p in enumerate([*ancestors, place])
            ]
            data = {
                "place_id": place,
                "kind": kind,
                "name": path[-1]["name"],
                "parent_id": parent,
                "code": None,
                "path": path,
            }
            yield _envelope("liudong.place.created", f"place-{place}", 1, place, data)


# The clerks who entered the residences: events carry their actor, as the registry's do.
CLERKS = [
    {"user_id": str(uuid.UUID(int=n + 1)), "username": f"clerk{n:02d}", "role": "community"}
    for n in range(50)
]


def _envelope(
    kind: str,
    stream: str,
    version: int,
    key: str,
    data: dict[str, Any],
    actor: dict[str, str] | None = None,
) -> Envelope:
    return Envelope(kind, stream, version, key, data, source="/bench", actor=actor)


@dataclass
class Truth:
    """What the district's figures must be, counted while the events were made."""

    checkins: int = 0
    departures: int = 0
    cancellations: int = 0
    current: int = 0
    events: int = 0


def residence_events(tree: Tree, args: argparse.Namespace, truth: Truth) -> Iterator[Envelope]:
    rng = random.Random(f"residences:{args.seed}")
    units = len(tree.ids["unit"])
    days = (TODAY - FIRST_DAY).days
    for _ in range(args.residences):
        person, residence = str(uuid.UUID(int=rng.getrandbits(128))), str(uuid.uuid4())
        unit = rng.randrange(units)
        arrival = FIRST_DAY + timedelta(days=rng.randrange(days + 1))
        stream, clerk = f"residence-{residence}", rng.choice(CLERKS)
        yield _envelope(
            "liudong.residence.checked_in",
            stream,
            1,
            person,
            _checkin(rng, tree, unit, person, residence, arrival),
            clerk,
        )
        truth.checkins += 1
        version, left, gone = 1, None, False
        if rng.random() < args.departed:
            left = arrival + timedelta(days=rng.randrange((TODAY - arrival).days + 1))
            version += 1
            data = {
                "residence_id": residence,
                "person_id": person,
                "unit_id": tree.ids["unit"][unit],
                "place_path": tree.path(unit),
                "departure_date": left.isoformat(),
                "reason": None,
                "moved_to_residence_id": None,
            }
            yield _envelope("liudong.residence.departed", stream, version, person, data, clerk)
        if rng.random() < args.cancelled:
            gone = True
            data = {
                "residence_id": residence,
                "person_id": person,
                "unit_id": tree.ids["unit"][unit],
                "place_path": tree.path(unit),
                "reason": "录入错误",
            }
            yield _envelope("liudong.residence.cancelled", stream, version + 1, person, data, clerk)
        truth.cancellations += gone
        truth.departures += left is not None and not gone
        truth.current += left is None and not gone


def _checkin(
    rng: random.Random, tree: Tree, unit: int, person: str, residence: str, arrival: date
) -> dict[str, Any]:
    born = date(1950, 1, 1) + timedelta(days=rng.randrange(20000))
    return {
        "residence_id": residence,
        "person_id": person,
        "person_name": f"居民{rng.randrange(10**6):06d}",
        "unit_id": tree.ids["unit"][unit],
        "place_path": tree.path(unit),
        "arrival_date": arrival.isoformat(),
        "sex": rng.choice("12"),
        "birth_date": born.isoformat(),
        "origin_region": rng.choice(REGIONS),
        "housing_type": rng.choice(HOUSING),
        "reason": rng.choice(REASONS),
        "intended_stay_days": 365,
        "moved_from_residence_id": None,
        "applies_for_permit": None,
        "employment": None,
        "capture": {
            "channel": "imported",
            "reader_id": None,
            "chip_serial": None,
            "batch_id": None,
        },
        "minors": [],
    }


def publish_events(bootstrap: str, events: Iterator[Envelope], topic: str) -> int:
    producer = Producer(
        {**kafka.producer_config(bootstrap), "linger.ms": 50, "batch.size": 1 << 20}
    )
    sent = 0
    for envelope in events:
        record = envelope.to_kafka()
        while True:
            try:
                producer.produce(
                    topic, value=record.value, key=record.key, headers=list(record.headers.items())
                )
                break
            except BufferError:
                producer.poll(0.05)
        sent += 1
        if sent % 10000 == 0:
            producer.poll(0)
    producer.flush(120)
    return sent


def copy_rate(dsn: str, rows: int) -> float:
    """Residence rows per second that COPY writes into a fresh table of the same shape."""
    rng = random.Random("copy")
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(
            "CREATE TABLE copy_bench (residence_id uuid PRIMARY KEY, person_id uuid NOT NULL,"
            " person_name text NOT NULL, district_id uuid, station_id uuid, community_id uuid,"
            " compound_id uuid, building_id uuid, unit_id uuid NOT NULL, arrival_date date"
            " NOT NULL, departure_date date, cancelled boolean NOT NULL DEFAULT false, sex text,"
            " birth_date date, origin_region text, housing_type text, reason text)"
        )
        ids = [uuid.uuid4() for _ in range(7)]
        began = time.perf_counter()
        with (
            conn.cursor() as cur,
            cur.copy(
                "COPY copy_bench (residence_id, person_id, person_name, district_id, station_id,"
                " community_id, compound_id, building_id, unit_id, arrival_date, sex, birth_date,"
                " origin_region, housing_type, reason) FROM STDIN"
            ) as copy,
        ):
            for i in range(rows):
                copy.write_row(
                    (
                        uuid.uuid4(),
                        ids[0],
                        f"居民{i}",
                        *ids[1:7],
                        FIRST_DAY,
                        "1",
                        FIRST_DAY,
                        rng.choice(REGIONS),
                        "rented",
                        "work",
                    )
                )
        seconds = time.perf_counter() - began
        conn.execute("DROP TABLE copy_bench")
    return rows / seconds


def stats_lag(admin: httpx.Client) -> dict[str, Any]:
    lag = admin.get("/api/stats/lag").json()["projections"]
    return dict({p["name"]: p for p in lag}["stats.occupancy"])


def wait_applied(admin: httpx.Client, events: int, timeout: float = 3600) -> float:
    began = time.monotonic()
    while time.monotonic() - began < timeout:
        projection = stats_lag(admin)
        if projection["applied_events"] >= events and projection["behind_events"] == 0:
            return time.monotonic() - began
        time.sleep(0.5)
    raise RuntimeError(f"the live projection did not apply {events} events")


def wait_all_applied(suite: Suite, timeout: float = 3600) -> None:
    """Until no consumer of any service has events waiting (housing keeps its own
    projection of the registry's events): the rebuild is timed on a quiet machine."""
    began = time.monotonic()
    while time.monotonic() - began < timeout:
        behind = 0.0
        for name in suite.ports:
            for line in httpx.get(f"{suite.url(name)}/metrics").text.splitlines():
                if line.startswith("liudong_consumer_behind_events{"):
                    behind += float(line.rsplit(" ", 1)[1])
        if behind == 0:
            return
        time.sleep(1)
    raise RuntimeError("the services' consumers did not catch up")


def rebuild(admin: httpx.Client) -> tuple[float, dict[str, Any]]:
    began = time.monotonic()
    admin.post("/api/stats/rebuild").raise_for_status()
    while True:
        progress = admin.get("/api/stats/rebuild").json()
        if progress["state"] in ("done", "failed"):
            return time.monotonic() - began, progress
        time.sleep(0.2)


def rebuild_steps(stack: Stack) -> str:
    """How long each step of the rebuild took, as the stats service logged it."""
    steps = []
    for line in (stack.log_dir / "stats.log").read_text(errors="replace").splitlines():
        if '"rebuild_step"' in line or '"rebuild_switched"' in line:
            entry = json.loads(line)
            steps.append(f"{entry.get('step', 'switch')} {entry['ms'] / 1000:.1f}")
    return ", ".join(steps)


def district_figures(admin: httpx.Client, tree: Tree) -> dict[str, int]:
    params = {"place_id": tree.ids["district"][0], "from": FIRST_DAY.isoformat()}
    return dict(admin.get("/api/stats/occupancy", params=params).json()["totals"])


def drill_down(
    admin: httpx.Client, tree: Tree, args: argparse.Namespace
) -> tuple[dict[str, list[float]], list[str]]:
    """Per level, occupancy of random places of that level over random periods."""
    rng = random.Random(f"drill:{args.seed}")
    timings: dict[str, list[float]] = {}
    failures: list[str] = []
    for kind in PLACE_KINDS:
        timings[kind] = []
        for n in range(args.warmup + args.queries):
            end = FIRST_DAY + timedelta(days=rng.randrange((TODAY - FIRST_DAY).days + 1))
            start = end - timedelta(days=rng.choice((0, 6, 29, 89, 364)))
            params = {
                "place_id": rng.choice(tree.ids[kind]),
                "from": start.isoformat(),
                "to": end.isoformat(),
            }
            began = time.perf_counter()
            response = admin.get("/api/stats/occupancy", params=params)
            elapsed = time.perf_counter() - began
            if response.status_code != 200:
                failures.append(f"{kind}: {response.status_code} {response.text[:200]}")
            elif n >= args.warmup:
                timings[kind].append(elapsed)
    return timings, failures


def run(stack: Stack, args: argparse.Namespace) -> int:
    start_database(stack, args.shared_buffers)
    pg = server_facts(stack.pg.dsn_for("postgres"))
    say(f"COPY rate: {args.residences:,} residence rows …")
    copied = copy_rate(stack.pg.dsn_for("postgres"), args.residences)
    suite = start_services(stack)
    admin = login(suite.gateway_url, "admin", ADMIN_PASSWORD)
    tree, truth = make_tree(random.Random(args.seed)), Truth()
    say(f"publishing {sum(len(v) for v in tree.ids.values()):,} places …")
    assert stack.broker is not None
    truth.events = publish_events(stack.broker.bootstrap, place_events(tree), HOUSING_TOPIC)
    say(f"publishing the events of {args.residences:,} residences …")
    began = time.monotonic()
    truth.events += publish_events(
        stack.broker.bootstrap, residence_events(tree, args, truth), REGISTRY_TOPIC
    )
    published_s = time.monotonic() - began
    say(f"{truth.events:,} events published in {published_s:.0f} s; live projection applying …")
    live_s = wait_applied(admin, truth.events)
    wanted = {
        "checked_in": truth.checkins - truth.cancellations,
        "departed": truth.departures,
        "current": truth.current,
    }
    if (got := district_figures(admin, tree)) != wanted:
        print(f"wrong live district figures: {got} != {wanted}", file=sys.stderr)
        return 1
    say(f"applied live in {live_s:.0f} s; waiting for the other consumers …")
    wait_all_applied(suite)
    say("rebuilding …")
    rebuild_s, progress = rebuild(admin)
    if progress["state"] != "done":
        print(f"rebuild failed: {progress}\n{tail_logs(stack)}", file=sys.stderr)
        return 1
    if (got := district_figures(admin, tree)) != wanted:
        print(f"wrong district figures after the rebuild: {got} != {wanted}", file=sys.stderr)
        return 1
    say(f"rebuilt in {rebuild_s:.1f} s; drill-down …")
    timings, failures = drill_down(admin, tree, args)
    if failures:
        print("\n".join(failures[:20]), file=sys.stderr)
        return 1
    rows = [
        *report.setting_rows(report.code_version(), pg, f", shared_buffers={args.shared_buffers}"),
        (
            "residences",
            f"{args.residences:,} ({truth.departures:,} departed, {truth.cancellations:,}"
            f" cancelled, {truth.current:,} current) over 3 years, in 1 district › 10 stations ›"
            f" 100 communities › 1,000 compounds › 10,000 buildings › 100,000 units",
        ),
        (
            "events",
            f"{truth.events:,} (111,111 places, then check-ins, departures, cancellations"
            " entered by 50 clerks),"
            f" published straight to the broker in {published_s:.0f} s",
        ),
        ("live projection", f"applied them all in {live_s:.0f} s ({truth.events / live_s:,.0f}/s)"),
        (
            "rebuild (POST to switch-over)",
            f"{rebuild_s:.1f} s: {progress['applied']:,} events, "
            f"{progress['applied'] / rebuild_s:,.0f} events/s,"
            f" {args.residences / rebuild_s:,.0f} residences/s",
        ),
        ("rebuild steps (s)", rebuild_steps(stack)),
        ("PostgreSQL COPY, same server", f"{copied:,.0f} residence rows/s"),
        ("ratio rebuild ÷ COPY (residences/s)", f"{args.residences / rebuild_s / copied:.3f}"),
        ("district figures after rebuild", f"{got} = counted while generating"),
        (
            "drill-down",
            f"GET /api/stats/occupancy through the gateway, per level {args.warmup} untimed then"
            f" {args.queries} timed, random place and period (1 day to 1 year), one at a time",
        ),
    ]
    lines = []
    for kind, samples in timings.items():
        p50, p95, p99 = report.percentiles_ms(samples)
        lines.append(f"| {kind} | {p50:.1f} / {p95:.1f} / {p99:.1f} |")
    text = (
        report.facts_block("Statistics", rows)
        + "\n| level | p50 / p95 / p99 ms |\n|---|---|\n"
        + "\n".join(lines)
        + "\n"
    )
    report.publish(text, args.record)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    return run_on_new_stack(run, args)


if __name__ == "__main__":
    sys.exit(main())
