"""One OpenAPI document at /docs: the gateway's own paths plus every service's, merged."""

from __future__ import annotations

from typing import Any

import httpx
from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from liudong_gateway.settings import GatewaySettings


def merged_openapi(app: FastAPI, settings: GatewaySettings) -> dict[str, Any]:
    """Built on first use; a service that is not up yet is left out and asked again later."""
    if app.openapi_schema:
        return app.openapi_schema
    document = get_openapi(
        title=app.title, version="1", description=app.description, routes=app.routes
    )
    complete = True
    services = (settings.registry_url, settings.housing_url, settings.stats_url)
    for url in (*services, *filter(None, [settings.sync_province_url])):
        try:
            part = httpx.get(f"{url}/openapi.json", timeout=5).json()
        except (httpx.HTTPError, ValueError):
            complete = False
            continue
        document["paths"].update(part.get("paths", {}))
        schemas = document.setdefault("components", {}).setdefault("schemas", {})
        schemas.update(part.get("components", {}).get("schemas", {}))
    if complete:
        app.openapi_schema = document
    return document
