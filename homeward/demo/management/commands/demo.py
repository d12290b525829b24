"""(Re)create the demo data set: synthetic people, consistent with the programme's public figures."""

from __future__ import annotations

import importlib
import io
import os
import random
import sys
import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from tqdm import tqdm

from homeward.audit.log import record
from homeward.core import crypto
from homeward.demo.plan import build_plan
from homeward.demo.writer import (
    DEMO_PASSWORD,
    USERS,
    NameBook,
    create_agencies,
    create_users,
    hash_passwords,
    write_cases,
    write_family,
)
from homeward.places.models import Facility, Region

# Apps that add their own demo records (flights, samples, requests) once the cases exist.
DEMO_APPS = ["homeward.tracing", "homeward.kinship", "homeward.movements", "homeward.aftercare", "homeward.casework",
             "homeward.reports"]


class Command(BaseCommand):
    help = "Erase the configured database and fill it with the synthetic demo caseload (same seed, same data)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2019, help="random seed (default 2019)")
        parser.add_argument("--no-input", action="store_true", help="do not ask before erasing")
        parser.add_argument("--core-only", action="store_true",
                            help="only people and cases (no requests, samples, flights): for quick checks")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        passwords = hash_passwords()
        if not os.environ.get("HOMEWARD_KEYS"):
            crypto.create_key_file()  # the demo's own key (var/keys.json, 0600): sensitive fields are sealed
        call_command("migrate", verbosity=0)
        from homeward.cases.models import Case

        if Case.objects.exists() and not options["no_input"] and sys.stdin.isatty():
            answer = input("This erases every record in the configured database. Type 'yes' to go on: ")
            if answer.strip().lower() != "yes":
                self.stderr.write("Nothing changed.")
                return
        call_command("flush", interactive=False, verbosity=0)
        call_command("load_reference", verbosity=0)
        self._step(options, "database", started)
        step = time.monotonic()
        rng = random.Random(options["seed"])
        families = build_plan(options["seed"])
        regions = {r.code: r for r in Region.objects.all()}
        facilities: dict[tuple[str, str], list[Facility]] = {}
        for country in ("IQ", "SY", "TR", "PK"):
            for kind in ("prison", "orphanage", "camp", "other"):
                facilities[(country, kind)] = list(Facility.objects.filter(country_id=country, kind=kind))
        with transaction.atomic():
            agencies = create_agencies()
            book = NameBook()
            kids = []
            links = []
            bar = tqdm(families, desc="families", unit="family", disable=not sys.stderr.isatty(), file=sys.stderr)
            for i, family in enumerate(bar):
                family_kids, family_links = write_family(rng, family, i, regions=regions, facilities=facilities,
                                                         book=book, first=i == 0)
                kids += [(p, plan, family.region) for p, plan in family_kids]
                links += family_links
            book.write()
            from homeward.people.models import FamilyLink

            FamilyLink.objects.bulk_create(links, batch_size=2000)
            # the users come after the people, whose writing hid the hashing of their passwords
            users = create_users(agencies, passwords.result())
            admin = users[0]
            cases = write_cases(rng, kids, agencies, facilities, admin)
            record(actor=admin, action="demo.data.created", data={"seed": options["seed"], "cases": len(cases)})
        self._step(options, "people and cases", step)
        for app in [] if options["core_only"] else DEMO_APPS:
            try:
                module = importlib.import_module(f"{app}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{app}.demo":
                    raise
                continue
            populate = getattr(module, "populate_demo", None)
            if populate is not None:
                step = time.monotonic()
                with transaction.atomic():
                    populate(random.Random(f"{options['seed']}-{app}"), actor=admin)
                self._step(options, app.rsplit(".", 1)[1], step)
        step = time.monotonic()
        from homeward.reports.history import refresh

        refresh()  # the figures' summaries, after the bulk writes
        from homeward.audit.tasks import schedule_daily

        schedule_daily()  # the background worker checks the audit chain every day
        from homeward.casework.reminders import schedule_daily as schedule_reminders

        schedule_reminders()  # and mails each caseworker what is due (to the console in the demo)
        self._step(options, "figures", step)
        self.stdout.write(self.style.SUCCESS(
            f"Demo data ready: {len(cases)} cases, {len(families)} families, in {time.monotonic() - started:.0f} s."))
        self.stdout.write(f"Log in with one of these users (password for all: {DEMO_PASSWORD}):")
        for username, agency, role, _superuser in USERS:
            self.stdout.write(f"  {username:<8} {role.label} ({agency})")
        self._enrol_admin(admin)

    def _step(self, options: dict[str, Any], name: str, since: float) -> None:
        if options["verbosity"] >= 1:
            self.stdout.write(f"  {name}: {time.monotonic() - since:.1f} s")

    def _enrol_admin(self, admin: Any) -> None:
        """The administrator signs in with a second factor: a fresh authenticator secret each run."""
        import base64

        import segno

        from homeward.accounts.actions import enrol_known_secret

        device, codes = enrol_known_secret(user=admin)
        secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
        self.stdout.write("")
        self.stdout.write(f"The administrator ({admin.username}) signs in with a second factor. Add this secret to "
                          "an authenticator app (any TOTP app):")
        self.stdout.write(f"  secret: {secret}")
        self.stdout.write(f"  or scan: {device.config_url}")
        picture = io.StringIO()
        segno.make(device.config_url, error="m").terminal(out=picture, compact=True, border=2)
        self.stdout.write(picture.getvalue(), ending="")
        self.stdout.write(f"  or use this one-time backup code instead of a code: {codes[0]}")
        self.stdout.write("The national office's and the laboratory's users set up their authenticator at their "
                          "first sign-in (the page shows the secret and a QR code); the others need the password only.")
