"""Flag every computed kinship test whose frequency table changed since it was computed.

Run after a frequency table is updated (a new release of a population database):

    homeward kinship_flag_stale
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from homeward.kinship.actions import flag_tests_using_frequencies


class Command(BaseCommand):
    help = "Flag kinship tests computed on a frequency table that has changed since."

    def handle(self, *args: Any, **options: Any) -> None:
        count = flag_tests_using_frequencies(actor=None)
        self.stdout.write(f"{count} kinship test(s) flagged for recomputation")
