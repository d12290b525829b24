"""Entry points for other apps: tell tracing that a record it matches on has changed.

Registered with cases/hooks.py and people/hooks.py when the app starts, and so called from
the people and cases actions inside their transaction; the matching job starts once that
transaction commits, and only if it commits.
"""

from __future__ import annotations

from typing import Any

from homeward.people.models import FamilyLink
from homeward.tracing.models import MatchJob


def names_changed(person_id: int, actor: Any = None) -> MatchJob | None:
    """A person's names (or birth, sex, region) changed: match the affected children again.

    The person may be a child with a case, or the mother or father of one (their names are
    evidence too). Returns the job, or None when no case is affected.
    """
    from homeward.cases.models import Case
    from homeward.tracing.tasks import schedule_match

    child_ids = {person_id}
    child_ids.update(
        FamilyLink.objects.filter(
            relative_id=person_id, relation__in=[FamilyLink.Relation.MOTHER, FamilyLink.Relation.FATHER]
        ).values_list("person_id", flat=True)
    )
    case_ids = list(Case.objects.filter(child_id__in=child_ids).values_list("pk", flat=True))
    if not case_ids:
        return None
    return schedule_match(kind=MatchJob.Kind.INCREMENTAL, side=MatchJob.Side.CHILDREN, ids=case_ids, actor=actor)


def case_changed(case_id: int, actor: Any = None) -> MatchJob | None:
    """A new case, or a case whose home region changed: match its child again."""
    from homeward.tracing.tasks import schedule_match

    return schedule_match(kind=MatchJob.Kind.INCREMENTAL, side=MatchJob.Side.CHILDREN, ids=[case_id], actor=actor)
