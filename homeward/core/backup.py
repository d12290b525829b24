"""Backups: one consistent, encrypted snapshot of the database and the documents.

:func:`write_backup` reads every table of every installed model in one read transaction
(PostgreSQL: REPEATABLE READ; SQLite: the database is locked for writing while it is read), as the
values stored (sealed fields stay sealed, the audit chain as it is), plus every file of the
document storage; the whole is compressed and sealed with the key ring (AES-GCM), and written 0600.
:func:`restore_backup` brings it back into an empty, migrated database of the same kind, table by
table in one transaction, then resets the id sequences. :func:`table_checksums` gives the row
count and a SHA-256 of each table, the same way on both sides, so a restore can be compared.

The key ring is needed to restore (the snapshot and the sealed fields are sealed with it): back up
the key file apart from the backups.
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import gzip
import hashlib
import json
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction

from homeward.core import crypto

FORMAT = "homeward-backup-1"
AAD = "homeward.backup"
# Filled by `migrate` itself (the reference tables' token too: homeward/core/reference.py):
# emptied before a restore, then restored like any table.
MIGRATE_FILLED = {"django_content_type", "auth_permission", "homeward_core_referencegeneration"}


class BackupError(Exception):
    """A backup cannot be written or restored; the message says why."""


def _models() -> list[Any]:
    found = []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        found.append(model)
    return sorted(found, key=lambda m: m._meta.db_table)


def _value(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return {"$t": value.isoformat()}
    if isinstance(value, decimal.Decimal):
        return {"$d": str(value)}
    if isinstance(value, uuid.UUID):
        return {"$u": str(value)}
    if isinstance(value, bytes | memoryview):
        return {"$b": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, dict | list):
        return {"$j": json.dumps(value, sort_keys=True, ensure_ascii=False)}
    return value


def _back(value: Any) -> Any:
    if isinstance(value, dict):
        if "$t" in value or "$d" in value or "$u" in value:
            return next(iter(value.values()))
        if "$b" in value:
            return base64.b64decode(value["$b"])
        if "$j" in value:
            return value["$j"]
    return value


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _rows(model: Any) -> Iterator[list[Any]]:
    meta = model._meta
    columns = [f.column for f in meta.local_concrete_fields]
    order = _quote(meta.pk.column)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(_quote(c) for c in columns)} FROM {_quote(meta.db_table)} ORDER BY {order}")
        while True:
            chunk = cursor.fetchmany(2000)
            if not chunk:
                return
            for row in chunk:
                yield [_value(v) for v in row]


def table_checksums() -> dict[str, tuple[int, str]]:
    """Each table's row count and SHA-256 over its rows (in id order, as stored)."""
    out = {}
    for model in _models():
        digest = hashlib.sha256()
        count = 0
        for row in _rows(model):
            digest.update(json.dumps(row, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8"))
            digest.update(b"\n")
            count += 1
        out[model._meta.db_table] = (count, digest.hexdigest())
    return out


def _storage_files(storage: Any, folder: str = "") -> Iterator[str]:
    try:
        dirs, files = storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError, OSError):
        return
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for sub in dirs:
        yield from _storage_files(storage, f"{folder}/{sub}" if folder else sub)


def _documents() -> Any:
    from django.core.files.storage import storages

    try:
        return storages["documents"]
    except Exception:  # no document storage configured
        return None


def _pending_migrations() -> int:
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def snapshot() -> dict[str, Any]:
    """The database and documents as one JSON-ready document (read in one transaction)."""
    from django.db.migrations.recorder import MigrationRecorder

    pending = _pending_migrations()
    if pending:
        raise BackupError(f"{pending} migrations are not applied to this database: run `homeward migrate` first")

    tables: dict[str, Any] = {}
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        for model in _models():
            meta = model._meta
            tables[meta.db_table] = {"columns": [f.column for f in meta.local_concrete_fields],
                                     "rows": list(_rows(model))}
        applied = sorted(MigrationRecorder(connection).applied_migrations())
    files = {}
    storage = _documents()
    if storage is not None:
        for name in _storage_files(storage):
            with storage.open(name, "rb") as handle:
                files[name] = base64.b64encode(handle.read()).decode("ascii")
    return {"format": FORMAT, "vendor": connection.vendor, "created": dt.datetime.now(dt.UTC).isoformat(),
            "migrations": [list(m) for m in applied], "tables": tables, "files": files}


def write_backup(path: Path) -> dict[str, int]:
    """Write an encrypted snapshot to ``path`` (0600); returns how many rows and files it holds."""
    data = snapshot()
    raw = gzip.compress(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 6)
    sealed = crypto.seal_bytes(raw, AAD)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(sealed)
    os.replace(tmp, path)
    return {"tables": len(data["tables"]), "rows": sum(len(t["rows"]) for t in data["tables"].values()),
            "files": len(data["files"])}


def read_backup(path: Path) -> dict[str, Any]:
    try:
        raw = crypto.open_bytes(path.read_bytes(), AAD)
    except crypto.DecryptionError as exc:
        raise BackupError(f"{path} does not open with these keys: {exc}") from exc
    data = json.loads(gzip.decompress(raw))
    if data.get("format") != FORMAT:
        raise BackupError(f"{path} is not a Homeward backup")
    return dict(data)


def restore_backup(path: Path) -> dict[str, int]:
    """Restore ``path`` into this database, which must be migrated and hold no records."""
    from django.db.migrations.recorder import MigrationRecorder

    data = read_backup(path)
    if data["vendor"] != connection.vendor:
        raise BackupError(f"the backup is of a {data['vendor']} database; this one is {connection.vendor}")
    applied = {tuple(m) for m in MigrationRecorder(connection).applied_migrations()}
    missing = {tuple(m) for m in data["migrations"]} - applied
    if missing:
        raise BackupError(f"run `homeward migrate` first: {len(missing)} migrations of the backup are not applied")
    models = {m._meta.db_table: m for m in _models()}
    unknown = set(data["tables"]) - set(models)
    if unknown:
        raise BackupError(f"the backup has tables this Homeward does not know: {', '.join(sorted(unknown))}")
    with connection.cursor() as cursor:
        for table in models:
            if table in MIGRATE_FILLED:
                continue
            cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")
            if cursor.fetchone()[0]:
                raise BackupError(f"the database is not empty (table {table} has rows): restore only into an "
                                  "empty database")
    rows = 0
    disabled = connection.disable_constraint_checking()
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                for table in MIGRATE_FILLED:
                    if table in models:
                        cursor.execute(f"DELETE FROM {_quote(table)}")
                for table, content in data["tables"].items():
                    if not content["rows"]:
                        continue
                    columns = content["columns"]
                    sql = (f"INSERT INTO {_quote(table)} ({', '.join(_quote(c) for c in columns)}) "
                           f"VALUES ({', '.join(['%s'] * len(columns))})")
                    cursor.executemany(sql, [[_back(v) for v in row] for row in content["rows"]])
                    rows += len(content["rows"])
                for statement in connection.ops.sequence_reset_sql(no_style(), list(models.values())):
                    cursor.execute(statement)
            if disabled:
                connection.check_constraints()
    finally:
        if disabled:
            connection.enable_constraint_checking()
    storage = _documents()
    for name, content in data["files"].items():
        if storage is None:
            raise BackupError("the backup has documents but no document storage is configured")
        if not storage.exists(name):
            from django.core.files.base import ContentFile

            storage.save(name, ContentFile(base64.b64decode(content)))
    return {"rows": rows, "files": len(data["files"])}
