"""Routing: every other /api path goes to the service that owns it, token and request id along."""

from __future__ import annotations

import asyncio

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


def owner_url(request: Request, path: str) -> str | None:
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
    if path.startswith("places/") and path.endswith("/residents"):
        return str(settings.registry_url)  # who lived there: the registry's to answer
    return owners.get(path.split("/", 1)[0])


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
    base = owner_url(request, path)
    if base is None:
        raise HTTPException(404, "not found")
    client: httpx.AsyncClient = request.app.state.http
    headers = {k: v for k, v in request.headers.items() if k.lower() in FORWARDED}
    if request.client:  # set here, never taken from the caller: services audit by it
        headers["x-forwarded-for"] = request.client.host
    request_id = structlog.contextvars.get_contextvars().get("request_id")
    if request_id:
        headers["x-request-id"] = request_id
    streamed = path.startswith(STREAMED)
    send = client.build_request(
        request.method,
        f"{base}/api/{path}",
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
