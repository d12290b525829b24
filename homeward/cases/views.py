"""Case pages: list, detail, create, edit, transitions and checks."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from homeward.accounts import policy
from homeward.accounts.gate import gate
from homeward.accounts.models import Agency
from homeward.audit.log import record_list
from homeward.cases import access
from homeward.cases import actions as case_actions
from homeward.cases.forms import CaseForm, CheckForm, NewCaseForm, TransitionForm
from homeward.cases.models import Case
from homeward.cases.queries import (
    AGE_BANDS,
    estimated_birth,
    filter_age_band,
    search_terms,
)
from homeward.cases.ranking import Ranked, rank_search
from homeward.cases.work_views import work_context
from homeward.cases.workflow import checklists as workflow_checklists
from homeward.cases.workflow import reaching_mother_age_limit, transitions_from
from homeward.cases.workflow import stages as workflow_stages
from homeward.core.editing import Outcome, attempt, client_ip, run
from homeward.core.http import is_htmx
from homeward.core.paging import COUNT_CAP, CappedPaginator
from homeward.errors import ActionError, TransitionRefused
from homeward.people import actions as people_actions
from homeward.people.access import people_visible_to
from homeward.people.family import siblings_of
from homeward.people.models import Person
from homeward.places.models import Region, facilities, host_countries, regions

PAGE_SIZE = 25
FILTERS = ("stage", "host_country", "facility", "region", "age_band", "sex")


def filtered_cases(request: HttpRequest) -> tuple[Any, str, dict[str, str], Ranked | None]:
    """The cases the user may see, filtered as the query string asks, and the ranked matches of
    its search (None without one): the first COUNT_CAP + 1, read from the name keys alone."""
    cases = access.cases_visible_to(request.user)
    q = request.GET.get("q", "").strip()
    filters = {k: request.GET.get(k, "")[:40] for k in FILTERS}
    if filters["stage"]:
        cases = cases.filter(stage_id=filters["stage"])
    if filters["host_country"]:
        cases = cases.filter(host_country_id=filters["host_country"])
    if filters["facility"].isdigit():
        cases = cases.filter(facility_id=int(filters["facility"]))
    if filters["region"].isdigit():
        region = Region.objects.filter(pk=int(filters["region"])).first()
        if region is not None:
            cases = cases.filter(home_region_id__in=region.descendant_ids())
    if filters["age_band"]:
        cases = filter_age_band(cases, filters["age_band"], timezone.localdate())
    if filters["sex"] in {"M", "F"}:
        cases = cases.filter(child__sex=filters["sex"])
    if not q:
        return cases.order_by("reference"), q, filters, None
    # the search comes last: it ranks what every other condition leaves, as far as the page asked for
    number = request.GET.get("page", "")
    needed = (int(number) if number.isdigit() and 0 < int(number) < 10_000 else 1) * PAGE_SIZE + 1
    # the paginator reads each page's rows by their ids, within ``cases`` (access and filters)
    return cases, q, filters, rank_search(cases, q, COUNT_CAP + 1, needed)


@gate("cases.case.view")
def case_list(request: HttpRequest) -> HttpResponse:
    """All cases the user may see, searchable by any name in any script, filtered and paged."""
    cases, q, filters, ranked = filtered_cases(request)
    cases = cases.select_related("child", "stage", "host_country", "facility", "home_region").prefetch_related(
        "child__names")
    if ranked is None:
        paginator = CappedPaginator(cases, PAGE_SIZE)
    else:
        paginator = CappedPaginator(cases, PAGE_SIZE, head=ranked.ids, total=ranked.total, at_least=ranked.partial)
    page = paginator.get_page(request.GET.get("page"))
    query_without_page = request.GET.copy()
    query_without_page.pop("page", None)
    context = {
        "page": page, "q": q, "filters": filters, "query_string": query_without_page.urlencode(),
        "stages": workflow_stages(), "countries": host_countries(),
        "facilities": facilities(), "regions": regions(), "age_bands": list(AGE_BANDS),
        "today": timezone.localdate(), "notice": search_terms(q).notice if q else "",
    }
    template = "cases/case_list.html#results" if is_htmx(request) else "cases/case_list.html"
    response = render(request, template, context)
    record_list(actor=request.user, action="cases.case.listed", query={"q": q, **filters, "page": page.number},
                shown=page.object_list, total=page.paginator.count, ip=client_ip(request))
    return response


def case_context(request: HttpRequest, case: Case) -> dict[str, Any]:
    """What the case page shows, and what of it this user may act on."""
    user = request.user
    child = case.child
    stages = workflow_stages()
    upcoming = [s for s in stages if s.order > case.stage.order and not s.is_terminal]
    next_stage = upcoming[0] if upcoming else None
    may_tick = policy.holds(user, "cases.check.tick")
    checklists = [(stage, [(item, may_tick and not item.requirement.automatic
                            and policy.may_take(user, item.requirement.roles)) for item in items])
                  for stage, items in workflow_checklists(case, upcoming)]
    transitions = [t for t in transitions_from(case) if not t.target.system_only and policy.may_take(
        user, t.roles)] if policy.holds(user, "cases.case.transition") else []
    siblings = (people_visible_to(user).filter(sibling_group_id=child.sibling_group_id).exclude(pk=child.pk)
                .select_related("case", "case__stage").prefetch_related("names")) if child.sibling_group_id else []
    return {
        "case": case,
        "child": child,
        "names": child.names.all(),
        "relatives": child.relatives.select_related("relative", "relative__detention_facility",
                                                    "relative__home_region").prefetch_related("relative__names"),
        "siblings": siblings,
        "kin": siblings_of(child, people_visible_to(user)),
        "next_stage": next_stage,
        "all_checklists": checklists,
        "events": case.events.select_related("actor", "source_stage", "target_stage").order_by("-occurred_at", "-id"),
        "transitions": transitions,
        "may": {
            "edit": policy.holds(user, "cases.case.edit"),
            "edit_person": policy.holds(user, "people.person.edit"),
            "transition": bool(transitions),
            "dna": policy.holds(user, "kinship.case.view"),
            "flights": policy.holds(user, "movements.flight.view"),
            "handover": policy.holds(user, "aftercare.handover.view"),
            "note": policy.holds(user, "cases.case.note"),
            "print": policy.holds(user, "casework.summary.print"),
        },
        "age_today": child.age_on(timezone.localdate()),
        "check_form": CheckForm(),
    }


@gate("cases.case.view")
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    """One case: the child, family, names in every script, checklist, timeline, transitions."""
    case = access.get_case_for_user(request.user, case_id)
    response = render(request, "cases/case_detail.html", case_context(request, case) | work_context(request, case))
    case_actions.record_view(actor=request.user, case=case, ip=client_ip(request))
    return response


@gate("cases.case.transition", methods=("POST",))
def case_transition(request: HttpRequest, case_id: int) -> HttpResponse:
    """Try a transition; a refusal lists the unmet checks and changes nothing."""
    case = access.get_case_for_user(request.user, case_id)
    form = TransitionForm(request.POST)
    error: ActionError | None = None
    status = 422
    if form.is_valid():
        result = run(lambda: case_actions.transition(actor=request.user, case=case,
                                                     target=form.cleaned_data["target"],
                                                     reason=form.cleaned_data["reason"]))
        if result.done and result.value is not None:
            case = result.value
            messages.success(request, _("The case moved to “%(stage)s”.") % {"stage": str(case.stage)})
        error = result.error
        status = result.status
    else:
        error = ActionError(_("Choose a stage."))
    if error is None:
        if is_htmx(request):
            response = HttpResponse(status=204)
            response["HX-Refresh"] = "true"
            return response
        return redirect("case-detail", case_id=case.pk)
    case = access.get_case_for_user(request.user, case.pk)
    refusal = error if isinstance(error, TransitionRefused) else TransitionRefused(error.message)
    context = case_context(request, case) | work_context(request, case) | {"refusal": refusal, "attempted": form.data.get("target", "")}
    if is_htmx(request):
        return render(request, "cases/case_detail.html#transitions", context)
    return render(request, "cases/case_detail.html", context, status=status)


@gate("cases.check.tick", methods=("POST",))
def case_check(request: HttpRequest, case_id: int, code: str) -> HttpResponse:
    """Tick (or withdraw, with ``undo``) one check of the case's checklist."""
    case = access.get_case_for_user(request.user, case_id)
    form = CheckForm(request.POST)
    if form.is_valid():
        result = run(lambda: case_actions.set_check(
            actor=request.user, case=case, code=code, done="undo" not in request.POST,
            reference=form.cleaned_data["reference"], document_date=form.cleaned_data["document_date"],
            note=form.cleaned_data["note"],
        ))
        if result.error is not None:
            messages.error(request, result.error.message)
    else:
        messages.error(request, "; ".join(f"{k}: {' '.join(str(e) for e in v)}" for k, v in form.errors.items()))
    return redirect(reverse("case-detail", args=[case.pk]) + "#checklist")


