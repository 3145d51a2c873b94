"""Routing: every other /api path goes to the service that owns it, token and request id along."""

from __future__ import annotations

import asyncio
from urllib.parse import quote, unquote

import httpx
import structlog
from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.responses import JSONResponse, StreamingResponse
from starlette.background import BackgroundTask

router = APIRouter()
FORWARDED = ("authorization", "content-type", "accept", "x-request-id", "prefer")
RETURNED = (
    "content-disposition",
    "location",
    "preference-applied",
    "retry-after",
    "x-content-type-options",
    "cache-control",
    "etag",
)
LONG_RUNNING = ("imports",)  # a whole file checked (and landed) in one request
STREAMED = ("stats/feed",)  # server-sent events: passed on as they come, for as long


def path_segments(raw_path: bytes) -> list[str] | None:
    """The segments after `/api/` as the client sent them, each decoded once; None when one
    could not name a record: not UTF-8, a control character, `.`/`..` or an encoded `/` or
    `\\` (which would lead the call to another path of the service, such as /metrics)."""
    try:
        text = raw_path.decode("ascii")
    except UnicodeDecodeError:
        return None
    if not text.startswith("/api/"):
        return None
    segments = []
    for part in text[len("/api/") :].split("/"):
        try:
            segment = unquote(part, errors="strict")
        except UnicodeDecodeError:
            return None
        if segment in (".", "..") or any(c in "/\\" or not c.isprintable() for c in segment):
            return None
        segments.append(segment)
    return segments


def upstream_path(segments: list[str]) -> str:
    """The service's path for these segments, each encoded again: nothing in one can
    become a separator or a dot segment on the way."""
    return "/api/" + "/".join(quote(segment, safe="") for segment in segments)


def owner_url(request: Request, segments: list[str]) -> str | None:
    settings = request.app.state.settings
    owners = {
        "places": settings.housing_url,
        "houses": settings.housing_url,
        "units": settings.housing_url,
        "compounds": settings.housing_url,
        "coordinators": settings.housing_url,
        "employers": settings.housing_url,
        "notices": settings.housing_url,
        "residences": settings.registry_url,
        "persons": settings.registry_url,
        "dictionaries": settings.registry_url,
        "declarations": settings.registry_url,
        "schools": settings.registry_url,
        "imports": settings.registry_url,
        "minors": settings.registry_url,
        "stats": settings.stats_url,
        "province": settings.sync_province_url,
        "exchange": settings.sync_province_url,
    }
    if segments[0] == "places" and segments[-1] == "residents":
        return str(settings.registry_url)  # who lived there: the registry's to answer
    return owners.get(segments[0])


@router.get("/api/health", tags=["health"])
async def health(request: Request) -> JSONResponse:
    """200 only when every service and every consumer is ready."""
    settings = request.app.state.settings
    services = {
        "registry": settings.registry_url,
        "housing": settings.housing_url,
        "stats": settings.stats_url,
    }
    if settings.sync_province_url:
        services["sync_province"] = settings.sync_province_url
    client: httpx.AsyncClient = request.app.state.http

    async def probe(url: str) -> bool:
        try:
            return (await client.get(f"{url}/health", timeout=3)).status_code == 200
        except httpx.HTTPError:
            return False

    results = await asyncio.gather(*(probe(url) for url in services.values()))
    parts = dict(zip(services, results, strict=True))
    parts["gateway"] = all(request.app.state.background.ready().values())
    ok = all(parts.values())
    return JSONResponse(
        {"status": "ok" if ok else "starting", "services": parts}, status_code=200 if ok else 503
    )


@router.api_route(
    "/api/{path:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"], include_in_schema=False
)
async def forward(path: str, request: Request) -> Response:
    segments = path_segments(request.scope.get("raw_path") or request.url.path.encode())
    base = owner_url(request, segments) if segments else None
    if segments is None or base is None:
        raise HTTPException(404, "not found")
    client: httpx.AsyncClient = request.app.state.http
    headers = {k: v for k, v in request.headers.items() if k.lower() in FORWARDED}
    headers.pop("authorization", None)
    bearer = getattr(request.state, "bearer", None)
    if bearer:  # exactly the token the session guard checked
        headers["authorization"] = f"Bearer {bearer}"
    if request.client:  # set here, never taken from the caller: services audit by it
        headers["x-forwarded-for"] = request.client.host
    request_id = structlog.contextvars.get_contextvars().get("request_id")
    if request_id:
        headers["x-request-id"] = request_id
    path = "/".join(segments)
    streamed = path.startswith(STREAMED)
    send = client.build_request(
        request.method,
        base + upstream_path(segments),
        params=request.query_params,
        content=await request.body(),
        headers=headers,
        timeout=httpx.Timeout(30, read=None)
        if streamed
        else 300
        if path.startswith(LONG_RUNNING)
        else 30,
    )
    if streamed:
        return await _stream(client, send)
    try:
        upstream = await _sent(client, send)
    except httpx.HTTPError as exc:
        raise HTTPException(503, "service unavailable") from exc
    return Response(
        upstream.content,
        status_code=upstream.status_code,
        media_type=upstream.headers.get("content-type"),
        headers={k: v for k, v in upstream.headers.items() if k.lower() in RETURNED},
    )


async def _stream(client: httpx.AsyncClient, request: httpx.Request) -> Response:
    """An event stream passed on chunk by chunk until either side closes it."""
    try:
        upstream = await client.send(request, stream=True)
    except httpx.HTTPError as exc:
        raise HTTPException(503, "service unavailable") from exc
    return StreamingResponse(
        upstream.aiter_raw(),
        status_code=upstream.status_code,
        media_type=upstream.headers.get("content-type"),
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
        background=BackgroundTask(upstream.aclose),
    )


async def _sent(client: httpx.AsyncClient, request: httpx.Request) -> httpx.Response:
    """A read is sent again once when the service closed the connection before answering (a
    kept-alive connection it had just timed out): nothing was done, and the caller should
    not see a 503 for it. Writes are never sent twice."""
    try:
        return await client.send(request)
    except httpx.RemoteProtocolError:
        if request.method != "GET":
            raise
        return await client.send(request)
