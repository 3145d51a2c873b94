"""The whole suite on one machine: the service processes, each a uvicorn on loopback.

`make run` uses it with durable data under var/; the end-to-end tests use it with a fresh
set of databases on their own PostgreSQL and broker. Children are restarted if they die and
stopped, by pid, in reverse order. Each runs in a process group of its own, which goes with
it: what a service started and left behind (a crash's orphans) is killed before it starts
again and when the suite stops.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from liudong_devstack.ports import free_port
from liudong_devstack.postgres import PostgresServer

SERVICES = ("housing", "registry", "stats", "gateway")
# Started only where a province is configured: a district not yet connected to its
# provincial registry runs without it.
CONNECTOR = "sync_province"


def services_for(province_url: str | None) -> tuple[str, ...]:
    """The services a suite runs: the connector too where a province is configured."""
    return (*SERVICES, CONNECTOR) if province_url else SERVICES


def service_databases(
    pg: PostgresServer, name_for: Callable[[str], str], names: tuple[str, ...] = SERVICES
) -> tuple[dict[str, str], dict[str, str]]:
    """A database per service, owned by the server's superuser, and a runtime role for each:
    returns (runtime DSNs, owner DSNs)."""
    owners = {name: pg.create_database(name_for(name)) for name in names}
    runtime = {name: pg.create_app_role(name_for(name)) for name in names}
    return runtime, owners


def answers_healthy(gateway_url: str) -> bool:
    """Whether the gateway says the suite is healthy (every service, its relay and
    consumers): not yet, while it does not answer at all."""
    try:
        return httpx.get(f"{gateway_url}/api/health", timeout=3).status_code == 200
    except httpx.HTTPError:
        return False


@dataclass
class ServiceProcess:
    name: str
    port: int
    env: dict[str, str]
    log_path: Path
    process: subprocess.Popen[bytes] | None = None
    restarts: int = 0
    group: int | None = None  # the process group we started it in, until reaped

    def start(self) -> None:
        log = open(self.log_path, "ab")  # noqa: SIM115 - the child owns it
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "--factory",
                f"liudong_{self.name}.main:build",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--no-access-log",
                "--log-level",
                "warning",
                *self.proxy_options(),
            ],
            env=self.env,
            stdout=log,
            stderr=log,
            process_group=0,  # Ctrl-C reaches the supervisor, which stops us in order
        )
        self.group = self.process.pid

    def proxy_options(self) -> list[str]:
        """Whose `X-Forwarded-For` a service believes. The gateway faces the clients: only the
        proxies in `LIUDONG_TRUSTED_PROXIES` (none by default), else any client on the
        network could put another address in the audit trail and past the login throttle.
        The services behind it believe the gateway alone (uvicorn's default, loopback)."""
        if self.name != "gateway":
            return []
        trusted = self.env.get("LIUDONG_TRUSTED_PROXIES", "").strip()
        return ["--forwarded-allow-ips", trusted] if trusted else ["--no-proxy-headers"]

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self, timeout: float = 15) -> None:
        if self.alive():
            assert self.process is not None
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.reap()

    def reap(self) -> None:
        """Kill what is left of the process group this service was started in (its id is
        the pid we started): the children a service killed outright leaves behind, which
        would hold its memory and ports. Once the service itself has ended, and only once:
        a group long empty may have its id reused by someone else's."""
        if self.group is None or self.alive():
            return
        with contextlib.suppress(ProcessLookupError):  # nothing was left
            os.killpg(self.group, signal.SIGKILL)
        self.group = None


