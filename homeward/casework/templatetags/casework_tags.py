"""Case-page panels of the domains built on cases: what is due, documents, decisions on record."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from homeward.accounts import policy
from homeward.core import reference

register = template.Library()


def _user(context: dict[str, Any]) -> Any:
    request = context.get("request")
    return getattr(request, "user", None)


@register.inclusion_tag("casework/_case_due.html", takes_context=True)
def case_due(context: dict[str, Any], case: Any) -> dict[str, Any]:
    from homeward.casework.due import case_tasks

    today = timezone.localdate()
    user = _user(context)
    tasks = case_tasks(case, today) if policy.holds(user, "cases.tasks.view") else []
    return {"tasks": [(t, t.state(today)) for t in tasks], "shown": policy.holds(user, "cases.tasks.view")}


@register.inclusion_tag("casework/_case_documents.html", takes_context=True)
def case_documents(context: dict[str, Any], case: Any) -> dict[str, Any]:
    from homeward.documents.access import documents_visible_to

    user = _user(context)
    if not policy.holds(user, "documents.document.view"):
        return {"shown": False}
    return {"shown": True, "case": case, "documents": list(documents_visible_to(user).filter(case_id=case.pk)),
            "may_add": policy.holds(user, "documents.document.add")}


@register.inclusion_tag("casework/_case_decisions.html", takes_context=True)
def case_decisions(context: dict[str, Any], case: Any) -> dict[str, Any]:
    from homeward.casework.decisions import latest_forms
    from homeward.casework.models import FormKind

    user = _user(context)
    if not policy.holds(user, "casework.form.view"):
        return {"shown": False}
    latest = {f.kind_id: f for f in latest_forms(case)}
    kinds = reference.kept("casework.form_kinds", lambda: list(FormKind.objects.all()))
    return {"shown": True, "case": case, "rows": [(k, latest.get(k.code)) for k in kinds],
            "may_edit": policy.holds(user, "casework.form.edit")}


@register.inclusion_tag("casework/_reminders.html", takes_context=True)
def my_reminders(context: dict[str, Any]) -> dict[str, Any]:
    """The in-app reminder: how much is due and overdue on the user's own cases."""
    from homeward.cases.access import cases_visible_to
    from homeward.casework.due import user_tasks

    user = _user(context)
    if not policy.holds(user, "cases.tasks.view"):
        return {"shown": False}
    today = timezone.localdate()
    found = user_tasks(user, cases_visible_to(user, "cases.tasks.view"), today)
    return {"shown": bool(found), "due": len(found), "overdue": sum(1 for t in found if t.overdue(today))}
