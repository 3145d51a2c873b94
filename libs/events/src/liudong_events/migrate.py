"""Numbered SQL migrations, applied in order at start, each once, under an advisory lock."""

from __future__ import annotations

from pathlib import Path

import psycopg

EVENT_STORE_MIGRATIONS = Path(__file__).parent / "migrations"
_LOCK_KEY = 0x11D0


def apply_migrations(dsn: str, *folders: Path) -> list[str]:
    """Apply the event store's migrations, then each folder's `NNN_what.sql` files."""
    applied: list[str] = []
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("SELECT pg_advisory_lock(%s)", (_LOCK_KEY,))
        try:
            conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations ("
                " name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())"
            )
            done = {r[0] for r in conn.execute("SELECT name FROM schema_migrations")}
            for folder in (EVENT_STORE_MIGRATIONS, *folders):
                for path in sorted(folder.glob("[0-9][0-9][0-9]_*.sql")):
                    name = f"{folder.parent.name}/{path.name}"
                    if name in done:
                        continue
                    with conn.transaction():
                        conn.execute(path.read_text(encoding="utf-8").encode())
                        conn.execute("INSERT INTO schema_migrations (name) VALUES (%s)", (name,))
                    applied.append(name)
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", (_LOCK_KEY,))
    return applied
