"""Case pages: list, detail, create, edit, transitions and checks."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from homeward.accounts import access
from homeward.accounts.models import Agency
from homeward.cases import actions as case_actions
from homeward.cases.models import Case, Stage
from homeward.cases.queries import AGE_BANDS, filter_age_band, search_cases
from homeward.cases.workflow import checklist, reaching_mother_age_limit, transitions_from
from homeward.errors import ActionError, TransitionRefused
from homeward.people import actions as people_actions
from homeward.people.models import Person
from homeward.places.models import Country, Facility, Region
from homeward.web.editing import Outcome, attempt
from homeward.web.forms import CaseForm, CheckForm, NewCaseForm, TransitionForm

PAGE_SIZE = 25


def client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return redirect("case-list")


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    """All cases the user may see, searchable by any name in any script, filtered and paged."""
    cases = access.cases_visible_to(request.user)
    q = request.GET.get("q", "").strip()
    filters = {k: request.GET.get(k, "") for k in ("stage", "host_country", "facility", "region", "age_band", "sex")}
    if q:
        cases = search_cases(cases, q)
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
    cases = cases.select_related("child", "stage", "host_country", "facility", "home_region").prefetch_related(
        "child__names"
    )
    if not q:
        cases = cases.order_by("reference")
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    query_without_page = request.GET.copy()
    query_without_page.pop("page", None)
    context = {
        "page": page, "q": q, "filters": filters, "query_string": query_without_page.urlencode(),
        "stages": Stage.objects.all(), "countries": Country.objects.filter(is_host=True),
        "facilities": Facility.objects.all(), "regions": Region.objects.all(), "age_bands": list(AGE_BANDS),
        "today": timezone.localdate(),
    }
    template = "web/case_list.html#results" if request.htmx else "web/case_list.html"
    return render(request, template, context)


def _case_context(request: HttpRequest, case: Case) -> dict[str, Any]:
    child = case.child
    upcoming = [s for s in Stage.objects.all() if s.order > case.stage.order and not s.is_terminal]
    next_stage = upcoming[0] if upcoming else None
    return {
        "case": case,
        "child": child,
        "names": child.names.all(),
        "relatives": child.relatives.select_related("relative").prefetch_related("relative__names"),
        "siblings": access.people_visible_to(request.user).filter(sibling_group_id=child.sibling_group_id)
        .exclude(pk=child.pk).prefetch_related("names")
        if child.sibling_group_id else [],
        "next_stage": next_stage,
        "checklist": checklist(case, next_stage) if next_stage else [],
        "all_checklists": [(s, checklist(case, s)) for s in upcoming],
        "events": case.events.select_related("actor", "source_stage", "target_stage").order_by("-occurred_at", "-id"),
        "transitions": transitions_from(case),
        "can_change": access.can_change(request.user),
        "age_today": child.age_on(timezone.localdate()),
        "check_form": CheckForm(),
    }


@login_required
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    """One case: the child, family, names in every script, checklist, timeline, transitions."""
    case = access.get_case_for_user(request.user, case_id)
    case_actions.record_view(actor=request.user, case=case, ip=client_ip(request))
    return render(request, "web/case_detail.html", _case_context(request, case))


def _require_change(request: HttpRequest) -> None:
    if not access.can_change(request.user):
        raise PermissionDenied(_("Your role reads figures only."))


@login_required
@require_POST
def case_transition(request: HttpRequest, case_id: int) -> HttpResponse:
    """Try a transition; a refusal lists the unmet checks and changes nothing."""
    _require_change(request)
    case = access.get_case_for_user(request.user, case_id)
    form = TransitionForm(request.POST)
    error: TransitionRefused | ActionError | None = None
    if form.is_valid():
        sid = transaction.savepoint()
        try:
            case = case_actions.transition(actor=request.user, case=case, target=form.cleaned_data["target"],
                                           reason=form.cleaned_data["reason"])
        except (TransitionRefused, ActionError) as exc:
            transaction.savepoint_rollback(sid)
            error = exc
        else:
            transaction.savepoint_commit(sid)
            messages.success(request, _("The case moved to “%(stage)s”.") % {"stage": case.stage.name})
    else:
        error = ActionError(_("Choose a stage."))
    if error is None:
        if request.htmx:
            response = HttpResponse(status=204)
            response["HX-Refresh"] = "true"
            return response
        return redirect("case-detail", case_id=case.pk)
    context = _case_context(request, case) | {"refusal": error, "attempted": form.data.get("target", "")}
    if request.htmx:
        return render(request, "web/case_detail.html#transitions", context)
    return render(request, "web/case_detail.html", context, status=422)


@login_required
@require_POST
def case_check(request: HttpRequest, case_id: int, code: str) -> HttpResponse:
    """Tick (or withdraw, with ``undo``) one check of the case's checklist."""
    _require_change(request)
    case = access.get_case_for_user(request.user, case_id)
    form = CheckForm(request.POST)
    if form.is_valid():
        sid = transaction.savepoint()
        try:
            case_actions.set_check(
                actor=request.user, case=case, code=code, done="undo" not in request.POST,
                reference=form.cleaned_data["reference"], document_date=form.cleaned_data["document_date"],
                note=form.cleaned_data["note"],
            )
        except ActionError as exc:
            transaction.savepoint_rollback(sid)
            messages.error(request, exc.message)
        else:
            transaction.savepoint_commit(sid)
    else:
        messages.error(request, "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items()))
    return redirect(reverse("case-detail", args=[case.pk]) + "#checklist")


@login_required
def case_edit(request: HttpRequest, case_id: int) -> HttpResponse:
    """Edit a case; a save based on an outdated version is refused and the other save kept."""
    _require_change(request)
    case = access.get_case_for_user(request.user, case_id)
    if request.method == "POST":
        form = CaseForm(request.POST, instance=Case.objects.get(pk=case.pk))
        if form.is_valid():
            changes = {k: form.cleaned_data[k] for k in CaseForm.Meta.fields if k in form.changed_data}
            outcome, _result = attempt(form, lambda: changes and case_actions.update_case(
                actor=request.user, case_id=case.pk, expected_version=form.cleaned_data["version"], changes=changes))
            if outcome is Outcome.CONFLICT:
                return render(request, "web/case_edit.html", {"form": form, "case": case}, status=409)
            if outcome is Outcome.DONE:
                messages.success(request, _("Case saved."))
                return redirect("case-detail", case_id=case.pk)
    else:
        form = CaseForm(instance=case, initial={"version": case.version})
    return render(request, "web/case_edit.html", {"form": form, "case": case})


def _national_office() -> Agency:
    """Cases found abroad are owned by the national office until handover."""
    national = Agency.objects.filter(kind=Agency.Kind.NATIONAL).order_by("pk").first()
    if national is None:
        raise ActionError(_("No national office is configured."))
    return national


@login_required
def case_create(request: HttpRequest) -> HttpResponse:
    """Record a child found abroad and open the case."""
    _require_change(request)
    form = NewCaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        born, precision, lo, hi = _birth_from_form(data.get("birth_date"), data.get("apparent_age"))

        def open_child_case() -> Case:
            child = people_actions.create_person(
                actor=request.user, kind=Person.Kind.CHILD,
                names=[people_actions.NameInput(data["name"], kind=data["name_kind"], source=data["name_source"])],
                sex=data.get("sex") or "", birth_date=born, birth_precision=precision, birth_date_min=lo,
                birth_date_max=hi, birth_place=data.get("birth_place") or "", home_region=data.get("home_region"),
            )
            return case_actions.open_case(
                actor=request.user, child=child, host_country_id=data["host_country"].pk,
                owner=_national_office(), facility_id=data["facility"].pk if data.get("facility") else None,
                home_region_id=data["home_region"].pk if data.get("home_region") else None, summary=data["summary"],
            )

        outcome, case = attempt(form, open_child_case)
        if outcome is Outcome.DONE and case is not None:
            return HttpResponseRedirect(reverse("case-detail", args=[case.pk]))
    return render(request, "web/case_create.html", {"form": form})


def _birth_from_form(
    birth_date: dt.date | None, apparent_age: int | None
) -> tuple[dt.date | None, str, dt.date | None, dt.date | None]:
    """Exact date if given; else an estimated one-year-either-side range from the apparent age."""
    if birth_date:
        return birth_date, "exact", None, None
    if apparent_age is None:
        return None, "unknown", None, None
    today = timezone.localdate()
    mid = today.replace(year=today.year - apparent_age) - dt.timedelta(days=182)
    lo = mid.replace(year=mid.year - 1)
    hi = mid.replace(year=mid.year + 1)
    return mid, "range", lo, min(hi, today)


@login_required
def age_limit_alerts(request: HttpRequest) -> HttpResponse:
    """Children with a detained mother who will reach the host country's age limit soon."""
    try:
        days = max(1, min(int(request.GET.get("days", "90")), 3650))
    except ValueError:
        days = 90
    alerts = reaching_mother_age_limit(access.cases_visible_to(request.user), within_days=days,
                                       today=timezone.localdate())
    return render(request, "web/age_limit_alerts.html", {"alerts": alerts, "days": days})