@gate("cases.case.edit", methods=("GET", "POST"))
def case_edit(request: HttpRequest, case_id: int) -> HttpResponse:
    """Edit a case; a save based on an outdated version is refused and the other save kept."""
    case = access.get_case_for_user(request.user, case_id)
    may_move_region = policy.holds(request.user, "cases.case.edit_region")
    if request.method == "POST":
        form = CaseForm(request.POST, instance=Case.objects.get(pk=case.pk), may_move_region=may_move_region)
        if form.is_valid():
            changes = {k: form.cleaned_data[k] for k in CaseForm.Meta.fields if k in form.changed_data}
            outcome, _result = attempt(form, lambda: changes and case_actions.update_case(
                actor=request.user, case_id=case.pk, expected_version=form.cleaned_data["version"], changes=changes))
            if outcome is Outcome.CONFLICT:
                return render(request, "cases/case_edit.html", {"form": form, "case": case}, status=409)
            if outcome is Outcome.DONE:
                messages.success(request, _("Case saved."))
                return redirect("case-detail", case_id=case.pk)
        return render(request, "cases/case_edit.html", {"form": form, "case": case}, status=422)
    form = CaseForm(instance=case, initial={"version": case.version}, may_move_region=may_move_region)
    response = render(request, "cases/case_edit.html", {"form": form, "case": case})
    case_actions.record_view(actor=request.user, case=case, what="case_edit", ip=client_ip(request))
    return response


