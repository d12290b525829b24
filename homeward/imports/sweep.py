"""The background sweep for probable duplicates among the people already recorded.

Each pair found is stored once (lower id first) with its score and explanation; a pair already
decided ("not the same", or merged) is never proposed again, whatever its new score.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

from homeward.imports.models import DuplicatePair
from homeward.people.duplicates import DuplicateIndex
from homeward.people.models import Person


def sweep(*, progress: Callable[[int, int], None] | None = None) -> int:
    """Find and store the probable duplicate pairs; returns how many new pairs were found."""
    known = set(DuplicatePair.objects.values_list("person_a_id", "person_b_id"))
    found: dict[tuple[int, int], tuple[float, list[str]]] = {}
    for children in (True, False):
        people = Person.objects.filter(kind=Person.Kind.CHILD) if children else Person.objects.exclude(
            kind=Person.Kind.CHILD)
        index = DuplicateIndex(people)
        total = len(index.candidates)
        for done, (person_id, candidate) in enumerate(index.candidates.items(), start=1):
            for probable in index.probable(candidate):
                pair = (min(person_id, probable.person_id), max(person_id, probable.person_id))
                if pair not in known and pair not in found:
                    found[pair] = (probable.score, list(probable.reasons))
            if progress is not None and done % 100 == 0:
                progress(done, total)
    with transaction.atomic():
        DuplicatePair.objects.bulk_create(
            [DuplicatePair(person_a_id=a, person_b_id=b, score=s, reasons=r) for (a, b), (s, r) in found.items()],
            ignore_conflicts=True)
    return len(found)
