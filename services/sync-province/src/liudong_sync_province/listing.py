"""Pages of the to-do list's tables (items, move cases) within a caller's jurisdiction,
and their rows' ids as text."""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg.rows import dict_row

Conn = psycopg.Connection[Any]


def page(
    conn: Conn, table: str, where: str, order: str, args: dict[str, Any]
) -> tuple[list[dict[str, Any]], int]:
    """The rows of `table` matching `where`, in `order`, from `args`' offset and limit,
    and how many match. `table`, `where` and `order` are the caller's constants."""
    with conn.cursor(row_factory=dict_row) as cur:
        rows = cur.execute(
            f"SELECT * FROM {table} WHERE {where} ORDER BY {order}"
            " LIMIT %(limit)s OFFSET %(offset)s",
            args,
        ).fetchall()
    total = conn.execute(f"SELECT count(*) FROM {table} WHERE {where}", args).fetchone()
    return rows, int(total[0]) if total else 0


def one(conn: Conn, table: str, where: str, args: dict[str, Any]) -> dict[str, Any] | None:
    with conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(f"SELECT * FROM {table} WHERE {where}", args).fetchone()


def text(value: object) -> str | None:
    """An id column as JSON shows it (None stays None)."""
    return None if value is None else str(value)
