"""Rebuild the figures' summary of every case from the case histories (after bulk writes)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Rebuild the figures' summary of every case (reports.CaseSummary) from the case events."

    def handle(self, *args: Any, **options: Any) -> None:
        from homeward.reports.history import refresh

        self.stdout.write(f"Summarised {refresh()} cases.")
