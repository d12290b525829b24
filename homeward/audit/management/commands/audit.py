"""``homeward audit verify``: walk the audit chain and name the first row that does not hold.

``homeward audit schedule`` books the daily check as a background job (``homeward db_worker``
runs it); a deployment may instead run ``homeward audit verify`` from a systemd timer or cron.
Exit status: 0 when the chain holds, 1 when it does not.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm


class Command(BaseCommand):
    help = "Verify the hash-chained audit trail, or schedule its daily check."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True)
        verify = sub.add_parser("verify", help="walk the chain and name the first altered, removed or inserted row")
        verify.add_argument("--anchor", type=Path, default=None,
                            help="anchor file (default var/audit-anchors.log, or HOMEWARD_AUDIT_ANCHORS)")
        verify.add_argument("--no-write", action="store_true",
                            help="check only: write no anchor and no audit entry")
        sub.add_parser("schedule", help="book the daily check as a background job")

    def handle(self, *args: Any, **options: Any) -> None:
        from homeward.audit.tasks import check_chain, schedule_daily

        if options["what"] == "schedule":
            schedule_daily()
            self.stdout.write("The audit chain will be checked every day by the background worker.")
            return
        bar = tqdm(desc="audit rows", unit="row", disable=not sys.stderr.isatty(), file=sys.stderr)

        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.n = done
            bar.refresh()

        result = check_chain(anchor=options["anchor"], write=not options["no_write"], progress=progress)
        bar.close()
        if not result["ok"]:
            raise CommandError(f"The audit chain does not hold: {result['problem']}.", returncode=1)
        self.stdout.write(f"The audit chain holds: {result['rows']} rows, head row {result['head']}.")
