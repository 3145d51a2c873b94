"""Every API call through the gateway must carry a token whose session is still open.

Services verify tokens themselves (signature, expiry, role, scope) and hear of ended
sessions as events; the gateway knows sessions first, so it is here that logout, a disabled
user or a changed role take effect at once. A request gets one `Authorization` header, and
the token checked here is the one passed on (`scope["state"]["bearer"]`): with two, a
checker reading one and a forwarder the other let an ended session through.
"""

from __future__ import annotations

import json

import jwt
from anyio import to_thread
from starlette.types import ASGIApp, Receive, Scope, Send

from liudong_events.auth import verify_token
from liudong_gateway import sessions

OPEN_PATHS = ("/api/auth/token", "/api/auth/refresh", "/api/health")
# Asked by other services with a token of their own, which no session stands behind (the
# province connector counting the gateway's events for the reconciliation).
SERVICE_PATHS = ("/api/events/counts",)


class SessionGuard:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if not path.startswith("/api/") or path in OPEN_PATHS:
            await self.app(scope, receive, send)
            return
        given = [v for n, v in scope.get("headers") or [] if n == b"authorization"]
        if len(given) > 1:
            await _refuse(send, 400, "Authorization 请求头只能有一个")
            return
        token = _bearer(given[0]) if given else None
        if token is not None and not await to_thread.run_sync(self._valid, scope, token):
            await _refuse(send, 401, "会话已失效, 请重新登录")
            return
        scope.setdefault("state", {})["bearer"] = token
        await self.app(scope, receive, send)  # no token: the route itself answers 401

    @staticmethod
    def _valid(scope: Scope, token: str) -> bool:
        app = scope["app"]
        try:
            principal = verify_token(token, app.state.settings.jwt_secret)
        except jwt.PyJWTError:
            return False
        if principal.session_id is None and scope.get("path") in SERVICE_PATHS:
            return True
        with app.state.pool.connection() as conn:
            return sessions.is_active(conn, principal.session_id)


def _bearer(header: bytes) -> str | None:
    scheme, _, token = header.decode("latin-1").partition(" ")
    if scheme.lower() != "bearer":
        return None
    return token.strip() or None


async def _refuse(send: Send, status: int, message: str) -> None:
    body = json.dumps({"detail": message}, ensure_ascii=False).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), (b"www-authenticate", b"Bearer")],
        }
    )
    await send({"type": "http.response.body", "body": body})
