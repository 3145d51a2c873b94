"""The province's outbox: what the province sends the district. Move notices — someone
living in the district registered elsewhere (需流出登记, `move_out_notice`) or arrived from
elsewhere (需流入登记, `move_in_notice`) — and assistance requests (协查,
`assistance_request`): verify a person's residence status and answer before `due_at`.

`POST /outbox` records a message once: its `message_id` given again returns the message
already stored. `GET /outbox?after=` lists the messages in position order, the body signed
with the key both sides hold, so that the district can tell they came from the province. The
district answers through its ordinary event batches (see `GET /answers` in receiver.py).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Annotated, Any

import orjson
import psycopg
import structlog
from fastapi import APIRouter, Query, Request, Response
from psycopg.rows import dict_row
from pydantic import (
    AwareDatetime,
    BaseModel,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

from liudong_events.exchange_events import ExchangeKind
from liudong_events.service import DbConn
from liudong_sync_province import signing

log = structlog.get_logger("province")
router = APIRouter(tags=["outbox"])

# Idempotent, run at start with the receiver's own schema.
SCHEMA = """
CREATE TABLE IF NOT EXISTS province.outbox (
    position    bigserial   PRIMARY KEY,          -- the order the district reads them in
    message_id  uuid        NOT NULL UNIQUE,
    kind        text        NOT NULL,
    id_number   text        NOT NULL,
    name        text        NOT NULL,
    due_at      timestamptz,
    elsewhere   text,
    details     text,
    unit_id     uuid,
    sent_at     timestamptz NOT NULL DEFAULT now()
);
"""
COLUMNS = (
    "position, message_id, kind, id_number, name, due_at, elsewhere, details, unit_id, sent_at"
)


class OutboxMessageCreate(BaseModel):
    """A message for the district. `kind` comes before `due_at`: whether `due_at` is
    required depends on it."""

    kind: ExchangeKind
    id_number: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=32)]
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]
    due_at: AwareDatetime | None = Field(default=None, validate_default=True)
    elsewhere: str | None = Field(default=None, max_length=200, description="the other place")
    details: str | None = Field(default=None, max_length=2000)
    unit_id: uuid.UUID | None = None
    message_id: uuid.UUID | None = Field(default=None, description="default: a new one")

    @field_validator("due_at")
    @classmethod
    def _due_for_a_request(cls, value: datetime | None, info: ValidationInfo) -> datetime | None:
        """An assistance request is answered by a time still ahead; a notice may name none."""
        if info.data.get("kind") != "assistance_request":
            return value
        if value is None:
            raise ValueError("an assistance request needs due_at, the time to answer by")
        if value <= datetime.now(UTC):
            raise ValueError("due_at must be in the future")
        return value


def record(
    conn: psycopg.Connection[Any], message: OutboxMessageCreate
) -> tuple[dict[str, Any], bool]:
    """The message as stored under its id, and whether it is new. The table lock makes
    positions commit in the order they are taken: otherwise a reader paging with `after`
    could pass a position whose insert commits late, and never see that message. It does
    not block readers (EXCLUSIVE conflicts with writes only)."""
    values = message.model_dump(exclude={"message_id"})
    values["message_id"] = message.message_id or uuid.uuid4()
    with conn.transaction(), conn.cursor(row_factory=dict_row) as cur:
        cur.execute("LOCK TABLE province.outbox IN EXCLUSIVE MODE")
        cur.execute(
            "INSERT INTO province.outbox"
            " (message_id, kind, id_number, name, due_at, elsewhere, details, unit_id)"
            " VALUES (%(message_id)s, %(kind)s, %(id_number)s, %(name)s, %(due_at)s,"
            " %(elsewhere)s, %(details)s, %(unit_id)s)"
            f" ON CONFLICT (message_id) DO NOTHING RETURNING {COLUMNS}",
            values,
        )
        if (created := cur.fetchone()) is not None:
            return created, True
        cur.execute(
            f"SELECT {COLUMNS} FROM province.outbox WHERE message_id = %s", (values["message_id"],)
        )
        existing = cur.fetchone()
    assert existing is not None  # it conflicted, and rows are never deleted
    return existing, False


def messages_after(conn: psycopg.Connection[Any], after: int, limit: int) -> list[dict[str, Any]]:
    with conn.cursor(row_factory=dict_row) as cur:
        cur.execute(
            f"SELECT {COLUMNS} FROM province.outbox WHERE position > %s ORDER BY position LIMIT %s",
            (after, limit),
        )
        return cur.fetchall()


@router.post("/outbox", status_code=201)
def send_message(conn: DbConn, message: OutboxMessageCreate) -> Response:
    """201 with the message stored; 200 with the one stored before when its id is known."""
    stored, new = record(conn, message)
    log.info("outbox_message", position=stored["position"], kind=stored["kind"], new=new)
    return Response(orjson.dumps(stored), 201 if new else 200, media_type="application/json")


@router.get("/outbox")
def list_messages(
    request: Request,
    conn: DbConn,
    after: Annotated[int, Query(ge=0, description="the last position already read")] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 500,
) -> Response:
    """The messages after position `after`, in order, and `last`, the position to ask after
    next time. The body is signed (`X-Liudong-Signature`) with the receiver's key, and sent
    as the very bytes signed (a raw Response: no re-encoding on the way)."""
    found = messages_after(conn, after, limit)
    body = orjson.dumps({"messages": found, "last": found[-1]["position"] if found else after})
    signed = signing.signature(body, request.app.state.settings.key)
    return Response(body, headers={signing.HEADER: signed}, media_type="application/json")
