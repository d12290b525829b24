"""Pages that change people: edit a person, add a name, add a relative to a child."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from homeward.accounts.gate import gate
from homeward.audit.log import record
from homeward.cases.access import get_case_for_user
from homeward.core.editing import Outcome, attempt, client_ip, form_errors_to_messages, run
from homeward.people import actions as people_actions
from homeward.people.access import cases_of, get_person_for_user
from homeward.people.forms import NameForm, PersonForm, RelativeForm
from homeward.people.models import Person

RELATION_SEX = {"mother": "F", "grandmother": "F", "aunt": "F", "sister": "F", "half_sister": "F",
                "father": "M", "grandfather": "M", "uncle": "M", "brother": "M", "half_brother": "M"}
EDIT = "people.person.edit"


@gate(EDIT, methods=("GET", "POST"))
def person_edit(request: HttpRequest, person_id: int) -> HttpResponse:
    """Edit a person's facts; an outdated save is refused (409) and the other save is kept."""
    person = get_person_for_user(request.user, person_id, EDIT)
    if request.method == "POST":
        form = PersonForm(request.POST, instance=Person.objects.get(pk=person.pk))
        if form.is_valid():
            changes = {k: form.cleaned_data[k] for k in PersonForm.Meta.fields if k in form.changed_data}
            outcome, _result = attempt(form, lambda: changes and people_actions.update_person(
                actor=request.user, person_id=person.pk, expected_version=form.cleaned_data["version"],
                changes=changes))
            if outcome is Outcome.CONFLICT:
                return render(request, "people/person_edit.html", {"form": form, "person": person}, status=409)
            if outcome is Outcome.DONE:
                messages.success(request, _("Saved."))
                return redirect(back_to(request, person))
        return render(request, "people/person_edit.html", {"form": form, "person": person, "name_form": NameForm()},
                      status=422)
    form = PersonForm(instance=person, initial={"version": person.version})
    response = render(request, "people/person_edit.html", {"form": form, "person": person, "name_form": NameForm()})
    cases = cases_of(person, request.user)
    record(actor=request.user, action="people.person.viewed", obj=person, case_id=cases[0] if cases else None,
           data={"cases": cases, "page": "edit"}, ip=client_ip(request))
    return response


def back_to(request: HttpRequest, person: Person) -> str:
    """The case page the person belongs to (their own, or the first child's the user may see)."""
    cases = cases_of(person, request.user)
    return reverse("case-detail", args=[cases[0]]) if cases else reverse("case-list")


@gate(EDIT, methods=("POST",))
def person_add_name(request: HttpRequest, person_id: int) -> HttpResponse:
    person = get_person_for_user(request.user, person_id, EDIT)
    form = NameForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        result = run(lambda: people_actions.add_name(actor=request.user, person=person, name=people_actions.NameInput(
            d["text"], script=d["script"], kind=d["kind"], source=d["source"])))
        if result.error is not None:
            messages.error(request, result.error.message)
        else:
            messages.success(request, _("Name added."))
    else:
        form_errors_to_messages(request, form)
    return redirect(back_to(request, person))


