"""``homeward tracing rematch``: match the whole caseload against every open request again.

``homeward tracing match --cases 3 7`` / ``--sought 12``: match a few records incrementally.
Decided pairs are kept as decided; rejected pairs never come back.
"""

from __future__ import annotations

import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from tqdm import tqdm


class Command(BaseCommand):
    help = "Tracing: re-match the whole caseload (rematch) or a few records (match)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        rematch = sub.add_parser("rematch", help="train on the caseload and score every pair again")
        rematch.add_argument("--background", action="store_true",
                             help="enqueue a job for the task worker instead of running here")
        match = sub.add_parser("match", help="match a few new or edited records against the other side")
        match.add_argument("--cases", type=int, nargs="*", default=[], help="case ids")
        match.add_argument("--sought", type=int, nargs="*", default=[], help="sought child ids")

    def handle(self, *args: Any, **options: Any) -> None:
        from homeward.tracing import matching
        from homeward.tracing.models import MatchJob
        from homeward.tracing.tasks import schedule_match

        if options["action"] == "rematch" and options.get("background"):
            with transaction.atomic():
                job = schedule_match(kind=MatchJob.Kind.FULL)
            self.stdout.write(f"queued matching job {job.pk if job else '(deferred)'}")
            return
        bar = tqdm(total=1, desc="matching", unit="step", file=sys.stderr, disable=not sys.stderr.isatty())

        def progress(step: str, done: int, total: int) -> None:
            bar.set_description(step)
            bar.total = max(total, 1)
            bar.n = done
            bar.refresh()

        started = time.perf_counter()
        try:
            if options["action"] == "rematch":
                result = matching.rematch_all(progress=progress)
                self.stdout.write(
                    f"{result.pairs} candidate pairs ({result.created} new, {result.removed} withdrawn), "
                    f"model {result.model_version}, {time.perf_counter() - started:.1f} s"
                )
                return
            if not options["cases"] and not options["sought"]:
                raise CommandError("give --cases and/or --sought ids")
            for side, ids in (("children", options["cases"]), ("requests", options["sought"])):
                if ids:
                    result = matching.rematch_records(side=side, ids=ids, progress=progress)
                    self.stdout.write(f"{side}: {result.pairs} pairs, {result.created} new, "
                                      f"{result.removed} withdrawn, {time.perf_counter() - started:.1f} s")
        finally:
            bar.close()
