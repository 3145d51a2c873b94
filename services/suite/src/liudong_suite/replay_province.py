"""`liudong replay-province --from DATE`: deliver every event recorded since DATE to the
province again, with a progress bar (the province ignores what it holds already).

Reads the broker at LIUDONG_KAFKA_BOOTSTRAP and delivers to LIUDONG_PROVINCE_URL signed
with LIUDONG_PROVINCE_KEY, as the connector does.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import UTC, date, datetime

from tqdm import tqdm

from liudong_sync_province.delivery import Delivery, ProvinceUnreachable
from liudong_sync_province.receiver import DEVELOPMENT_KEY
from liudong_sync_province.replay import replay


def add_command(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    command = commands.add_parser(
        "replay-province", help="deliver the events since a day to the province again"
    )
    command.add_argument(
        "--from", dest="since", type=_day, required=True, help="a day (2026-11-01) or a time"
    )
    command.set_defaults(func=replay_province)


def _day(text: str) -> datetime:
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), datetime.min.time(), UTC)
        found = datetime.fromisoformat(text)
        return found if found.tzinfo else found.replace(tzinfo=UTC)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a day or a time: {text!r}") from None


def replay_province(args: argparse.Namespace) -> int:
    url = os.environ.get("LIUDONG_PROVINCE_URL")
    if not url:
        print("liudong: set LIUDONG_PROVINCE_URL to the province's endpoint", file=sys.stderr)
        return 2
    delivery = Delivery(url, os.environ.get("LIUDONG_PROVINCE_KEY", DEVELOPMENT_KEY))
    bootstrap = os.environ.get("LIUDONG_KAFKA_BOOTSTRAP", "127.0.0.1:9092")
    with tqdm(total=0, unit="事件", desc="重新报送省厅") as bar:

        def progress(done: int, total: int) -> None:
            bar.total = max(total, done)
            bar.n = done
            bar.refresh()

        try:
            delivered = replay(bootstrap, args.since, delivery, progress)
        except ProvinceUnreachable as exc:
            print(f"liudong: {exc}; nothing is lost, run it again", file=sys.stderr)
            return 1
    print(f"liudong: delivered {delivered} events recorded since {args.since:%Y-%m-%d %H:%M}")
    return 0
