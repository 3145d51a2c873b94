"""Writing the audit trail: each entry is an event of its own stream, appended in the same
transaction as whatever it records, and published on `liudong.audit` by the relay."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, TypeVar

import psycopg
from starlette.requests import Request

from liudong_events.auth import Principal
from liudong_events.catalog import AuditData, PersonsSearched
from liudong_events.store import NewEvent, append_to_stream

A = TypeVar("A", bound=AuditData)


def client_address(request: Request) -> str | None:
    """The caller's address as uvicorn resolved it: behind the gateway, the address the
    gateway forwarded (uvicorn believes X-Forwarded-For from loopback); at the gateway, the
    peer's, or a trusted proxy's forwarded one (`LIUDONG_TRUSTED_PROXIES`). Never the raw
    header: any client can write it."""
    return request.client.host if request.client else None


def entry(model: type[A], who: Principal, request: Request, **fields: Any) -> A:
    """An audit entry for `who`, now, from the request's address and stated purpose."""
    purpose = request.query_params.get("purpose")
    return model(
        actor_id=who.user_id,
        actor_name=who.username,
        role=who.role,
        actor_scope=list(who.scope_path),
        at=datetime.now(UTC),
        address=client_address(request),
        purpose=purpose[:200] if purpose else None,
        **fields,
    )


def record(conn: psycopg.Connection[Any], data: AuditData) -> None:
    """Append the entry; the caller's transaction commits it with what it records."""
    key = data.actor_id or f"name:{data.actor_name}"
    append_to_stream(conn, f"audit-{uuid.uuid4()}", [NewEvent(data, partition_key=key)], 0)


def searched(
    conn: psycopg.Connection[Any],
    who: Principal,
    request: Request,
    records: list[str],
    filters: list[str],
) -> None:
    """Put on the record a search that showed these persons (none shown: nothing to record)."""
    if not records:
        return
    with conn.transaction():
        record(
            conn,
            entry(PersonsSearched, who, request, records=records, filters=filters),
        )
