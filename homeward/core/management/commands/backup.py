"""``homeward backup OUT``: an encrypted, consistent snapshot of the database and the documents."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from homeward.core import crypto
from homeward.core.backup import BackupError, write_backup


class Command(BaseCommand):
    help = "Write an encrypted snapshot of the database and documents to OUT (restore with `homeward restore`)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            counts = write_backup(options["out"])
        except (BackupError, crypto.KeysMissing) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Wrote {options['out']}: {counts['rows']} rows of {counts['tables']} tables, "
                          f"{counts['files']} documents, sealed under key {crypto.keyring().active}.")
