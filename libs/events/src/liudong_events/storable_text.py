"""One rule for the text a request brings: no NUL character and no lone surrogate.

PostgreSQL stores neither (a NUL ends a C string; a lone surrogate is no UTF-8), so such a
string failed deep in a query as a 500. Every service refuses it at the door instead: a 422
naming where it was (query parameter, form field, JSON member), never echoing the value.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
MESSAGE = "不能包含空字符 (NUL) 或不成对的代理字符"
FORM = b"application/x-www-form-urlencoded"
Loc = tuple[str | int, ...]


def unstorable_in_json(value: Any, loc: Loc = ("body",)) -> Iterator[Loc]:
    """Where in a parsed JSON document a key or a string holds what cannot be stored."""
    if isinstance(value, str):
        if UNSTORABLE.search(value):
            yield loc
    elif isinstance(value, dict):
        for key, item in value.items():
            if UNSTORABLE.search(key):
                yield loc
            else:
                yield from unstorable_in_json(item, (*loc, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from unstorable_in_json(item, (*loc, index))


def unstorable_in_pairs(encoded: bytes, where: str) -> Iterator[Loc]:
    """Where in a query string or a urlencoded form a name or a value is unstorable."""
    for name, value in parse_qsl(encoded.decode("latin-1"), keep_blank_values=True):
        if UNSTORABLE.search(name) or UNSTORABLE.search(value):
            yield (where, UNSTORABLE.sub("?", name))


def _is_json(content_type: bytes) -> bool:
    media = content_type.split(b";", 1)[0].strip().lower()
    return media == b"application/json" or media.endswith(b"+json")


class StorableText:
    """ASGI middleware applying the rule to the query string and to JSON and form bodies
    (the body is read whole, as the route would, and handed on unchanged)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        found = next(unstorable_in_pairs(scope.get("query_string", b""), "query"), None)
        headers = dict(scope.get("headers") or [])
        content_type = headers.get(b"content-type", b"")
        if found is None and (_is_json(content_type) or content_type.startswith(FORM)):
            body, receive = await _read_body(receive)
            found = next(_unstorable_in_body(body, content_type), None)
        if found is None:
            await self.app(scope, receive, send)
            return
        detail = [{"loc": list(found), "msg": MESSAGE, "type": "string_unstorable"}]
        await JSONResponse({"detail": detail}, status_code=422)(scope, receive, send)


def _unstorable_in_body(body: bytes, content_type: bytes) -> Iterator[Loc]:
    if not _is_json(content_type):
        return unstorable_in_pairs(body, "body")
    try:
        document = json.loads(body)
    except ValueError:  # not JSON, or not UTF-8: the route answers for that
        return iter(())
    return unstorable_in_json(document)


async def _read_body(receive: Receive) -> tuple[bytes, Receive]:
    """The whole body, and a `receive` that hands it on as one message, then listens on."""
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(chunks), _replay([message], receive)
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    body = b"".join(chunks)
    return body, _replay([{"type": "http.request", "body": body, "more_body": False}], receive)


def _replay(messages: list[Message], receive: Receive) -> Receive:
    async def replayed() -> Message:
        return messages.pop(0) if messages else await receive()

    return replayed
