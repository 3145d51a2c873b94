"""`liudong run`: PostgreSQL, the broker and every service on this machine, until Ctrl-C.

Data lives under `var/` (override with LIUDONG_VAR) and survives a restart: PostgreSQL's
and Apache Kafka's (var/kafka: topics, offsets, consumer positions).
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import sys
import time
from pathlib import Path
from types import FrameType

import psycopg

from liudong_devstack.broker import Broker
from liudong_devstack.postgres import PostgresServer
from liudong_devstack.suite import Suite, service_databases, services_for
from liudong_events.kafka import ensure_topics
from liudong_suite import province, rebuild_stats, replay_province
from liudong_suite.demo import command


def _secret(var: Path) -> str:
    """A JWT secret made once per installation and kept beside the data (mode 0600)."""
    if os.environ.get("LIUDONG_JWT_SECRET"):
        return os.environ["LIUDONG_JWT_SECRET"]
    path = var / "jwt_secret"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def _admin_password(gateway_dsn: str) -> str | None:
    """On the first start without LIUDONG_ADMIN_PASSWORD, make one and show it here, once."""
    given = os.environ.get("LIUDONG_ADMIN_PASSWORD")
    if given:
        return given
    with psycopg.connect(gateway_dsn) as conn:
        has_users = conn.execute("SELECT to_regclass('users') IS NOT NULL").fetchone()
        if (
            has_users
            and has_users[0]
            and conn.execute("SELECT 1 FROM users WHERE username = 'admin'").fetchone()
        ):
            return None
    password = secrets.token_urlsafe(12)
    print(f"liudong: first start: user admin, password {password} (shown once)", flush=True)
    return password


def _passed_on() -> dict[str, str]:
    """The operator's settings that the services read themselves (the suite sets the rest)."""
    passed = ("LIUDONG_TRUSTED_PROXIES", "LIUDONG_KAFKA_PARTITIONS")
    return {k: os.environ[k] for k in passed if os.environ.get(k)}


def run(_args: argparse.Namespace) -> int:
    var = Path(os.environ.get("LIUDONG_VAR", "var")).resolve()
    var.mkdir(parents=True, exist_ok=True)
    http_port = int(os.environ.get("LIUDONG_HTTP_PORT", "8000"))
    bootstrap = os.environ.get("LIUDONG_KAFKA_BOOTSTRAP", "127.0.0.1:9092")
    pg_port = int(os.environ.get("LIUDONG_PG_PORT", "55432"))
    base_port = int(os.environ.get("LIUDONG_SERVICE_BASE_PORT", "8101"))

    stopping = False

    def on_signal(_signum: int, _frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)

    pg = PostgresServer(var / "pg", pg_port)
    # LIUDONG_KAFKA_EMBEDDED=false: the cluster at LIUDONG_KAFKA_BOOTSTRAP, none started here.
    embedded = os.environ.get("LIUDONG_KAFKA_EMBEDDED", "true").lower() != "false"
    broker = Broker(int(bootstrap.rsplit(":", 1)[1]), var / "kafka", var / "kafka.log")
    suite: Suite | None = None
    try:
        print(f"liudong: PostgreSQL on 127.0.0.1:{pg_port} (data in {var / 'pg'})", flush=True)
        pg.start(durable=True)
        # The connector to the province runs where LIUDONG_PROVINCE_URL names it.
        province_url = os.environ.get("LIUDONG_PROVINCE_URL") or None
        names = services_for(province_url)
        urls, owners = service_databases(pg, lambda name: f"liudong_{name}", names)
        if embedded:
            print(f"liudong: Apache Kafka on {bootstrap} (log in {var / 'kafka'})", flush=True)
            broker.start()
        else:
            print(f"liudong: Apache Kafka at {bootstrap} (not started here)", flush=True)
        ensure_topics(bootstrap)
        admin_password = _admin_password(owners["gateway"])
        suite = Suite(
            urls,
            bootstrap,
            http_port,
            var / "logs",
            _secret(var),
            admin_password=admin_password,
            migration_urls=owners,
            province_url=province_url,
            province_key=os.environ.get("LIUDONG_PROVINCE_KEY"),
            env=_passed_on(),
        )
        print("liudong: starting services …", flush=True)
        suite.start(base_port=base_port)
        command.first_start(suite.gateway_url, admin_password)
        print(
            f"liudong: ready on http://127.0.0.1:{http_port}  (API docs: /docs,"
            f" logs: {var / 'logs'}); Ctrl-C stops everything",
            flush=True,
        )
        while not stopping:
            time.sleep(0.5)
            if stopping:
                break
            for name in suite.restart_dead():
                print(f"liudong: {name} exited and was restarted", file=sys.stderr, flush=True)
            if broker.process and broker.process.poll() is not None and not stopping:
                print("liudong: Apache Kafka exited; restarting it", file=sys.stderr)
                broker.start()
        return 0
    finally:
        print("liudong: stopping …", flush=True)
        if suite:
            suite.stop()
        broker.stop()
        pg.stop()


def main() -> None:
    parser = argparse.ArgumentParser(prog="liudong", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="start the whole suite on this machine").set_defaults(func=run)
    command.add_command(commands)
    rebuild_stats.add_command(commands)
    province.add_command(commands)
    replay_province.add_command(commands)
    args = parser.parse_args()
    try:
        sys.exit(args.func(args))
    except RuntimeError as exc:  # ports in use, a service that would not start …
        print(f"liudong: {exc}", file=sys.stderr)
        sys.exit(1)
