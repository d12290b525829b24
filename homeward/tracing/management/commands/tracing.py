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
        demo = sub.add_parser("demo", help="file the demo requests on a demo caseload without any, match, "
                                           "and print how well matching found the known pairs")
        demo.add_argument("--seed", default="2019", help="random seed")

    def handle(self, *args: Any, **options: Any) -> None:
        from homeward.tracing import matching
        from homeward.tracing.models import MatchJob
        from homeward.tracing.tasks import schedule_match

        if options["action"] == "demo":
            self._demo(options["seed"])
            return
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

    def _demo(self, seed: str) -> None:
        import random

        from homeward.cases.models import Case
        from homeward.tracing.demo import populate_demo
        from homeward.tracing.models import TracingRequest

        if TracingRequest.objects.exists():
            raise CommandError("there are requests already: run on a caseload without any "
                               "(homeward demo --core-only)")
        if not Case.objects.exists():
            raise CommandError("no case to seek: create the demo caseload first (homeward demo --core-only)")
        started = time.perf_counter()
        with transaction.atomic():
            r = populate_demo(random.Random(f"{seed}-homeward.tracing"))
        seconds = time.perf_counter() - started
        self.stdout.write(f"requests {r.requests}, sought children {r.sought}, known pairs {r.true_pairs}")
        self.stdout.write(f"known pairs found (p >= 0.01): {r.found} ({r.found / max(r.true_pairs, 1):.1%})")
        for t, (n, true) in sorted(r.at_threshold.items()):
            self.stdout.write(f"  p >= {t:<4}: {n} pairs, {true} known ({true / max(n, 1):.1%} precision, "
                              f"{true / max(r.true_pairs, 1):.1%} recall)")
        self.stdout.write(f"confirmed (children home): {r.confirmed}; left to review: {r.candidates - r.confirmed}")
        self.stdout.write(f"model {r.model_version}; {seconds:.1f} s")
