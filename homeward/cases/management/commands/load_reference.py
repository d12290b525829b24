"""Load the reference data (places, workflow, host-country rules). Safe to run again."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load places and the workflow (stages, checks, transitions, host rules) from the shipped fixtures."

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("loaddata", "places", "workflow", "decision_forms", verbosity=options["verbosity"])
