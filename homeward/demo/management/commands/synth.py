"""Add a synthetic caseload of N people beside the demo's (homeward/demo/synth.py)."""

from __future__ import annotations

import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from tqdm import tqdm

from homeward.audit.log import record


class Command(BaseCommand):
    help = "Add N synthetic people (families, cases at every stage, requests, candidate pairs) in bulk."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("people", type=int, help="how many people to add (about 5 per family)")
        parser.add_argument("--seed", type=int, default=2019, help="random seed (default 2019)")
        parser.add_argument("--no-name-keys", action="store_true",
                            help="skip the per-name key table (people_namekey), which search no longer reads")

    def handle(self, *args: Any, **options: Any) -> None:
        from homeward.accounts.models import User
        from homeward.demo.synth import generate

        n = options["people"]
        if n < 1:
            raise CommandError("people: give a number of people above 0")
        actor = User.objects.filter(is_superuser=True).order_by("pk").first()
        if actor is None:
            raise CommandError("No administrator to record the caseload under: run `homeward demo` first.")
        started = time.monotonic()
        bar = tqdm(total=n, desc="people", unit="person", disable=not sys.stderr.isatty(), file=sys.stderr,
                   unit_scale=True)
        counts = generate(n, seed=options["seed"], actor=actor, name_keys=not options["no_name_keys"],
                          progress=bar.update)
        bar.close()
        record(actor=actor, action="demo.synth.created", data={
            "seed": options["seed"], "people": counts.people, "families": counts.families,
            "cases": counts.cases, "requests": counts.requests})
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # The keys were written person by person: put the rows of one key together, so
                # that a search reads a few pages of the table per key, not one page per person.
                cursor.execute("CLUSTER people_searchkey USING searchkey_key_person")
                # VACUUM marks the pages all-visible, so the key index is read without the table;
                # it cannot run inside a transaction (a test's), where ANALYZE does.
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(
            f"Added {counts.people} people in {counts.families} families: {counts.cases} cases, "
            f"{counts.requests} requests, in {elapsed:.0f} s ({counts.people / max(elapsed, 0.001):.0f} people/s)."))
