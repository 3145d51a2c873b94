"""`liudong replay-province --from DAY|TIME|POSITIONS`: deliver the events recorded since a
day or a time, or those from positions in the topics on, to the province again, with a
progress bar (the province ignores what it holds already).

Reads the broker at LIUDONG_KAFKA_BOOTSTRAP and delivers to LIUDONG_PROVINCE_URL signed
with LIUDONG_PROVINCE_KEY, as the connector does. It ends by printing the positions where
it stopped, so the next replay (after a province that stopped answering, or to send only
what came since) goes on from there.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date, datetime

from tqdm import tqdm

from liudong_events.days import OFFICE_ZONE
from liudong_sync_province import positions
from liudong_sync_province.delivery import Delivery
from liudong_sync_province.positions import UnknownPartition
from liudong_sync_province.receiver import DEVELOPMENT_KEY
from liudong_sync_province.replay import Replayed, ReplayStopped, Start, replay

EXAMPLES = (
    "a day (2026-11-01, Beijing), a time (2026-11-01T08:00, Beijing unless an offset is"
    " given) or positions (liudong.registry:0:1200)"
)


def add_command(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    command = commands.add_parser(
        "replay-province", help="deliver events to the province again, from a day or a position"
    )
    command.add_argument(
        "--from",
        dest="start",
        type=_start,
        required=True,
        help=f"{EXAMPLES}; positions: TOPIC, TOPIC:PARTITION or TOPIC:PARTITION:OFFSET, "
        "joined by commas, as a replay prints them at its end",
    )
    command.add_argument(
        "--give-up-after",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="how long one batch is retried before the replay stops (default 60)",
    )
    command.set_defaults(func=replay_province)


def _start(text: str) -> Start:
    if text.startswith("liudong."):
        try:
            return positions.parse(text)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(f"not a position: {exc}") from None
    try:  # a day or a time without its offset is the offices' (Beijing)
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), datetime.min.time(), OFFICE_ZONE)
        found = datetime.fromisoformat(text)
        return found if found.tzinfo else found.replace(tzinfo=OFFICE_ZONE)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not {EXAMPLES}: {text!r}") from None


def replay_province(args: argparse.Namespace) -> int:
    url = os.environ.get("LIUDONG_PROVINCE_URL")
    if not url:
        print("liudong: set LIUDONG_PROVINCE_URL to the province's endpoint", file=sys.stderr)
        return 2
    key = os.environ.get("LIUDONG_PROVINCE_KEY", DEVELOPMENT_KEY)
    delivery = Delivery(url, key, give_up_after=args.give_up_after)
    bootstrap = os.environ.get("LIUDONG_KAFKA_BOOTSTRAP", "127.0.0.1:9092")
    with tqdm(total=0, unit="事件", desc="重新报送省厅") as bar:

        def progress(read: int, total: int) -> None:
            bar.total = max(total, read)
            bar.n = read
            bar.refresh()

        try:
            done = replay(bootstrap, args.start, delivery, progress)
        except UnknownPartition as exc:
            print(f"liudong: {exc}", file=sys.stderr)
            return 2
        except ReplayStopped as exc:
            print(f"liudong: {exc}; delivered {exc.replayed.delivered} events", file=sys.stderr)
            print(f"liudong: to go on: {_again(exc.replayed)}", file=sys.stderr)
            return 1
    start = args.start
    since = (
        f"recorded since {start:%Y-%m-%d %H:%M %z}"
        if isinstance(start, datetime)
        else f"from {','.join(map(str, start))}"
    )
    print(f"liudong: delivered {done.delivered} events {since}")
    print(f"liudong: for what comes after: {_again(done)}")
    return 0


def _again(done: Replayed) -> str:
    return f"liudong replay-province --from {done.go_on_from}"
