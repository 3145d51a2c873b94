"""/api/coordinators: housing coordinators (协管员), their photos and their work lists."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, UploadFile, status
from fastapi.responses import Response
from pydantic import BaseModel, Field

from liudong_events.auth import Principal
from liudong_events.days import office_today
from liudong_events.housing_events import CoordinatorPhotoSet
from liudong_events.policy import require
from liudong_events.responses import SIGNED_IN, refusals
from liudong_events.service import DbConn
from liudong_housing import people_repo
from liudong_housing.api.common import Phone, known_id, visible_place
from liudong_housing.domain.people import register_coordinator
from liudong_housing.photos import MAX_BYTES, safe_photo

router = APIRouter(
    prefix="/api/coordinators", tags=["coordinators"], responses=SIGNED_IN | refusals(404)
)
Manager = Annotated[Principal, require("coordinator.manage")]
Reader = Annotated[Principal, require("house.read")]


class CoordinatorCreate(BaseModel):
    name: str = Field(min_length=1, max_length=60)
    phone: Phone | None = None
    place_id: str = Field(description="where they work: a community or compound")
    user_id: str | None = Field(default=None, description="their login (role coordinator)")


def _coordinator(conn: DbConn, coordinator_id: str, who: Principal) -> dict[str, Any]:
    found = people_repo.coordinator(conn, known_id(coordinator_id, "协管员"), who)
    if found is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "协管员不存在或不在管辖范围内")
    return found


@router.post("", status_code=status.HTTP_201_CREATED, responses=refusals(409))
def register(body: CoordinatorCreate, conn: DbConn, who: Manager) -> dict[str, str]:
    if body.user_id is not None:
        known_id(body.user_id, "用户")
    with conn.transaction():
        place = visible_place(conn, body.place_id, who)
        event = register_coordinator(place, body.name, body.phone, body.user_id)
        if people_repo.coordinator(conn, event.coordinator_id, who) is not None:
            raise HTTPException(status.HTTP_409_CONFLICT, "该用户已登记为协管员")
        people_repo.add_coordinator(conn, event, who.actor())
    return {"coordinator_id": event.coordinator_id}


@router.get("")
def list_coordinators(conn: DbConn, who: Manager, place_id: str | None = None) -> dict[str, Any]:
    if place_id is not None:
        visible_place(conn, place_id, who)
    items = people_repo.coordinators(conn, place_id, who)
    return {"items": items, "total": len(items)}


@router.get("/{coordinator_id}")
def read(coordinator_id: str, conn: DbConn, who: Reader) -> dict[str, Any]:
    return _coordinator(conn, coordinator_id, who)


@router.put("/{coordinator_id}/photo")
async def put_photo(
    coordinator_id: str, file: UploadFile, conn: DbConn, who: Manager
) -> dict[str, str]:
    """A JPEG or PNG of at most 2 MB, kept re-encoded (see photos.py)."""
    _coordinator(conn, coordinator_id, who)
    image, digest = safe_photo(await file.read(MAX_BYTES + 1))
    event = CoordinatorPhotoSet(
        coordinator_id=coordinator_id, sha256=digest, content_type="image/jpeg"
    )
    with conn.transaction():
        people_repo.save_photo(conn, event, image, who.actor())
    return {"coordinator_id": coordinator_id, "sha256": digest}


@router.get(
    "/{coordinator_id}/photo",
    response_class=Response,
    responses={200: {"content": {"image/jpeg": {}}, "description": "the photo, re-encoded"}},
)
def read_photo(coordinator_id: str, conn: DbConn, who: Reader) -> Response:
    _coordinator(conn, coordinator_id, who)
    found = people_repo.photo(conn, coordinator_id)
    if found is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "尚未上传照片")
    content_type, image, digest = found
    return Response(
        image,
        media_type=content_type,
        headers={
            "X-Content-Type-Options": "nosniff",
            "Content-Disposition": "inline",
            "Cache-Control": "private, max-age=3600",
            "ETag": f'"{digest}"',
        },
    )


@router.get("/{coordinator_id}/work")
def work(coordinator_id: str, conn: DbConn, who: Reader) -> dict[str, Any]:
    """What the coordinator has to do: their houses and employers, most pressing first."""
    coordinator = _coordinator(conn, coordinator_id, who)
    return {
        "coordinator": coordinator,
        **people_repo.work_list(conn, coordinator_id, office_today()),
    }
