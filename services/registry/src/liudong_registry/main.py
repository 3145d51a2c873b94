"""The registry service: persons and their residences."""

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from liudong_events.catalog import AUDIT_TOPIC, REGISTRY_TOPIC
from liudong_events.service import ServiceSpec, create_app
from liudong_registry import handlers, import_workers
from liudong_registry.api import (
    declarations,
    dictionaries,
    errors,
    imports,
    persons,
    residences,
    schools,
    unit_residents,
)
from liudong_registry.domain.residences import DeclarationInvalid, StateConflict
from liudong_registry.projections.places import PlaceTree
from liudong_registry.settings import RegistrySettings

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


def build(settings: RegistrySettings | None = None) -> FastAPI:
    spec = ServiceSpec(
        name="registry",
        settings=settings or RegistrySettings(),
        migrations=MIGRATIONS,
        publishes_to=(REGISTRY_TOPIC, AUDIT_TOPIC),
        append_only=("audit_trail",),
        projections=[PlaceTree()],
        resources={"import_workers": lambda s: import_workers.running(s.database_url, s.log_level)},
    )
    app = create_app(spec, title="liudong registry")
    app.include_router(residences.router)
    app.include_router(persons.router)
    app.include_router(dictionaries.router)
    app.include_router(unit_residents.router)
    app.include_router(declarations.router)
    app.include_router(schools.router)
    app.include_router(imports.router)
    app.add_exception_handler(DeclarationInvalid, _invalid)
    app.add_exception_handler(RequestValidationError, errors.request_invalid)
    app.add_exception_handler(StateConflict, _conflict)
    app.add_exception_handler(handlers.Collision, _conflict)
    app.add_exception_handler(handlers.NotFound, _not_found)
    return app


async def _invalid(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DeclarationInvalid)
    return JSONResponse({"detail": errors.as_detail(exc.errors)}, status_code=422)


async def _conflict(_request: Request, exc: Exception) -> JSONResponse:
    return JSONResponse({"detail": str(exc)}, status_code=409)


async def _not_found(_request: Request, _exc: Exception) -> JSONResponse:
    return JSONResponse({"detail": "not found"}, status_code=404)
