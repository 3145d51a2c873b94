"""The browser app (`web/`, built into `web/dist`), served from `/`: its files as they are,
and its index for every other path that is not the API's, so that a page the app routes to
(/desk, /search …) opens when typed or reloaded.

Text files go gzipped to a browser that takes it: the app's scripts are 1.1 MB as built and
a fifth of that gzipped, which a station on a slow line feels at every first start. Each
file is compressed once and kept (they change only with a new build)."""

from __future__ import annotations

import gzip
import mimetypes
from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, Response

router = APIRouter(include_in_schema=False)

NOT_BUILT = (
    "<!doctype html><html lang='zh-CN'><meta charset='utf-8'><title>liudong</title>"
    "<p>网页尚未构建 (web/dist 不存在): 运行 <code>make run</code> 会先构建它。"
    "<p>The web app is not built yet: <code>make run</code> builds it. The API is at "
    "<a href='/docs'>/docs</a>.</html>"
)
# Built file names carry their content's hash: cached for good. The index never is.
IMMUTABLE = "public, max-age=31536000, immutable"
COMPRESSIBLE = {".html", ".js", ".css", ".svg", ".json", ".map", ".txt"}


@router.get("/{path:path}")
def page(path: str, request: Request) -> Response:
    if path == "api" or path.startswith(("api/", "docs", "openapi.json", "metrics", "health")):
        raise HTTPException(404, "not found")
    root: Path = request.app.state.settings.web_dir
    index = root / "index.html"
    if not index.is_file():
        return HTMLResponse(NOT_BUILT, status_code=503)
    wanted = (root / path).resolve()
    if path and wanted.is_file() and wanted.is_relative_to(root.resolve()):
        cache = IMMUTABLE if path.startswith("assets/") else "no-cache"
        return _file(wanted, cache, request)
    return _file(index, "no-cache", request)


def _file(path: Path, cache: str, request: Request) -> Response:
    headers = {"Cache-Control": cache, "Vary": "Accept-Encoding"}
    if path.suffix not in COMPRESSIBLE or not _takes_gzip(request.headers.get("accept-encoding")):
        return FileResponse(path, headers=headers)
    media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    body = _gzipped(path, path.stat().st_mtime_ns)
    return Response(body, media_type=media_type, headers={**headers, "Content-Encoding": "gzip"})


def _takes_gzip(accepted: str | None) -> bool:
    """Whether Accept-Encoding names gzip (or *) and does not refuse it with `q=0`."""
    for part in (accepted or "").lower().split(","):
        name, _, parameters = part.partition(";")
        if name.strip() in ("gzip", "*") and not _refused(parameters):
            return True
    return False


def _refused(parameters: str) -> bool:
    for parameter in parameters.split(";"):
        key, _, value = parameter.replace(" ", "").partition("=")
        if key == "q":
            try:
                return float(value) == 0
            except ValueError:
                return False
    return False


@lru_cache(maxsize=128)
def _gzipped(path: Path, _mtime_ns: int) -> bytes:
    """The file gzipped, kept per path and modification time (a new build is new)."""
    return gzip.compress(path.read_bytes(), compresslevel=9, mtime=0)
