"""The audit log: every service's entries from `liudong.audit`, searchable and exportable."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any

import psycopg
from psycopg.rows import dict_row
from psycopg.types.json import Jsonb

from liudong_events.catalog import AUDIT_TOPIC, AuditData, parse
from liudong_events.envelope import Envelope

COMMON = set(AuditData.model_fields)


class AuditLog:
    """Projection of `liudong.audit`. It is never emptied, so it cannot be rebuilt in place."""

    name = "gateway.audit"
    topics: tuple[str, ...] = (AUDIT_TOPIC,)

    def apply(self, event: Envelope, conn: psycopg.Connection[Any]) -> None:
        data = parse(event.type, event.data)
        assert isinstance(data, AuditData)
        detail = {k: v for k, v in data.model_dump(mode="json").items() if k not in COMMON}
        conn.execute(
            "INSERT INTO audit_log (event_id, type, source, actor_id, actor_name, role,"
            " actor_scope, at, address, purpose, records, detail)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
            " ON CONFLICT (event_id) DO NOTHING",
            (
                event.id,
                event.type,
                event.source,
                data.actor_id,
                data.actor_name,
                data.role,
                data.actor_scope,
                data.at,
                data.address,
                data.purpose,
                data.records,
                Jsonb(detail),
            ),
        )


def search(
    conn: psycopg.Connection[Any],
    *,
    scope: str | None,
    user_id: str | None,
    record_id: str | None,
    start: datetime | None,
    end: datetime | None,
    limit: int,
    offset: int,
) -> tuple[list[dict[str, Any]], int]:
    """Entries by actors within `scope` (None: all), newest first."""
    where, args = ["TRUE"], []
    for wanted, clause, value in [
        (scope is not None, "actor_scope @> ARRAY[%s]::uuid[]", scope),
        (user_id is not None, "actor_id = %s", user_id),
        (record_id is not None, "records @> ARRAY[%s]::text[]", record_id),
        (start is not None, "at >= %s", start),
        (end is not None, "at <= %s", end),
    ]:
        if wanted:
            where.append(clause)
            args.append(value)
    sql = f"FROM audit_log WHERE {' AND '.join(where)}"
    with conn.cursor(row_factory=dict_row) as cur:
        total = cur.execute(f"SELECT count(*) AS n {sql}", args).fetchone()
        rows = cur.execute(
            "SELECT event_id::text, type, actor_id::text, actor_name, role, at, address,"
            f" purpose, records, detail {sql} ORDER BY at DESC, event_id LIMIT %s OFFSET %s",
            [*args, limit, offset],
        ).fetchall()
    return rows, int(total["n"]) if total else 0


CSV_COLUMNS = ("at", "type", "actor_name", "role", "address", "purpose", "records")
CSV_HEADINGS = ("时间", "类型", "用户", "角色", "地址", "目的", "涉及记录")


def to_csv(rows: list[dict[str, Any]]) -> str:
    """UTF-8 with a byte-order mark, so that Excel shows the Chinese headings."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADINGS)
    for row in rows:
        writer.writerow(
            [
                " ".join(row[c]) if c == "records" else ("" if row[c] is None else row[c])
                for c in CSV_COLUMNS
            ]
        )
    return "\ufeff" + out.getvalue()
