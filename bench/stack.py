"""PostgreSQL, the broker and the suite for one benchmark run, in a temp dir, stopped by pid."""

from __future__ import annotations

import argparse
import secrets
import sys
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from liudong_devstack.broker import Broker
from liudong_devstack.ports import free_port
from liudong_devstack.postgres import PostgresServer, remove
from liudong_devstack.suite import Suite, service_databases
from liudong_events.kafka import ensure_topics

ADMIN_PASSWORD = "bench-admin-password"


@dataclass
class Stack:
    """What one run started; `stop()` ends each process it began, in reverse order."""

    workdir: Path
    pg: PostgresServer
    broker: Broker | None = None
    suite: Suite | None = None
    durable: bool = True

    @property
    def log_dir(self) -> Path:
        return self.workdir / "suite-logs"

    def stop(self) -> None:
        if self.suite is not None:
            self.suite.stop()
        if self.broker is not None:
            self.broker.stop()
        self.pg.stop()


def new_stack(durable: bool) -> Stack:
    workdir = Path(tempfile.mkdtemp(prefix="liudong-bench-"))
    return Stack(workdir, PostgresServer(workdir / "pg", free_port()), durable=durable)


def start_database(stack: Stack, shared_buffers: str = "256MB") -> None:
    """256 MB, as `make run` and the tests have it, unless a benchmark asks for more."""
    stack.pg.start(durable=stack.durable, shared_buffers=shared_buffers)


def start_services(stack: Stack) -> Suite:
    """The broker and the four services on fresh databases, as the pytest plugin does."""
    stack.broker = Broker(free_port(), stack.workdir / "kafka", stack.workdir / "kafka.log").start()
    ensure_topics(stack.broker.bootstrap)
    tag = uuid.uuid4().hex[:8]
    urls, owners = service_databases(stack.pg, lambda name: f"{name}_{tag}")
    stack.suite = Suite(
        urls,
        stack.broker.bootstrap,
        free_port(),
        stack.log_dir,
        secrets.token_urlsafe(32),
        admin_password=ADMIN_PASSWORD,
        migration_urls=owners,
    )
    return stack.suite.start()


def tail_logs(stack: Stack, lines: int = 40) -> str:
    """The end of every service log and the broker's, for a failure report."""
    paths = [*sorted(stack.log_dir.glob("*.log")), stack.workdir / "broker.log"]
    parts = []
    for path in paths:
        if path.exists():
            text = path.read_text(errors="replace").splitlines()[-lines:]
            parts.append(f"--- {path} (last {len(text)} lines)\n" + "\n".join(text))
    return "\n".join(parts)


def cleanup(stack: Stack, keep: bool) -> None:
    if keep:
        print(f"kept {stack.workdir}")
    else:
        remove(stack.workdir)


def say(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def run_on_new_stack(
    run: Callable[[Stack, argparse.Namespace], int], args: argparse.Namespace
) -> int:
    """`run` on a fresh durable stack, stopped by pid and removed afterwards whatever
    happens (kept with `args.keep`)."""
    stack = new_stack(durable=True)
    try:
        return run(stack, args)
    finally:
        say("stopping …")
        stack.stop()
        cleanup(stack, args.keep)
