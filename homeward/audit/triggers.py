"""Database triggers that keep the audit table append-only, on PostgreSQL and SQLite."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

TABLE = "audit_auditentry"

POSTGRES_CREATE = f"""
CREATE OR REPLACE FUNCTION homeward_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit entries are append-only';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS audit_append_only ON {TABLE};
CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION homeward_audit_append_only();
DROP TRIGGER IF EXISTS audit_no_truncate ON {TABLE};
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON {TABLE}
    FOR EACH STATEMENT EXECUTE FUNCTION homeward_audit_append_only();
"""
POSTGRES_DROP = f"""
DROP TRIGGER IF EXISTS audit_no_truncate ON {TABLE};
DROP TRIGGER IF EXISTS audit_append_only ON {TABLE};
DROP FUNCTION IF EXISTS homeward_audit_append_only();
"""
SQLITE_CREATE = [
    f"""CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END""",
    f"""CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END""",
]
SQLITE_DROP = ["DROP TRIGGER IF EXISTS audit_no_update", "DROP TRIGGER IF EXISTS audit_no_delete"]


def create(connection: Any) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(POSTGRES_CREATE)
        elif connection.vendor == "sqlite":
            for sql in SQLITE_CREATE:
                cursor.execute(sql)


def drop(connection: Any) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(POSTGRES_DROP)
        elif connection.vendor == "sqlite":
            for sql in SQLITE_DROP:
                cursor.execute(sql)


@contextlib.contextmanager
def lifted(connection: Any) -> Iterator[None]:
    """Inside the caller's transaction, let the audit table be emptied, then guard it again."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER USER")
        elif connection.vendor == "sqlite":
            for sql in SQLITE_DROP:
                cursor.execute(sql)
    # On failure the caller's transaction rolls back, and with it the lifting (DDL is transactional
    # on both databases), so the guard is restored either way.
    yield
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER USER")
        elif connection.vendor == "sqlite":
            for sql in SQLITE_CREATE:
                cursor.execute(sql)
