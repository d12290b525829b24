"""Pages that change people: edit a person, add a name, add a relative to a child."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from homeward.accounts import access
from homeward.audit.log import record
from homeward.errors import ActionError
from homeward.people import actions as people_actions
from homeward.people.models import Person
from homeward.web.editing import Outcome, attempt
from homeward.web.forms import NameForm, PersonForm, RelativeForm
from homeward.web.views import _require_change

RELATION_SEX = {"mother": "F", "grandmother": "F", "aunt": "F", "sister": "F", "half_sister": "F",
                "father": "M", "grandfather": "M", "uncle": "M", "brother": "M", "half_brother": "M"}


@login_required
def person_edit(request: HttpRequest, person_id: int) -> HttpResponse:
    """Edit a person's facts; an outdated save is refused (409) and the other save is kept."""
    _require_change(request)
    person = access.get_person_for_user(request.user, person_id)
    if request.method == "POST":
        form = PersonForm(request.POST, instance=Person.objects.get(pk=person.pk))
        if form.is_valid():
            changes = {k: form.cleaned_data[k] for k in PersonForm.Meta.fields if k in form.changed_data}
            outcome, _result = attempt(form, lambda: changes and people_actions.update_person(
                actor=request.user, person_id=person.pk, expected_version=form.cleaned_data["version"],
                changes=changes))
            if outcome is Outcome.CONFLICT:
                return render(request, "web/person_edit.html", {"form": form, "person": person}, status=409)
            if outcome is Outcome.DONE:
                messages.success(request, _("Saved."))
                return redirect(_back(person))
    else:
        form = PersonForm(instance=person, initial={"version": person.version})
        record(actor=request.user, action="people.person.viewed", obj=person)
    return render(request, "web/person_edit.html", {"form": form, "person": person, "name_form": NameForm()})


def _back(person: Person) -> str:
    from django.urls import reverse

    case = getattr(person, "case", None) if person.kind == Person.Kind.CHILD else None
    if case is None:
        link = person.relative_of.select_related("person__case").first()
        case = getattr(link.person, "case", None) if link else None
    return reverse("case-detail", args=[case.pk]) if case else reverse("case-list")


@login_required
@require_POST
def person_add_name(request: HttpRequest, person_id: int) -> HttpResponse:
    _require_change(request)
    person = access.get_person_for_user(request.user, person_id)
    form = NameForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            with transaction.atomic():
                people_actions.add_name(actor=request.user, person=person, name=people_actions.NameInput(
                    d["text"], script=d["script"], kind=d["kind"], source=d["source"]))
        except ActionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Name added."))
    else:
        messages.error(request, "; ".join(f"{form.fields[k].label if k in form.fields else k}: {' '.join(v)}"
                                          for k, v in form.errors.items()))
    return redirect(_back(person))


@login_required
def relative_add(request: HttpRequest, case_id: int) -> HttpResponse:
    """Record a relative of the case's child, with the relation as claimed."""
    _require_change(request)
    case = access.get_case_for_user(request.user, case_id)
    form = RelativeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        kind = {"mother": Person.Kind.MOTHER, "father": Person.Kind.FATHER}.get(d["relation"], Person.Kind.RELATIVE)

        def add_relative() -> None:
            relative = people_actions.create_person(
                actor=request.user, kind=kind, names=[people_actions.NameInput(d["name"])],
                sex=d["sex"] or RELATION_SEX.get(d["relation"], ""), home_region=d["home_region"],
            )
            people_actions.link_family(actor=request.user, person=case.child, relative=relative,
                                       relation=d["relation"], evidence=d["evidence"])

        outcome, _result = attempt(form, add_relative)
        if outcome is Outcome.DONE:
            messages.success(request, _("Relative added."))
            return redirect("case-detail", case_id=case.pk)
    return render(request, "web/relative_add.html", {"form": form, "case": case})
