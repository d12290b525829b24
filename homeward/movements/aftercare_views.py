"""Pages after arrival: children awaiting handover, the handover form and act, follow-up visits."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from homeward.accounts import access
from homeward.accounts.models import Agency, Role
from homeward.audit.log import record
from homeward.cases.actions import record_view
from homeward.cases.models import Case
from homeward.errors import ActionError
from homeward.movements import actions
from homeward.movements.aftercare import guardian_problems
from homeward.movements.documents import handover_act_pdf, ordered_names
from homeward.movements.errors import Refused
from homeward.movements.forms import CloseForm, HandoverForm, ScheduleVisitForm, VisitForm
from homeward.movements.models import FollowUpVisit, Handover
from homeward.movements.queries import overdue_visits, regional_agency_for
from homeward.movements.views import form_errors, run_action
from homeward.people.models import FamilyLink

AFTERCARE_AGENCIES = {Agency.Kind.NATIONAL, Agency.Kind.REGIONAL}


def can_manage_aftercare(user: Any) -> bool:
    """Handover and follow-up are done by the national office and the regional services."""
    return access.can_change(user) and (user.is_superuser or user.agency.kind in AFTERCARE_AGENCIES)


def can_read_aftercare(user: Any) -> bool:
    """Guardians' details and home visits are for the national office and the regions only."""
    return bool(user.is_authenticated) and (
        user.is_superuser or (user.agency is not None and user.agency.kind in AFTERCARE_AGENCIES
                              and user.role != Role.ANALYST)
    )


def require_aftercare_read(request: HttpRequest) -> None:
    if not can_read_aftercare(request.user):
        raise PermissionDenied(_("Handover and follow-up records are kept by the national office and the regions."))


def require_aftercare(request: HttpRequest) -> None:
    if not can_manage_aftercare(request.user):
        raise PermissionDenied(_("Handover and follow-up are done by the national office and the regions."))


@login_required
def handover_list(request: HttpRequest) -> HttpResponse:
    """Children home and awaiting handover, and children handed over."""
    require_aftercare_read(request)
    cases = access.cases_visible_to(request.user).select_related("child", "stage", "home_region", "owner") \
        .prefetch_related("child__names")
    return render(request, "movements/handover_list.html", {
        "waiting": cases.filter(stage_id="repatriated").order_by("reference"),
        "done": Handover.objects.filter(case__in=access.cases_visible_to(request.user))
        .select_related("case", "guardian", "receiving_agency").prefetch_related("case__child__names",
                                                                                 "guardian__names")
        .order_by("-signed_at")[:200],
        "can_manage": can_manage_aftercare(request.user),
    })


def _guardian_choices(case: Case) -> list[tuple[int, str]]:
    links = FamilyLink.objects.filter(person=case.child).select_related("relative").prefetch_related("relative__names")
    return [(link.relative_id, f"{link.relative.display_name} — {link.get_relation_display()}, "
             f"{link.get_status_display()}") for link in links]


@login_required
def handover_form(request: HttpRequest, case_id: int) -> HttpResponse:
    """Hand a repatriated child to a guardian; refusals list every reason."""
    require_aftercare(request)
    case = access.get_case_for_user(request.user, case_id)
    choices = _guardian_choices(case)
    form = HandoverForm(request.POST or None, guardians=choices,
                        initial={"signed_at": timezone.now().replace(second=0, microsecond=0)})
    reasons: list[str] = []
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        guardian = case.child.relatives.filter(relative_id=d["guardian"]).select_related("relative").first()
        if guardian is None:
            raise Http404("No such relative")
        signed_at: dt.datetime = d["signed_at"]
        if not timezone.is_aware(signed_at):
            signed_at = timezone.make_aware(signed_at, dt.UTC)
        sid = transaction.savepoint()
        try:
            actions.hand_over(actor=request.user, case=case, guardian=guardian.relative, relation=d["relation"],
                              identity_document=d["identity_document"], signed_at=signed_at, place=d["place"],
                              official_name=d["official_name"], notes=d["notes"])
        except ActionError as exc:
            transaction.savepoint_rollback(sid)
            reasons = exc.reasons if isinstance(exc, Refused) else [exc.message]
        else:
            transaction.savepoint_commit(sid)
            messages.success(request, _("Handed over; the case now belongs to the home region."))
            return redirect("movements:case-follow-up", case_id=case.pk)
    else:
        record_view(actor=request.user, case=case, what="handover")
    checks = []
    for guardian_id, label in choices:
        person = case.child.relatives.get(relative_id=guardian_id).relative
        problems, _relation = guardian_problems(case, person, "", timezone.localdate())
        checks.append((label, problems))
    return render(request, "movements/handover_form.html", {
        "case": case, "form": form, "reasons": reasons, "guardian_checks": checks,
        "names": ordered_names(list(case.child.names.all())), "agency": regional_agency_for(case),
    }, status=422 if reasons else 200)


