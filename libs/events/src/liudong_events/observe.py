"""Per request: a request id for logs and onward calls, a latency histogram by route
template, and one access-log line. Plain ASGI (not BaseHTTPMiddleware), to stay cheap."""

from __future__ import annotations

import time
import uuid
from typing import Any

import structlog
from prometheus_client import Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send

access = structlog.get_logger("access")
REQUESTS = Histogram(
    "liudong_http_request_duration_seconds",
    "HTTP requests by route template",
    ["service", "method", "route", "status"],
)


class RequestObserver:
    def __init__(self, app: ASGIApp, service: str) -> None:
        self.app, self.service = app, service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        request_id = headers.get(b"x-request-id", b"").decode()[:100] or uuid.uuid4().hex
        status = [500]

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
                message["headers"] = [
                    *message.get("headers", []),
                    (b"x-request-id", request_id.encode()),
                ]
            await send(message)

        started = time.perf_counter()
        structlog.contextvars.bind_contextvars(request_id=request_id)
        try:
            await self.app(scope, receive, send_with_id)
        finally:
            structlog.contextvars.unbind_contextvars("request_id")
            self._observe(scope, status[0], time.perf_counter() - started, request_id)

    def _observe(self, scope: Scope, status: int, elapsed: float, request_id: str) -> None:
        route: Any = scope.get("route")
        template = getattr(route, "path", "unmatched")  # never the raw path: ids stay out
        REQUESTS.labels(self.service, scope["method"], template, status).observe(elapsed)
        access.info(
            "request",
            method=scope["method"],
            route=template,
            status=status,
            ms=round(elapsed * 1000, 1),
            request_id=request_id,
        )
