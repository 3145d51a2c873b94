"""Numbered SQL migrations, applied in order at start, each once, under an advisory lock."""

from __future__ import annotations

from pathlib import Path

import psycopg
import psycopg.conninfo
import psycopg.sql

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


def grant_runtime_role(owner_dsn: str, runtime_dsn: str, append_only: tuple[str, ...]) -> None:
    """Let the service's runtime role use the tables the owner created, except that it may
    only read and insert into append-only ones. Nothing to do when both are one role."""
    runtime_user = psycopg.conninfo.conninfo_to_dict(runtime_dsn).get("user")
    owner_user = psycopg.conninfo.conninfo_to_dict(owner_dsn).get("user")
    if not runtime_user or runtime_user == owner_user:
        return
    role = psycopg.sql.Identifier(str(runtime_user))
    tables = psycopg.sql.SQL(", ").join(psycopg.sql.Identifier(t) for t in append_only)
    with psycopg.connect(owner_dsn, autocommit=True) as conn, conn.transaction():
        conn.execute(
            psycopg.sql.SQL(
                "GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE"
                " ON ALL TABLES IN SCHEMA public TO {}"
            ).format(role)
        )
        conn.execute(
            psycopg.sql.SQL(
                "GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {}"
            ).format(role)
        )
        conn.execute(
            psycopg.sql.SQL("REVOKE UPDATE, DELETE, TRUNCATE ON {} FROM {}").format(tables, role)
        )