@gate(EDIT, methods=("GET", "POST"))
def relative_add(request: HttpRequest, case_id: int) -> HttpResponse:
    """Link a relative of the case's child: a person already recorded (searched in any script),
    or a new one, after the user has seen who is probably already recorded under that name."""
    from homeward.people.access import people_visible_to
    from homeward.people.duplicates import Candidate, DuplicateIndex
    from homeward.people.family import search_people

    case = get_case_for_user(request.user, case_id)
    form = RelativeForm(request.POST or None)
    query = request.GET.get("q", "").strip()[:200]
    visible = people_visible_to(request.user).exclude(pk=case.child_id)
    context: dict[str, Any] = {"form": form, "case": case, "q": query,
                               "found": search_people(visible, query) if query else []}
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        kind = {"mother": Person.Kind.MOTHER, "father": Person.Kind.FATHER}.get(d["relation"], Person.Kind.RELATIVE)
        existing = visible.filter(pk=d["existing"]).first() if d.get("existing") else None
        if d.get("existing") and existing is None:
            form.add_error(None, _("That person is not among those you may link."))
        elif existing is None and not d.get("not_duplicate"):
            index = DuplicateIndex.for_names([d["name"]])
            probable = [p for p in index.probable(Candidate(names=[d["name"]], sex=d["sex"] or RELATION_SEX.get(
                d["relation"], ""), kind=kind)) if visible.filter(pk=p.person_id).exists()]
            if probable:
                context["found"] = [(Person.objects.get(pk=p.person_id), p.score) for p in probable]
                context["duplicates"] = True
                return render(request, "people/relative_add.html", context)
        if not form.errors:
            def add_relative() -> None:
                relative = existing or people_actions.create_person(
                    actor=request.user, kind=kind, names=[people_actions.NameInput(d["name"])],
                    sex=d["sex"] or RELATION_SEX.get(d["relation"], ""), home_region=d["home_region"],
                )
                people_actions.link_family(actor=request.user, person=case.child, relative=relative,
                                           relation=d["relation"], evidence=d["evidence"])

            outcome, _result = attempt(form, add_relative)
            if outcome is Outcome.DONE:
                messages.success(request, _("Relative linked.") if existing else _("Relative added."))
                return redirect("case-detail", case_id=case.pk)
        return render(request, "people/relative_add.html", context, status=422)
    return render(request, "people/relative_add.html", context, status=422 if request.method == "POST" else 200)


@gate(EDIT, methods=("POST",))
def person_siblings(request: HttpRequest, person_id: int) -> HttpResponse:
    """Join a child to another's sibling group (forming one if neither has), or leave it."""
    from homeward.people.models import SiblingGroup

    person = get_person_for_user(request.user, person_id, EDIT)
    what = request.POST.get("action", "")
    other_id = request.POST.get("with", "")
    result: Any
    if what == "leave":
        result = run(lambda: people_actions.leave_sibling_group(actor=request.user, person=person))
    elif what == "join" and other_id.isdigit():
        other = get_person_for_user(request.user, int(other_id), EDIT)

        def join() -> object:
            if other.sibling_group_id:
                group = SiblingGroup.objects.get(pk=other.sibling_group_id)
                return people_actions.join_sibling_group(actor=request.user, person=person, group=group)
            if person.sibling_group_id:
                group = SiblingGroup.objects.get(pk=person.sibling_group_id)
                return people_actions.join_sibling_group(actor=request.user, person=other, group=group)
            return people_actions.create_sibling_group(actor=request.user, members=[person, other])

        result = run(join)
    else:
        return HttpResponse(_("Choose whom to join, or leave the group."), status=422)
    if result.error is not None:
        messages.error(request, result.error.message)
    else:
        messages.success(request, _("Sibling group saved."))
    return redirect(back_to(request, person))


@gate("people.person.view")
def person_family(request: HttpRequest, person_id: int) -> HttpResponse:
    """A parent's whole family: every child linked to them, with cases, stages and flights."""
    from homeward.people.family import children_of, siblings_of

    person = get_person_for_user(request.user, person_id)
    from homeward.people.access import people_visible_to

    visible = people_visible_to(request.user)
    children = (children_of(person).filter(pk__in=visible.values("pk"))
                .select_related("case", "case__stage", "case__facility", "sibling_group")
                .prefetch_related("names", "case__flight_seats__flight", "relatives__relative__names"))
    hidden = children_of(person).exclude(pk__in=visible.values("pk")).count()
    rows = [(child, siblings_of(child, visible)) for child in children]
    response = render(request, "people/family.html", {
        "person": person, "rows": rows, "hidden": hidden, "links": person.relatives.select_related(
            "relative").prefetch_related("relative__names")})
    cases = cases_of(person, request.user)
    record(actor=request.user, action="people.person.viewed", obj=person, case_id=cases[0] if cases else None,
           data={"cases": cases, "page": "family", "children": [c.pk for c in children]}, ip=client_ip(request))
    return response
