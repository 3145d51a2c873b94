"""Province replay: a million events delivered again to the reference receiver.

Starts its own durable PostgreSQL (the province's database), broker and receiver
(`liudong province`) in a temp dir; publishes the events of a synthetic district straight
to the broker (places, then check-ins, departures and cancellations, as bench.stats does);
then times `replay` (what `liudong replay-province --from` runs) from the first event to
the province's answer for the last batch, and checks that the receiver holds each event
once. Prints a Markdown block (`--record` appends it to bench/RESULTS.md).

    .venv/bin/python -m bench.province [--residences 740000] [--record] [--keep]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import UTC, datetime

from bench import report
from bench.commits import server_facts
from bench.stack import Stack, run_on_new_stack, say, start_database
from bench.stats import Truth, make_tree, place_events, publish_events, residence_events
from liudong_devstack.broker import Broker
from liudong_devstack.ports import free_port
from liudong_devstack.province import running_province
from liudong_events.catalog import HOUSING_TOPIC, REGISTRY_TOPIC
from liudong_events.kafka import ensure_topics
from liudong_sync_province.delivery import Delivery
from liudong_sync_province.replay import LANES, replay

KEY = "bench-province-key"


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.province", description=__doc__)
    parser.add_argument("--residences", type=int, default=740_000, help="(about 1 M events)")
    parser.add_argument("--departed", type=float, default=0.25)
    parser.add_argument("--cancelled", type=float, default=0.02)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--lanes", type=int, default=LANES, help="batches in flight at once")
    parser.add_argument("--record", action="store_true", help="append to bench/RESULTS.md")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir (data, logs)")
    return parser.parse_args(argv)


def run(stack: Stack, args: argparse.Namespace) -> int:
    start_database(stack)
    pg = server_facts(stack.pg.dsn_for("postgres"))
    stack.broker = Broker(free_port(), stack.workdir / "kafka", stack.workdir / "kafka.log").start()
    ensure_topics(stack.broker.bootstrap)
    tree, truth = make_tree(random.Random(args.seed)), Truth()
    say("publishing the district's events …")
    events = publish_events(stack.broker.bootstrap, place_events(tree), HOUSING_TOPIC)
    events += publish_events(
        stack.broker.bootstrap, residence_events(tree, args, truth), REGISTRY_TOPIC
    )
    province_db = stack.pg.create_database("province")
    port = free_port()
    with running_province(
        stack.workdir, port, KEY, LIUDONG_PROVINCE_DATABASE_URL=province_db
    ) as province:
        say(f"replaying {events:,} events to the province …")
        delivery = Delivery(f"http://127.0.0.1:{port}/events", KEY, timeout=120)
        began = time.monotonic()
        since = datetime(2000, 1, 1, tzinfo=UTC)
        delivered = replay(stack.broker.bootstrap, since, delivery, lanes=args.lanes).delivered
        seconds = time.monotonic() - began
        held = province.get("/received/summary", timeout=120).json()
    if delivered != events or held["events"] != events or held["duplicates_ignored"]:
        print(f"delivered {delivered}, province holds {held}, published {events}", file=sys.stderr)
        return 1
    rows = [
        *report.setting_rows(report.code_version(), pg),
        ("events", f"{events:,} (111,111 places, then check-ins, departures, cancellations)"),
        ("lanes (batches in flight)", str(args.lanes)),
        ("replay to the reference receiver", f"{seconds:.1f} s: {events / seconds:,.0f} events/s"),
        ("the province holds", f"{held['events']:,} events, each once"),
    ]
    report.publish(report.facts_block("Province replay", rows), args.record)
    return 0


def main(argv: list[str] | None = None) -> int:
    return run_on_new_stack(run, parse(argv))


if __name__ == "__main__":
    sys.exit(main())
