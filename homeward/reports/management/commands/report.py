"""``homeward report``: the programme's figures on the command line, counted from case histories.

    homeward report flights
    homeward report as-of 2019-01-05 --host-country IQ
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from homeward.cases.models import Case
from homeward.places.models import Country
from homeward.reports.queries import (
    BROAD_BANDS,
    children_in_host_country_by_band,
    histories,
    repatriation_batches,
)
from homeward.reports.summaries import flight_summaries


class Command(BaseCommand):
    help = "Print the programme's figures: one line per flight home, or children still abroad on a date."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="report", metavar="REPORT")
        sub.required = True
        sub.add_parser("flights", help="one summary line per flight home (children arriving on one date), by date")
        as_of = sub.add_parser("as-of", help="children still in the host country on a date, by age band")
        as_of.add_argument("date", help="the date, YYYY-MM-DD")
        as_of.add_argument("--host-country", default="", help="ISO code of the host country (e.g. IQ); default all")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["report"] == "flights":
            self.flights()
        else:
            self.as_of(options["date"], options["host_country"])

    def flights(self) -> None:
        # The command line is for operators of the server, who see every case: exact figures.
        for summary in flight_summaries(repatriation_batches(histories(Case.objects.all()))):
            self.stdout.write(summary.text)

    def as_of(self, raw_date: str, host_country: str) -> None:
        try:
            day = dt.date.fromisoformat(raw_date.strip())
        except ValueError:
            raise CommandError(f"date: '{raw_date}' is not a date; write it as YYYY-MM-DD (e.g. 2019-01-05)") from None
        code = host_country.strip().upper()
        if code and not Country.objects.filter(code=code).exists():
            raise CommandError(f"--host-country: no country has the code '{host_country}'")
        counts = children_in_host_country_by_band(Case.objects.all(), day, code or None, BROAD_BANDS)
        for band in BROAD_BANDS:
            self.stdout.write(f"{band.label}\t{counts.counts[band.label]}")
        if counts.unknown_age or counts.adults:
            self.stderr.write(
                f"not in these bands: {counts.unknown_age} with no birth date, {counts.adults} aged 18 or older"
            )
