"""How long the preview of a 5,000-row spreadsheet of children takes (and the commit, optionally).

    DATABASE_URL=sqlite:////tmp/homeward-import-bench.sqlite3 uv run python -m benchmarks.import_preview \
        [--rows 5000] [--existing 1000] [--commit]

Builds a fresh database at DATABASE_URL (it is erased), records ``--existing`` children already
known (so the duplicate search has work to do), then previews an XLSX of ``--rows`` children
(1 in 50 broken) and prints the figures. A figure, never an assertion.
"""

from __future__ import annotations

import argparse
import os
import sys
import time


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--existing", type=int, default=1000)
    parser.add_argument("--commit", action="store_true")
    args = parser.parse_args(argv)
    if "DATABASE_URL" not in os.environ:
        print("set DATABASE_URL to a scratch database (it is erased)", file=sys.stderr)
        return 2
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0) if _migrated() else None
    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0)
    from homeward.accounts.models import Agency
    from homeward.imports import columns, preview
    from homeward.imports.readers import read_table
    from homeward.tracing.tasks import matching_deferred
    from tests.intake import sheets

    Agency.objects.get_or_create(name="National office", kind=Agency.Kind.NATIONAL)
    known = sheets.children_rows(args.existing, broken={})
    with matching_deferred():
        data = sheets.xlsx([[f"K-{r[0]}", *r[1:]] for r in known])
        from homeward.imports import actions

        batch = actions.upload(actor=None, kind="cases", filename="known.xlsx", data=data)
        actions.commit(actor=None, batch=batch, include_duplicates=True)
    rows = sheets.children_rows(args.rows, broken={i: "facility" for i in range(25, args.rows + 1, 50)})
    data = sheets.xlsx(rows)
    started = time.perf_counter()
    table = read_table("children.xlsx", data)
    read = time.perf_counter() - started
    from tqdm import tqdm

    bar = tqdm(total=len(table.rows), desc="preview", unit="row", file=sys.stderr)
    verdicts = preview.build("cases", table, columns.guess_mapping("cases", table.header),
                             progress=lambda done, total: bar.update(done - bar.n))
    bar.close()
    total = time.perf_counter() - started
    counts = preview.summary(verdicts)
    print(f"rows={len(verdicts)} existing_children={args.existing} read_s={read:.2f} preview_s={total:.2f} "
          f"rows_per_s={len(verdicts) / total:.0f} " + " ".join(f"{k}={v}" for k, v in counts.items()))
    if args.commit:
        from homeward.imports import actions

        started = time.perf_counter()
        with matching_deferred():
            batch = actions.upload(actor=None, kind="cases", filename="children.xlsx", data=data)
            result = actions.commit(actor=None, batch=batch)
        print(f"commit_s={time.perf_counter() - started:.2f} created={len(result.created)}")
    return 0


def _migrated() -> bool:
    from django.db import connection

    return "django_migrations" in connection.introspection.table_names()


if __name__ == "__main__":
    raise SystemExit(main())
