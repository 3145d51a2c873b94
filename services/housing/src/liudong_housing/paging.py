"""A page of a list and the true count of everything the list holds."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from psycopg import sql
from psycopg.rows import dict_row

from liudong_housing.journal import Conn


def page_of(
    conn: Conn, statement: sql.Composed, args: Sequence[Any], *, page: int, page_size: int
) -> tuple[list[dict[str, Any]], int]:
    """Rows `page` (from 1) of `statement` and how many rows it selects in all.

    `statement` selects a `count(*) OVER () AS total` column (counted with the page, in one
    snapshot) and ends in an ORDER BY that is a total order (a unique tiebreaker last), so
    that pages neither overlap nor skip a row.
    """
    paged = sql.SQL("{} LIMIT %s OFFSET %s").format(statement)
    with conn.cursor(row_factory=dict_row) as cur:
        rows = cur.execute(paged, [*args, page_size, (page - 1) * page_size]).fetchall()
        counted = rows[0] if rows else None
        if counted is None and page > 1:  # past the last page the window counts nothing
            count = sql.SQL("SELECT count(*) AS total FROM ({}) q").format(statement)
            counted = cur.execute(count, args).fetchone()
    total = int(counted["total"]) if counted else 0
    for row in rows:
        del row["total"]
    return rows, total
