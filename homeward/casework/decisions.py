"""Writing, signing and checking decision forms (see models.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from homeward.audit.log import record
from homeward.cases.access import require_case
from homeward.cases.models import Case
from homeward.casework.models import DecisionForm, FormKind
from homeward.errors import ActionError

TYPES = ("text", "textarea", "date", "choice", "bool")


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def clean_answers(kind: FormKind, answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers as stored, checked against the kind's fields; errors name each field."""
    errors: dict[str, list[str]] = {}
    clean: dict[str, Any] = {}
    for spec in kind.fields:
        name = str(spec.get("name", ""))
        kind_of = str(spec.get("type", "text"))
        raw = answers.get(name)
        value: Any = raw.strip() if isinstance(raw, str) else raw
        if kind_of == "bool":
            value = value in (True, "1", "on", "true", "yes")
        elif kind_of == "date" and value:
            try:
                value = dt.date.fromisoformat(str(value)).isoformat()
            except ValueError:
                errors[name] = [_("Enter a date as YYYY-MM-DD.")]
                continue
        elif kind_of == "choice" and value:
            if value not in [str(c) for c in spec.get("choices", [])]:  # type: ignore[attr-defined]
                errors[name] = [_("Choose one of the listed answers.")]
                continue
        if spec.get("required") and value in (None, "", False) and kind_of != "bool":
            errors[name] = [_("This field is required.")]
            continue
        clean[name] = value if value is not None else ""
    if errors:
        labels = ", ".join(str(next((f.get("label") for f in kind.fields if f.get("name") == n), n)) for n in errors)
        raise ActionError(_("The form is not complete: %(fields)s.") % {"fields": labels}, field_errors=errors)
    return clean


@transaction.atomic
def save_form(*, actor: Any, case: Case, kind: FormKind, answers: Mapping[str, Any]) -> DecisionForm:
    """Save the answers as the next version of the case's form of ``kind`` (a draft to sign)."""
    require_case(actor, "casework.form.edit", case)
    clean = clean_answers(kind, answers)
    list(Case.objects.select_for_update().filter(pk=case.pk).values_list("pk", flat=True))
    last = DecisionForm.objects.filter(case=case, kind=kind).aggregate(v=Max("version"))["v"] or 0
    form = DecisionForm.objects.create(case=case, kind=kind, version=last + 1, data=clean, written_by=_user(actor))
    record(actor=actor, action="casework.form.saved", obj=form, case_id=case.pk,
           data={"form": kind.code, "version": form.version})
    return form


@transaction.atomic
def sign_form(*, actor: Any, form: DecisionForm) -> DecisionForm:
    """Sign the form off; a kind needing two signatures takes a second, different person."""
    locked = DecisionForm.objects.select_for_update().select_related("kind", "case").get(pk=form.pk)
    require_case(actor, "casework.form.sign", locked.case)
    user = _user(actor)
    if user is None:
        raise ActionError(_("A form is signed off by a named person."))
    now = timezone.now()
    newer = DecisionForm.objects.filter(case_id=locked.case_id, kind=locked.kind, version__gt=locked.version)
    if newer.exists():
        raise ActionError(_("A newer version of this form exists: sign that one."))
    if locked.status == DecisionForm.Status.SIGNED:
        raise ActionError(_("This version is already signed."))
    if locked.signed_by_id is None:
        locked.signed_by, locked.signed_at = user, now
        locked.status = (DecisionForm.Status.SIGNED if locked.kind.signatures <= 1
                         else DecisionForm.Status.PARTLY_SIGNED)
        which = "first"
    else:
        if locked.signed_by_id == user.pk:
            raise ActionError(_("The second signature must be another person's."))
        locked.second_signed_by, locked.second_signed_at = user, now
        locked.status = DecisionForm.Status.SIGNED
        which = "second"
    locked.save(update_fields=["signed_by", "signed_at", "second_signed_by", "second_signed_at", "status"])
    record(actor=actor, action="casework.form.signed", obj=locked, case_id=locked.case_id,
           data={"form": locked.kind_id, "version": locked.version, "signature": which})
    return locked


def latest_forms(case: Case) -> list[DecisionForm]:
    """The newest version of each kind of form on the case."""
    seen: dict[str, DecisionForm] = {}
    for form in DecisionForm.objects.filter(case=case).select_related("kind", "signed_by", "second_signed_by"):
        seen.setdefault(form.kind_id, form)
    return list(seen.values())


def check_needs_signed_form(case: Any, requirement: Any, done: bool) -> list[str]:
    """The workflow rule "this check needs the signed form of kind X" (Requirement.needs_form)."""
    code = getattr(requirement, "needs_form", "")
    if not done or not code:
        return []
    if DecisionForm.objects.filter(case_id=case.pk, kind_id=code, status=DecisionForm.Status.SIGNED).exists():
        return []
    kind = FormKind.objects.filter(pk=code).first()
    return [_("“%(check)s” needs the signed form “%(form)s” on the case first.")
            % {"check": requirement.label, "form": kind.label if kind else code}]
