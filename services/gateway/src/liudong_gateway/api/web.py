"""The browser app (`web/`, built into `web/dist`), served from `/`: its files as they are,
and its index for every other path that is not the API's, so that a page the app routes to
(/desk, /search …) opens when typed or reloaded."""

from __future__ import annotations

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
        return FileResponse(wanted, headers={"Cache-Control": cache})
    return FileResponse(index, headers={"Cache-Control": "no-cache"})
