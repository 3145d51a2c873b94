"""bench/loadgen (through bench/load.py's `check_in_all`) against a real HTTP server on loopback.

Needs the binary: `make loadgen` (which `make test` runs first) builds it.
"""

from __future__ import annotations

import json
import socket
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from bench.load import check_in_all

TOKEN = "loadgen-test-token"
CONFLICT = {"detail": "already checked in"}


@dataclass
class Seen:
    """What the server received: each request's path, headers of interest and body."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    requests: list[dict[str, Any]] = field(default_factory=list)


def handler_for(seen: Seen) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as the gateway

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            with seen.lock:
                seen.requests.append(
                    {
                        "path": self.path,
                        "authorization": self.headers.get("Authorization"),
                        "content_type": self.headers.get("Content-Type"),
                        "body": body,
                    }
                )
            failing = body.get("fail", False)
            self.answer(409 if failing else 201, CONFLICT if failing else {"id": body["n"]})

        def answer(self, status: int, payload: dict[str, Any]) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@pytest.fixture
def server() -> Iterator[tuple[str, Seen]]:
    seen = Seen()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(seen))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", seen
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def test_every_body_is_posted_once_and_judged(server: tuple[str, Seen]) -> None:
    url, seen = server
    bodies: list[dict[str, Any]] = [{"n": n, "name": f"住户 {n}"} for n in range(200)]
    for body in bodies[::10]:
        body["fail"] = True

    result = check_in_all(url, TOKEN, bodies, 8)

    assert Counter(r["body"]["n"] for r in seen.requests) == Counter(range(200))
    assert [r["body"] for r in sorted(seen.requests, key=lambda r: r["body"]["n"])] == bodies
    assert {r["authorization"] for r in seen.requests} == {f"Bearer {TOKEN}"}
    assert {r["path"] for r in seen.requests} == {"/api/residences"}
    assert {r["content_type"] for r in seen.requests} == {"application/json"}
    assert len(result.latencies) == 180
    assert all(0 < latency < result.elapsed for latency in result.latencies)
    assert result.failures == [("409", json.dumps(CONFLICT))] * 20
    assert isinstance(result.client_cpu_s, float)
    assert result.client_cpu_s >= 0
    assert result.rate > 0
    assert result.started - 1 < result.last_created <= result.finished + 1


def test_a_server_not_listening_gives_connection_errors() -> None:
    with socket.socket() as bound:  # bound but not listening: connections are refused
        bound.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{bound.getsockname()[1]}"
        result = check_in_all(url, TOKEN, [{"n": n} for n in range(5)], 2)

    assert result.latencies == []
    assert len(result.failures) == 5
    assert all("connection refused" in status for status, _ in result.failures)
    assert result.last_created == 0.0
    assert result.client_cpu_s >= 0


def test_a_missing_binary_says_how_to_build_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIUDONG_LOADGEN", "/nonexistent/loadgen")
    with pytest.raises(RuntimeError, match="make loadgen"):
        check_in_all("http://127.0.0.1:9", TOKEN, [{"n": 1}], 1)
