"""``flush`` (used by the demo and the test runner), able to empty the append-only audit table.

The audit table's triggers refuse DELETE and TRUNCATE to everyone, so erasing a whole database
lifts them for the length of one transaction. On PostgreSQL only the table's owner can do that:
the application role, which does not own the table, cannot flush (see the README's deployment
section).
"""

from __future__ import annotations

from typing import Any

from django.core.management.commands import flush
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from homeward.audit.triggers import lifted


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        alias = options.get("database") or DEFAULT_DB_ALIAS
        with transaction.atomic(using=alias), lifted(connections[alias]):
            super().handle(**options)
