"""Refuse UPDATE and DELETE on the audit table at the database itself (and TRUNCATE on PostgreSQL)."""

from __future__ import annotations

from typing import Any

from django.db import migrations


def forwards(apps: Any, schema_editor: Any) -> None:
    from homeward.audit.triggers import create

    create(schema_editor.connection)


def backwards(apps: Any, schema_editor: Any) -> None:
    from homeward.audit.triggers import drop

    drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
