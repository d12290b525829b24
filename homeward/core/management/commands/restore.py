"""``homeward restore IN``: bring a backup back into an empty, migrated database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from homeward.core import crypto
from homeward.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore a backup written by `homeward backup` into an empty database (migrated first)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", type=Path)
        parser.add_argument("--no-migrate", action="store_true", help="the database is migrated already")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["source"].is_file():
            raise CommandError(f"no backup at {options['source']}")
        if not options["no_migrate"]:
            call_command("migrate", verbosity=0)
        try:
            counts = restore_backup(options["source"])
        except (BackupError, crypto.KeysMissing) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Restored {counts['rows']} rows and {counts['files']} documents. "
                          "Check the audit chain with `homeward audit verify`.")
