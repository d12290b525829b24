"""``homeward import cases|requests|people FILE [--commit]``: preview, then (with --commit) write.

Prints one line per refused or flagged row (its row number and column) and a summary; writes
nothing without ``--commit``. Exit status 1 if any row was refused.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from homeward.errors import ActionError


class Command(BaseCommand):
    help = "Preview (and with --commit, import) a spreadsheet of children, people or relatives' requests."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=["cases", "requests", "people"])
        parser.add_argument("file", type=Path)
        parser.add_argument("--commit", action="store_true", help="write the rows that are not refused")
        parser.add_argument("--skip-duplicates", action="store_true",
                            help="with --commit, leave out the rows flagged as probable duplicates")
        parser.add_argument("--user", default="", help="import as this user (default: the system)")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        from django.contrib.auth import get_user_model
        from tqdm import tqdm

        from homeward.accounts import policy
        from homeward.imports import columns, preview
        from homeward.imports.readers import read_table

        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"no such file: {path}")
        data = path.read_bytes()
        actor = None
        if options["user"]:
            actor = get_user_model().objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"no such user: {options['user']}")
        kind = options["kind"]
        try:
            table = read_table(path.name, data)
        except ActionError as exc:
            raise CommandError(f"{path}: {exc.message}") from exc
        from homeward.imports.models import ColumnMapping

        saved = ColumnMapping.objects.filter(kind=kind, shape=columns.shape_of(table.header)).first()
        mapping = dict(saved.mapping) if saved else columns.guess_mapping(kind, table.header)
        missing = columns.missing_required(kind, mapping)
        if missing:
            raise CommandError(f"{path}: no column for {', '.join(missing)} (columns: {', '.join(table.header)})")
        for header in columns.unmapped(kind, table.header, mapping):
            self.stderr.write(f"column {header!r} is not understood and is ignored")
        grant = policy.grant(actor, "cases.case.open") if kind == "cases" else None
        bar = tqdm(total=len(table.rows), desc="preview", unit="row", disable=options["no_progress"],
                   file=self.stderr)

        def progress(done: int, total: int) -> None:
            bar.update(done - bar.n)

        verdicts = preview.build(kind, table, mapping, grant=grant, progress=progress)
        bar.close()
        for v in verdicts:
            if v["verdict"] == "refused":
                for error in v["errors"]:
                    self.stdout.write(f"row {v['row']}: refused: {error['column']}: {error['message']}")
            elif v["verdict"] == "duplicate":
                best = v["duplicates"][0]
                self.stdout.write(f"row {v['row']}: probable duplicate of person #{best['person']}"
                                  f"{' (case ' + best['reference'] + ')' if best['reference'] else ''}"
                                  f" score {best['score']:.2f}: {'; '.join(best['reasons'])}")
            elif v["verdict"] == "update":
                self.stdout.write(f"row {v['row']}: will update {', '.join(v['changes'])}")
        counts = preview.summary(verdicts)
        self.stdout.write(" ".join(f"{k}={n}" for k, n in counts.items())
                          + f" sha256={hashlib.sha256(data).hexdigest()}")
        if options["commit"]:
            from homeward.imports import actions

            try:
                batch = actions.upload(actor=actor, kind=kind, filename=path.name, data=data)
                batch.mapping = mapping
                batch.save(update_fields=["mapping"])
                result = actions.commit(actor=actor, batch=batch, include_duplicates=not options["skip_duplicates"])
            except ActionError as exc:
                raise CommandError(exc.message) from exc
            self.stdout.write(f"committed: created={len(result.created)} updated={len(result.updated)} "
                              f"skipped={len(result.skipped)} refused={len(result.refused)}")
        else:
            self.stdout.write("nothing written (add --commit to write the rows that are not refused)")
        if counts["refused"]:
            raise SystemExit(1)
