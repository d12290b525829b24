"""The case summary for a court or a ministry, built with the reader's own access."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from homeward.accounts import policy
from homeward.cases.models import Case
from homeward.cases.timeline import case_timeline, domains_for
from homeward.cases.work_views import notes_for
from homeward.cases.workflow import checklist
from homeward.movements.documents import ordered_names
from homeward.people.access import people_visible_to


def summary_context(user: Any, case: Case) -> dict[str, Any]:
    """Everything the summary prints, each part only if the reader may see it."""
    from homeward.casework.decisions import latest_forms
    from homeward.documents.access import documents_visible_to

    child = case.child
    visible_people = people_visible_to(user)
    relatives = [(link, ordered_names(list(link.relative.names.all())))
                 for link in child.relatives.select_related("relative").prefetch_related("relative__names")
                 if visible_people.filter(pk=link.relative_id).exists()]
    checks = [item for stage in case.stage.__class__.objects.all() for item in checklist(case, stage) if item.done]
    return {
        "case": case, "child": child, "child_names": ordered_names(list(child.names.all())),
        "relatives": relatives, "checks": checks,
        "documents": list(documents_visible_to(user).filter(case_id=case.pk))
        if policy.holds(user, "documents.document.view") else None,
        "decisions": latest_forms(case) if policy.holds(user, "casework.form.view") else None,
        "notes": list(notes_for(user, case)),
        "history": case_timeline(case, allowed=domains_for(user)),
        "printed_at": timezone.now(), "reader": user,
    }
