"""``homeward duplicates``: sweep the register for probable duplicate people and list them."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Find probable duplicate people (across scripts) and list the open pairs with their explanation."

    def handle(self, *args: Any, **options: Any) -> None:
        from homeward.imports.models import DuplicatePair
        from homeward.imports.sweep import sweep

        new = sweep()
        self.stdout.write(f"{new} new probable duplicate pairs")
        for pair in DuplicatePair.objects.filter(status=DuplicatePair.Status.OPEN).select_related(
                "person_a", "person_b").prefetch_related("person_a__names", "person_b__names"):
            self.stdout.write(f"#{pair.person_a_id} {pair.person_a.display_name} ~ #{pair.person_b_id} "
                              f"{pair.person_b.display_name}: {pair.score:.2f} ({'; '.join(pair.reasons)})")
