"""`liudong run` (what `make run` starts) as a process of its own on free loopback ports:
for the tests that kill the whole of it, as a power cut would, and start it again."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from liudong_devstack.ports import free_port, free_port_run
from liudong_devstack.suite import answers_healthy, services_for


@dataclass
class WholeRun:
    var: Path
    env: dict[str, str] = field(default_factory=dict)  # LIUDONG_PROVINCE_URL, …
    http_port: int = field(default_factory=free_port)
    pg_port: int = field(default_factory=free_port)
    kafka_port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        services = len(services_for(self.env.get("LIUDONG_PROVINCE_URL")))
        self.base_port = free_port_run(services)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    def database_urls(self, names: tuple[str, ...]) -> list[str]:
        return [f"postgresql://postgres@127.0.0.1:{self.pg_port}/liudong_{n}" for n in names]

    def start(self, timeout: float = 180) -> WholeRun:
        self.var.mkdir(parents=True, exist_ok=True)
        kept = ("LIUDONG_KAFKA_LIBS",)  # where `make kafka` put the jars
        environment = {
            **{k: v for k, v in os.environ.items() if not k.startswith("LIUDONG_") or k in kept},
            "LIUDONG_VAR": str(self.var),
            "LIUDONG_HTTP_PORT": str(self.http_port),
            "LIUDONG_PG_PORT": str(self.pg_port),
            "LIUDONG_KAFKA_BOOTSTRAP": f"127.0.0.1:{self.kafka_port}",
            "LIUDONG_SERVICE_BASE_PORT": str(self.base_port),
            **self.env,
        }
        with open(self.var / "run.log", "ab") as log:
            self.process = subprocess.Popen(
                [Path(sys.executable).parent / "liudong", "run"],
                env=environment,
                stdout=log,
                stderr=log,
                process_group=0,
            )
        self._wait_healthy(timeout)
        return self

    def _wait_healthy(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is None or self.process.poll() is not None:
                break
            if answers_healthy(self.url):
                return
            time.sleep(0.3)
        raise RuntimeError(f"liudong run did not come up: {self.log()[-3000:]}")

    def log(self) -> str:
        return (self.var / "run.log").read_text(errors="replace")

    def kill_everything(self) -> None:
        """kill -9 of the supervisor and every process under it at once: PostgreSQL,
        Apache Kafka, the services and their workers."""
        if self.process is None:
            return
        try:
            top = psutil.Process(self.process.pid)
            everyone = [top, *top.children(recursive=True)]
        except psutil.NoSuchProcess:
            everyone = []
        for proc in everyone:  # the supervisor first: it restarts nothing after this
            with contextlib.suppress(psutil.NoSuchProcess):
                proc.kill()
        psutil.wait_procs(everyone, timeout=30)
        self.process.wait()

    def stop(self) -> None:
        """Ctrl-C, as an operator stops it; killed if it does not end in time."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(60)
        except subprocess.TimeoutExpired:
            self.kill_everything()
