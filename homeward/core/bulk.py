"""Writing many rows fast: COPY on PostgreSQL, multi-row inserts on SQLite.

Rows are plain dicts keyed by field attname (``person_id``); fields left out take the model's
default (``auto_now`` fields: now). Ids are given by the caller (taken from :func:`next_ids`), so
rows of one table can point at rows of another before either is written; the id sequences are
moved past them at the end (:func:`reset_sequences`).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterable
from typing import Any

from django.db import connection, models
from django.utils import timezone

_MISSING = object()


class Table:
    """One model's table, with the columns and defaults a bulk write needs."""

    def __init__(self, model: type[models.Model]) -> None:
        self.model = model
        self.name: str = model._meta.db_table
        now = timezone.now()
        self.fields = [f for f in model._meta.concrete_fields]
        self.columns: list[str] = [str(f.column) for f in self.fields]
        self.attnames = [f.attname for f in self.fields]
        self.defaults: dict[str, Any] = {}
        self.json = {f.attname for f in self.fields if isinstance(f, models.JSONField)}
        self.datetimes = {f.attname for f in self.fields if isinstance(f, models.DateTimeField)}
        self.uuids = {f.attname for f in self.fields if isinstance(f, models.UUIDField)}
        # Per-row defaults (row keys: uuid4) and fields sealed at rest (homeward.core.fields).
        self.per_row = [(f.attname, f.default) for f in self.fields
                        if f.has_default() and callable(f.default) and f.default not in (dict, list)]
        self.sealed: list[Any] = [f for f in self.fields if hasattr(f, "aad") and hasattr(f, "encode")]
        for f in self.fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                self.defaults[f.attname] = now
            elif f.has_default():
                self.defaults[f.attname] = f.get_default()
            elif f.null:
                self.defaults[f.attname] = None
            elif isinstance(f, models.CharField | models.TextField):
                self.defaults[f.attname] = ""
        self.rows: list[tuple[Any, ...]] = []
        self.written = 0
        self._template = [self.defaults.get(a, _MISSING) for a in self.attnames]
        self._at = {a: i for i, a in enumerate(self.attnames)}

    def add(self, **values: Any) -> None:
        row = self._template.copy()
        at = self._at
        for name, value in values.items():
            row[at[name]] = value
        for name, make in self.per_row:
            if name not in values:
                row[at[name]] = make()
        for field in self.sealed:
            i = at[field.attname]
            value = row[i]
            if value is not None and not field.is_empty(value):
                from homeward.core import crypto

                aad = f"{self.model._meta.label_lower}.{field.name}:{row[at['row_key']]}"
                row[i] = crypto.seal_text(field.encode(value), aad)
        self.rows.append(tuple(row))

    def add_instance(self, obj: models.Model, **values: Any) -> None:
        """The row of an unsaved model instance (what ``bulk_create`` would insert); ``values``
        give what the instance lacks, such as its id."""
        for f in self.fields:
            if f.attname in values or getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                continue
            if f.primary_key and getattr(obj, f.attname) is None:
                continue
            values[f.attname] = getattr(obj, f.attname)
        self.add(**values)

    def flush(self) -> None:
        if not self.rows:
            return
        write_rows(self, self.rows)
        self.written += len(self.rows)
        self.rows = []


def write_rows(table: Table, rows: Iterable[tuple[Any, ...]]) -> None:
    """Write ``rows`` (tuples in ``table.attnames`` order) in one statement or COPY."""
    json_at = [i for i, a in enumerate(table.attnames) if a in table.json]
    cols = ", ".join(connection.ops.quote_name(c) for c in table.columns)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            raw = cursor.cursor  # psycopg's own cursor: COPY
            with raw.copy(f"COPY {connection.ops.quote_name(table.name)} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    if json_at:
                        row = tuple(json.dumps(v) if i in json_at else v for i, v in enumerate(row))
                    copy.write_row(row)
        return
    dt_at = [i for i, a in enumerate(table.attnames) if a in table.datetimes or a in table.uuids]
    convert = json_at + dt_at
    out = []
    for row in rows:
        if convert:
            row = tuple(_sqlite(v, i in json_at) if i in convert else v for i, v in enumerate(row))
        out.append(row)
    marks = ", ".join("?" * len(table.columns))
    with connection.cursor() as cursor:
        cursor.connection.executemany(
            f"INSERT INTO {connection.ops.quote_name(table.name)} ({cols}) VALUES ({marks})", out)


def update_rows(model: type[models.Model], fields: list[str], objs: Iterable[models.Model]) -> None:
    """Write ``fields`` of saved instances, as ``bulk_update`` would (no other column changes)."""
    found: list[Any] = [model._meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    pk: Any = model._meta.pk
    sets = ", ".join(f"{quote(f.column)} = %s" for f in found)
    sql = f"UPDATE {quote(model._meta.db_table)} SET {sets} WHERE {quote(pk.column)} = %s"
    params = [[f.get_db_prep_save(getattr(obj, f.attname), connection) for f in found] + [obj.pk] for obj in objs]
    if params:
        with connection.cursor() as cursor:
            cursor.executemany(sql, params)


def _sqlite(value: Any, is_json: bool) -> Any:
    if is_json:
        return json.dumps(value)
    if isinstance(value, dt.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, uuid.UUID):
        return value.hex
    return value


def next_ids(model: type[models.Model]) -> int:
    """The first free id of ``model``'s table."""
    top = model._default_manager.order_by("-pk").values_list("pk", flat=True).first()
    return int(top or 0) + 1


def reset_sequences(tables: Iterable[type[models.Model]]) -> None:
    """Move PostgreSQL's id sequences past the ids written (SQLite needs nothing)."""
    from django.core.management.color import no_style

    statements = connection.ops.sequence_reset_sql(no_style(), list(tables))
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
