"""The demo district from the command line: loaded by `liudong run` on a first start, or by
`liudong demo` into a suite already running; with a progress bar, then the demo accounts
and their password, shown once.

Never in production, and never where a province is connected: the demo's made-up people
would be delivered to the provincial registry like real ones.
"""

from __future__ import annotations

import argparse
import os
import sys

import httpx
from tqdm import tqdm

from liudong_suite.demo import entry
from liudong_suite.demo.district import DISTRICT


def add_command(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    command = commands.add_parser(
        "demo", help="load the demo district into the suite running on this machine"
    )
    command.add_argument("--password", help="admin's (default: LIUDONG_ADMIN_PASSWORD)")
    command.set_defaults(func=demo)


def first_start(gateway_url: str, admin_password: str | None) -> None:
    """The demo district on a first start (only then is admin's password known here), unless
    LIUDONG_DEMO=false, in production or with a province; a tree with places is left alone."""
    wanted = os.environ.get("LIUDONG_DEMO", "").lower() != "false"
    if not wanted or _refused() or admin_password is None:
        return
    try:
        _load(gateway_url, admin_password)
    except entry.TreeNotEmpty:
        pass
    except (entry.LoadFailed, httpx.HTTPError) as exc:  # the suite runs on without it
        print(f"liudong: the demo district was not loaded: {exc}", file=sys.stderr, flush=True)


def demo(args: argparse.Namespace) -> int:
    """`liudong demo`: the demo district into the suite running on this machine."""
    password = args.password or os.environ.get("LIUDONG_ADMIN_PASSWORD")
    if not password:
        print(
            "liudong: give admin's password: --password or LIUDONG_ADMIN_PASSWORD", file=sys.stderr
        )
        return 2
    if reason := _refused():
        print(f"liudong: no demo district {reason}", file=sys.stderr)
        return 2
    gateway_url = f"http://127.0.0.1:{os.environ.get('LIUDONG_HTTP_PORT', '8000')}"
    try:
        _load(gateway_url, password)
    except entry.TreeNotEmpty as exc:
        print(f"liudong: {DISTRICT} not loaded: {exc}", file=sys.stderr)
        return 2
    except httpx.HTTPStatusError as exc:
        status = exc.response.status_code
        print(f"liudong: {gateway_url} refused admin's login ({status})", file=sys.stderr)
        return 1
    except httpx.HTTPError as exc:
        print(f"liudong: no suite answers at {gateway_url}: {exc}", file=sys.stderr)
        return 1
    return 0


def _refused() -> str | None:
    """Why this deployment takes no demo district (None: it may)."""
    if os.environ.get("LIUDONG_ENVIRONMENT", "").lower() == "production":
        return "in production (LIUDONG_ENVIRONMENT)"
    if os.environ.get("LIUDONG_PROVINCE_URL"):
        return "where a province is connected (LIUDONG_PROVINCE_URL)"
    return None


def _load(gateway_url: str, admin_password: str) -> None:
    """Load it with a progress bar, then show the demo accounts and their password, once."""
    bars: list[tqdm] = []

    def progress(done: int, total: int) -> None:
        if not bars:  # at the first step: a deployment that refuses the demo shows no bar
            bars.append(tqdm(total=total, unit="项", desc="载入示范区"))
        bars[0].update(done - bars[0].n)

    try:
        loaded = entry.load(gateway_url, admin_password, progress)
    finally:
        for bar in bars:
            bar.close()
    district = loaded.district
    print(
        f"liudong: {DISTRICT} loaded: {len(district.places)} places,"
        f" {len(district.houses)} houses, {len(district.residents)} residents"
        f" ({len(district.departures)} departed since)",
        flush=True,
    )
    print(f"liudong: demo accounts, password {loaded.password} (shown once):", flush=True)
    for account in district.accounts:
        print(f"liudong:   {account.username:<17} {account.title}", flush=True)