@login_required
def handover_act(request: HttpRequest, case_id: int) -> HttpResponse:
    """The signed handover act as PDF."""
    require_aftercare_read(request)
    case = access.get_case_for_user(request.user, case_id)
    handover = Handover.objects.filter(case=case).select_related(
        "case", "case__child", "case__home_region", "guardian", "receiving_agency", "flight").first()
    if handover is None:
        raise Http404("No handover")
    try:
        pdf = handover_act_pdf(handover)
    except ActionError as exc:
        return HttpResponse(exc.message, status=503, content_type="text/plain; charset=utf-8")
    record(actor=request.user, action="movements.handover.act_printed", obj=handover, case_id=case.pk)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="handover-{case.reference}.pdf"'
    return response


@login_required
def case_follow_up(request: HttpRequest, case_id: int) -> HttpResponse:
    """One child's follow-up: the handover, visits scheduled and done, closing."""
    require_aftercare_read(request)
    case = access.get_case_for_user(request.user, case_id)
    record_view(actor=request.user, case=case, what="follow_up")
    return render(request, "movements/case_follow_up.html", {
        "case": case, "names": ordered_names(list(case.child.names.all())),
        "handover": Handover.objects.filter(case=case).select_related("guardian", "receiving_agency").first(),
        "visits": FollowUpVisit.objects.filter(case=case).select_related("visitor").order_by("-scheduled_for"),
        "today": timezone.localdate(), "can_manage": can_manage_aftercare(request.user),
        "schedule_form": ScheduleVisitForm(), "visit_form": VisitForm(initial={"done_on": timezone.localdate()}),
        "close_form": CloseForm(),
    })


@login_required
@require_POST
def case_follow_up_action(request: HttpRequest, case_id: int, what: str) -> HttpResponse:
    """Start follow-up, schedule a visit, or close the case."""
    require_aftercare(request)
    case = access.get_case_for_user(request.user, case_id)
    user = request.user
    if what == "start":
        form = ScheduleVisitForm(request.POST)
        first = form.cleaned_data["scheduled_for"] if form.is_valid() else None
        run_action(request, lambda: actions.start_follow_up(actor=user, case=case, first_visit_on=first),
                   _("Follow-up started."))
    elif what == "schedule":
        form = ScheduleVisitForm(request.POST)
        if form.is_valid():
            run_action(request, lambda: actions.schedule_visit(actor=user, case=case,
                                                               scheduled_for=form.cleaned_data["scheduled_for"]),
                       _("Visit scheduled."))
        else:
            form_errors(request, form)
    elif what == "close":
        close = CloseForm(request.POST)
        if close.is_valid():
            run_action(request, lambda: actions.close_case(actor=user, case=case, reason=close.cleaned_data["reason"]),
                       _("Case closed."))
        else:
            form_errors(request, close)
    else:
        raise Http404("No such action")
    return redirect("movements:case-follow-up", case_id=case.pk)


@login_required
@require_POST
def visit_record(request: HttpRequest, visit_id: int) -> HttpResponse:
    """Write up a visit that was done."""
    require_aftercare(request)
    visit = FollowUpVisit.objects.filter(pk=visit_id).first()
    if visit is None:
        raise Http404("No such visit")
    case = access.get_case_for_user(request.user, visit.case_id)
    form = VisitForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        run_action(request, lambda: actions.record_visit(
            actor=request.user, visit=visit, done_on=d["done_on"], school=d["school"], health=d["health"],
            benefits=d["benefits"], notes=d["notes"]), _("Visit recorded."))
    else:
        form_errors(request, form)
    return redirect("movements:case-follow-up", case_id=case.pk)


@login_required
def visits(request: HttpRequest) -> HttpResponse:
    """Follow-up visits: overdue first, then the ones coming up."""
    require_aftercare_read(request)
    today = timezone.localdate()
    cases = access.cases_visible_to(request.user)
    overdue = list(overdue_visits(cases, today))
    upcoming = (FollowUpVisit.objects.filter(case__in=cases, done_on__isnull=True, scheduled_for__gte=today)
                .exclude(case__stage__is_terminal=True)
                .select_related("case", "case__child", "case__home_region").prefetch_related("case__child__names")
                .order_by("scheduled_for")[:200])
    record(actor=request.user, action="movements.visits.viewed", data={"overdue": len(overdue)})
    only_overdue = request.GET.get("overdue") == "1"
    return render(request, "movements/visits.html", {
        "overdue": overdue, "upcoming": [] if only_overdue else upcoming, "today": today,
        "only_overdue": only_overdue,
    })
