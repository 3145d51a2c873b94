"""Fixtures that start the real things on free loopback ports and stop them by pid.

- `pg_server`: one PostgreSQL for the whole run (fsync off: throw-away data);
  `fresh_dsn` gives each test its own database.
- `broker`: one Apache Kafka node for the run; `own_broker` one a test may kill;
  `kafka_cluster` three nodes a test may kill one of (at most one such cluster at a time).
- `make_suite`: the four services on fresh databases, against a given broker or cluster.
"""

from __future__ import annotations

import os
import secrets
import tempfile
import uuid
from collections.abc import Callable, Generator, Iterator
from pathlib import Path

import pytest

from liudong_devstack.broker import Broker, Kafka, KafkaCluster
from liudong_devstack.ports import free_port
from liudong_devstack.postgres import PostgresServer, remove
from liudong_devstack.suite import Suite, service_databases, services_for

ADMIN_PASSWORD = "test-admin-password"  # noqa: S105 - throw-away test suites only


@pytest.fixture(scope="session")
def workdir() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="liudong-test-"))
    yield path
    if os.environ.get("LIUDONG_TEST_KEEP"):  # keep the services' logs to read after a failure
        print(f"\nliudong test files kept in {path}")
    else:
        remove(path)


@pytest.fixture(scope="session")
def pg_server(workdir: Path) -> Iterator[PostgresServer]:
    server = PostgresServer(workdir / "pg", free_port()).start(durable=False)
    yield server
    server.stop()


@pytest.fixture
def fresh_dsn(pg_server: PostgresServer) -> str:
    return pg_server.create_database(f"t_{uuid.uuid4().hex[:12]}")


@pytest.fixture(scope="session")
def broker(workdir: Path) -> Iterator[Broker]:
    server = Broker(free_port(), workdir / "kafka", workdir / "broker.log").start()
    yield server
    server.stop()


@pytest.fixture
def own_broker(workdir: Path) -> Iterator[Broker]:
    name = f"kafka-{uuid.uuid4().hex[:6]}"
    server = Broker(free_port(), workdir / name, workdir / f"{name}.log").start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def kafka_cluster(workdir: Path) -> Iterator[KafkaCluster]:
    cluster = KafkaCluster.on_loopback(workdir / f"cluster-{uuid.uuid4().hex[:6]}").start()
    yield cluster
    cluster.stop()


SuiteFactory = Callable[..., Suite]
_RUNNING: list[Suite] = []  # the suites of the module under test, for a failure's report


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """A failed test against a suite reports its services' stacks and logs: in CI the
    working directory is gone afterwards."""
    report = yield
    if report.when == "call" and report.failed:
        for suite in _RUNNING:
            report.sections.append((f"services of {suite.log_dir.name}", suite.diagnose()))
    return report


@pytest.fixture(scope="module")
def make_suite(pg_server: PostgresServer, workdir: Path) -> Iterator[SuiteFactory]:
    started: list[Suite] = []

    def start(
        on_broker: Kafka, province_url: str | None = None, key: str | None = None, **env: str
    ) -> Suite:
        """A suite on `on_broker`; with `province_url`, the connector delivering there too;
        `env`: more variables for every service."""
        tag = uuid.uuid4().hex[:8]
        names = services_for(province_url)
        urls, owners = service_databases(pg_server, lambda name: f"{name}_{tag}", names)
        suite = Suite(
            urls,
            on_broker.bootstrap,
            free_port(),
            workdir / f"suite-{tag}",
            secrets.token_urlsafe(32),
            admin_password=ADMIN_PASSWORD,
            migration_urls=owners,
            province_url=province_url,
            province_key=key,
            env=env,
        )
        started.append(suite)
        _RUNNING.append(suite)
        return suite.start()

    yield start
    for suite in started:
        suite.stop()
        _RUNNING.remove(suite)