@dataclass
class Suite:
    """Services wired to one PostgreSQL (a database each) and one broker."""

    database_urls: dict[str, str]
    kafka_bootstrap: str
    http_port: int
    log_dir: Path
    jwt_secret: str
    admin_password: str | None = None
    migration_urls: dict[str, str] = field(default_factory=dict)  # owners; else runtime
    province_url: str | None = None  # where the connector delivers; None: no connector
    province_key: str | None = None
    env: dict[str, str] = field(default_factory=dict)  # more for every service
    ports: dict[str, int] = field(default_factory=dict)
    processes: dict[str, ServiceProcess] = field(default_factory=dict)

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.ports[name]}"

    @property
    def gateway_url(self) -> str:
        return self.url("gateway")

    def _env(self, name: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("LIUDONG_")}
        env.update(
            {
                "LIUDONG_DATABASE_URL": self.database_urls[name],
                "LIUDONG_MIGRATION_DATABASE_URL": self.migration_urls.get(name, ""),
                "LIUDONG_KAFKA_BOOTSTRAP": self.kafka_bootstrap,
                "LIUDONG_JWT_SECRET": self.jwt_secret,
                "LIUDONG_PORT": str(self.ports[name]),
                "LIUDONG_REGISTRY_URL": self.url("registry"),
                "LIUDONG_HOUSING_URL": self.url("housing"),
                "LIUDONG_STATS_URL": self.url("stats"),
                "LIUDONG_GATEWAY_URL": self.url("gateway"),
                "PYTHONUNBUFFERED": "1",
            }
        )
        if self.admin_password:
            env["LIUDONG_ADMIN_PASSWORD"] = self.admin_password
        if self.province_url:
            env["LIUDONG_PROVINCE_URL"] = self.province_url
            env["LIUDONG_SYNC_PROVINCE_URL"] = self.url(CONNECTOR)
        if self.province_key:
            env["LIUDONG_PROVINCE_KEY"] = self.province_key
        return {**env, **self.env}

    @property
    def services(self) -> tuple[str, ...]:
        return services_for(self.province_url)

    def start(self, base_port: int | None = None, timeout: float = 90) -> Suite:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        for i, name in enumerate(self.services):
            internal = free_port() if base_port is None else base_port + i
            self.ports[name] = self.http_port if name == "gateway" else internal
        for name in self.services:
            proc = ServiceProcess(
                name, self.ports[name], self._env(name), self.log_dir / f"{name}.log"
            )
            proc.start()
            self.processes[name] = proc
        self.wait_healthy(timeout)
        return self

    def wait_healthy(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            dead = [p.name for p in self.processes.values() if not p.alive()]
            if dead:
                raise RuntimeError(f"{', '.join(dead)} exited; see {self.log_dir}")
            if answers_healthy(self.gateway_url):
                return
            time.sleep(0.2)
        raise RuntimeError(f"the suite was not healthy after {timeout:.0f} s; see {self.log_dir}")

    def restart_dead(self) -> list[str]:
        """Start again each service that ended, once what it left behind is gone."""
        restarted = []
        for proc in self.processes.values():
            if not proc.alive():
                proc.reap()
                proc.restarts += 1
                proc.start()
                restarted.append(proc.name)
        return restarted

    def diagnose(self, lines: int = 30) -> str:
        """Each service's last log lines other than requests and the stacks of its own
        threads (SIGUSR1, see service.py): what a failed test leaves to read."""
        for proc in self.processes.values():
            if proc.alive() and proc.process is not None:
                os.kill(proc.process.pid, signal.SIGUSR1)
        time.sleep(0.5)
        parts = []
        for proc in self.processes.values():
            text = proc.log_path.read_text(errors="replace") if proc.log_path.exists() else ""
            logged = [line for line in text.splitlines() if line.startswith("{")]
            quiet = [line for line in logged if not _answered(line)]
            parts += [f"--- {proc.name}", *quiet[-lines:], *_last_traceback(text)]
            parts += _our_threads(text)
            parts += self._pipeline_metrics(proc.name)
        return "\n".join(parts)

    def _pipeline_metrics(self, name: str) -> list[str]:
        """Where the relay and the consumers stand (positions, applied, gaps, retries)."""
        try:
            text = httpx.get(f"{self.url(name)}/metrics", timeout=2).text
        except httpx.HTTPError as exc:
            return [f"metrics: {type(exc).__name__}"]
        return [
            f"metric: {line}"
            for line in text.splitlines()
            if line.startswith(("liudong_relay_", "liudong_consumer_"))
            and "_created" not in line
            and "_bucket" not in line
        ]

    def stop(self) -> None:
        """Ask every service to stop at once, then wait for each (killing the slow ones)."""
        running = [p for p in self.processes.values() if p.alive()]
        for proc in running:
            assert proc.process is not None
            proc.process.terminate()
        for proc in running:
            proc.stop()


def _our_threads(dump: str) -> list[str]:
    """From faulthandler's last dump, the threads running our code: where each one waits
    and our frames under it."""
    dumps = dump.split("Current thread 0x")  # each dump ends with the thread that wrote it
    threads = dumps[-2].split("Thread 0x")[1:] if len(dumps) > 1 else []
    kept = []
    for thread in threads:
        frames = [line.strip() for line in thread.splitlines()[1:] if line.startswith("  File")]
        ours = [f for f in frames if "liudong" in f and "site-packages" not in f]
        if ours:
            kept += [f"thread: {frames[0]}", *(f"  {f}" for f in ours)]
    return kept


def _last_traceback(log: str, most: int = 40) -> list[str]:
    """The last exception's traceback (a 500's cause), its last `most` lines."""
    start = log.rfind("Traceback (most recent call last):")
    if start < 0:
        return []
    block = []
    for line in log[start:].splitlines():
        if line.startswith(("{", "Current thread 0x", "Thread 0x")):
            break
        block.append(line)
    return block[-most:]


def _answered(line: str) -> bool:
    """An access-log line of a request answered without a server error."""
    return '"event": "request"' in line and '"status": 5' not in line
