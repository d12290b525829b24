"""``homeward keys create|status|rotate``: the keys that seal sensitive fields at rest."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from tqdm import tqdm

from homeward.core import crypto
from homeward.core.fields import sealed_models

BATCH = 200


def _stale(row: Any, fields: list[Any], active: str) -> bool:
    for field in fields:
        raw = row.__dict__.get(field.attname)
        if raw and isinstance(raw, str):
            if not crypto.is_sealed(raw) or crypto.key_of(raw) != active:
                return True
    return False


def rotate(*, progress: bool = True, limit: int | None = None) -> int:
    """Re-seal every value not yet under the active key; returns how many rows changed. Rows already
    under the active key are skipped, so an interrupted rotation resumes where it stopped."""
    active = crypto.keyring().active
    changed = 0
    for model, fields in sealed_models():
        manager = model._base_manager
        total = manager.count()
        bar = tqdm(total=total, desc=model._meta.label_lower, unit="row", disable=not progress, file=sys.stderr)
        last = None
        while True:
            rows = manager.order_by("pk")
            if last is not None:
                rows = rows.filter(pk__gt=last)
            batch = list(rows[:BATCH])
            if not batch:
                break
            with transaction.atomic():
                for row in batch:
                    if _stale(row, fields, active):
                        manager.filter(pk=row.pk).update(**{f.attname: f.pre_save(row, False) for f in fields})
                        changed += 1
                        if limit is not None and changed >= limit:
                            bar.close()
                            return changed
            last = batch[-1].pk
            bar.update(len(batch))
        bar.close()
    return changed


class Command(BaseCommand):
    help = "Create the key file, show which keys seal how many values, or rotate to a new key."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["create", "status", "rotate"])
        parser.add_argument("--resume", action="store_true",
                            help="rotate: finish an interrupted rotation without adding another key")

    def handle(self, *args: Any, **options: Any) -> None:
        what = options["what"]
        if what == "create":
            path = crypto.key_file_path()
            existed = path.exists()
            crypto.create_key_file(path)
            self.stdout.write(f"{'Kept the existing' if existed else 'Created the'} key file {path} (mode 0600). "
                              "Back it up apart from the database: without it the sealed values are lost.")
            return
        try:
            ring = crypto.keyring()
        except crypto.KeysMissing as exc:
            raise CommandError(str(exc)) from exc
        if what == "status":
            counts: dict[str, int] = {}
            for model, fields in sealed_models():
                for row in model._base_manager.all().iterator():
                    for f in fields:
                        raw = row.__dict__.get(f.attname)
                        if raw and isinstance(raw, str):
                            kid = crypto.key_of(raw) if crypto.is_sealed(raw) else "(plain)"
                            counts[kid] = counts.get(kid, 0) + 1
            self.stdout.write(f"active key: {ring.active}; keys: {', '.join(sorted(ring.keys))}")
            for kid, n in sorted(counts.items()):
                self.stdout.write(f"  {kid}: {n} values")
            return
        if not options["resume"]:
            if "HOMEWARD_KEYS" in __import__("os").environ:
                raise CommandError("the keys come from HOMEWARD_KEYS: add the new key there, make it active, "
                                   "then run `homeward keys rotate --resume`")
            kid = crypto.add_active_key()
            self.stdout.write(f"New active key {kid} added to {crypto.key_file_path()}.")
        changed = rotate(progress=sys.stderr.isatty() or options["verbosity"] > 1)
        self.stdout.write(f"Re-sealed {changed} rows under key {crypto.keyring().active}. Older keys stay in the key "
                          "file to open older backups; remove one only when no backup needs it.")
