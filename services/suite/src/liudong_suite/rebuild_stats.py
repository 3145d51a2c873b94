"""`liudong rebuild-stats`: replay every event into fresh statistics tables, with a
progress bar, through the running suite's API (an administrator's login)."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
import time

import httpx
from tqdm import tqdm

POLL_SECONDS = 0.5


def add_command(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    port = os.environ.get("LIUDONG_HTTP_PORT", "8000")
    command = commands.add_parser(
        "rebuild-stats", help="rebuild the statistics from every event, with a progress bar"
    )
    command.add_argument("--url", default=f"http://127.0.0.1:{port}", help="the gateway")
    command.add_argument("--user", default="admin")
    command.set_defaults(func=rebuild_stats)


def rebuild_stats(args: argparse.Namespace) -> int:
    password = os.environ.get("LIUDONG_ADMIN_PASSWORD") or getpass.getpass(f"{args.user} 的密码: ")
    with httpx.Client(base_url=args.url, timeout=30) as client:
        token = client.post("/api/auth/token", data={"username": args.user, "password": password})
        if token.status_code != 200:
            print(f"liudong: login refused ({token.status_code})", file=sys.stderr)
            return 1
        client.headers["Authorization"] = f"Bearer {token.json()['access_token']}"
        started = client.post("/api/stats/rebuild")
        if started.status_code != 202:
            print(f"liudong: {started.status_code} {started.text}", file=sys.stderr)
            return 1
        return _follow(client)


def _follow(client: httpx.Client) -> int:
    """The progress bar until the switch-over; the state it ended in decides the exit."""
    with tqdm(total=0, unit="事件", desc="重建统计") as bar:
        while True:
            progress = client.get("/api/stats/rebuild").json()
            bar.total = max(progress["total"], progress["applied"])
            bar.n = progress["applied"]
            bar.set_postfix_str(progress["state"])
            bar.refresh()
            if progress["state"] in ("done", "failed"):
                break
            time.sleep(POLL_SECONDS)
    if progress["state"] == "failed":
        print(f"liudong: the rebuild failed: {progress['error']}", file=sys.stderr)
        return 1
    print(f"liudong: rebuilt from {progress['applied']} events", flush=True)
    return 0