def national_office() -> Agency:
    """Cases found abroad are owned by the national office until handover."""
    national = Agency.objects.filter(kind=Agency.Kind.NATIONAL).order_by("pk").first()
    if national is None:
        raise ActionError(_("No national office is configured."))
    return national


@gate("cases.case.open", methods=("GET", "POST"))
def case_create(request: HttpRequest) -> HttpResponse:
    """Record a child found abroad and open the case."""
    form = NewCaseForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        born, precision, lo, hi = birth_from_form(data.get("birth_date"), data.get("apparent_age"),
                                                  today=timezone.localdate())
        if not data.get("not_duplicate"):
            found = probable_duplicates(request.user, data, born, lo, hi)
            if found:
                # Nothing is saved: the user sees the likely same children, then opens the case
                # of one of them or confirms that this is a different child.
                return render(request, "cases/case_create.html", {"form": form, "duplicates": found})

        def open_child_case() -> Case:
            child = people_actions.create_person(
                actor=request.user, kind=Person.Kind.CHILD,
                names=[people_actions.NameInput(data["name"], kind=data["name_kind"], source=data["name_source"])],
                sex=data.get("sex") or "", birth_date=born, birth_precision=precision, birth_date_min=lo,
                birth_date_max=hi, birth_place=data.get("birth_place") or "", home_region=data.get("home_region"),
            )
            return case_actions.open_case(
                actor=request.user, child=child, host_country_id=data["host_country"].pk,
                owner=national_office(), facility_id=data["facility"].pk if data.get("facility") else None,
                home_region_id=data["home_region"].pk if data.get("home_region") else None, summary=data["summary"],
            )

        outcome, case = attempt(form, open_child_case)
        if outcome is Outcome.DONE and case is not None:
            return HttpResponseRedirect(reverse("case-detail", args=[case.pk]))
        return render(request, "cases/case_create.html", {"form": form}, status=409 if outcome is Outcome.CONFLICT
                      else 422)
    return render(request, "cases/case_create.html", {"form": form}, status=422 if request.method == "POST" else 200)


def probable_duplicates(user: Any, data: dict[str, Any], born: dt.date | None, lo: dt.date | None,
                        hi: dt.date | None) -> list[dict[str, Any]]:
    """Recorded children who are probably the one in the form, in any script, with why.

    Records outside the user's jurisdiction are counted but not named.
    """
    from homeward.people.duplicates import Candidate, DuplicateIndex

    candidate = Candidate(names=[data["name"]], sex=data.get("sex") or "", birth_min=lo or born, birth_max=hi or born,
                          facility_id=data["facility"].pk if data.get("facility") else None)
    found = DuplicateIndex.for_names(candidate.names, kind=Person.Kind.CHILD).probable(candidate)
    visible = set(people_visible_to(user).filter(pk__in=[p.person_id for p in found]).values_list("pk", flat=True))
    return [{"probable": p, "visible": p.person_id in visible} for p in found]


def birth_from_form(
    birth_date: dt.date | None, apparent_age: int | None, *, today: dt.date
) -> tuple[dt.date | None, str, dt.date | None, dt.date | None]:
    """Exact date if given; else an estimated one-year-either-side range from the apparent age.

    The range comes from the cases queries' helper, which is safe on 29 February and month ends.
    """
    if birth_date:
        return birth_date, "exact", None, None
    if apparent_age is None:
        return None, "unknown", None, None
    mid, lo, hi = estimated_birth(apparent_age, today)
    return mid, "range", lo, hi


@gate("cases.case.view")
def age_limit_alerts(request: HttpRequest) -> HttpResponse:
    """Children with a detained mother who will reach the host country's age limit soon."""
    try:
        days = max(1, min(int(request.GET.get("days", "90")), 3650))
    except ValueError:
        days = 90
    alerts = reaching_mother_age_limit(access.cases_visible_to(request.user), within_days=days,
                                       today=timezone.localdate())
    response = render(request, "cases/age_limit_alerts.html", {"alerts": alerts, "days": days})
    record_list(actor=request.user, action="cases.age_limit.listed", query={"days": days},
                shown=[a.case for a in alerts], ip=client_ip(request))
    return response
