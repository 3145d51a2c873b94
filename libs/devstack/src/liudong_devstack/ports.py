"""Free loopback ports for processes the tests start."""

import socket


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for_port(port: int, timeout: float) -> bool:
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.settimeout(0.2)
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return True
        time.sleep(0.05)
    return False


class PortInUse(RuntimeError):
    """Something else already listens where we were asked to start."""


def refuse_if_taken(port: int, what: str) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.2)
        if sock.connect_ex(("127.0.0.1", port)) == 0:
            raise PortInUse(f"127.0.0.1:{port} is already in use; {what} cannot start there")


def free_port_run(count: int, tries: int = 50) -> int:
    """The first of `count` consecutive free loopback ports (for a suite whose services
    listen on a base port and the ports after it)."""
    import random

    for _ in range(tries):
        base = random.randrange(20_000, 30_000)
        if all(_bindable(base + n) for n in range(count)):
            return base
    raise PortInUse(f"no {count} consecutive free ports found")


def _bindable(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True
