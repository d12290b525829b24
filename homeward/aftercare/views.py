"""Pages after arrival: children awaiting handover, the handover form and act, follow-up visits."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from homeward.accounts import policy
from homeward.accounts.gate import by_arg, gate
from homeward.aftercare import actions
from homeward.aftercare.access import (
    HAND_OVER,
    VIEW,
    VISIT,
    get_visit_for_user,
    handovers_visible_to,
)
from homeward.aftercare.actions import guardian_problems
from homeward.aftercare.documents import ACT_LANGUAGE, handover_act_pdf
from homeward.aftercare.forms import CloseForm, HandoverForm, ScheduleVisitForm, VisitForm
from homeward.aftercare.models import FollowUpVisit, Handover
from homeward.aftercare.queries import overdue_visits, regional_agency_for
from homeward.audit.log import record, record_list
from homeward.cases.access import cases_visible_to, get_case_for_user
from homeward.cases.actions import record_view
from homeward.cases.models import Case
from homeward.core.editing import (
    client_ip,
    form_errors_to_messages,
    reasons_of,
    run,
    run_with_messages,
)
from homeward.core.pdf import document_language
from homeward.errors import ActionError
from homeward.movements.documents import ordered_names
from homeward.people.models import FamilyLink


@gate(VIEW)
def handover_list(request: HttpRequest) -> HttpResponse:
    """Children home and awaiting handover, and children handed over."""
    cases = cases_visible_to(request.user, VIEW).select_related("child", "stage", "home_region", "owner") \
        .prefetch_related("child__names")
    waiting = list(cases.filter(stage_id="repatriated").order_by("reference"))
    done = list(handovers_visible_to(request.user).select_related("case", "guardian", "receiving_agency")
                .prefetch_related("case__child__names", "guardian__names").order_by("-signed_at")[:200])
    response = render(request, "aftercare/handover_list.html", {
        "waiting": waiting, "done": done, "can_manage": policy.holds(request.user, HAND_OVER),
    })
    record_list(actor=request.user, action="aftercare.handover.listed", query={},
                shown=[c.pk for c in waiting] + [h.case_id for h in done], ip=client_ip(request))
    return response


def _guardian_choices(case: Case) -> list[tuple[int, str]]:
    links = FamilyLink.objects.filter(person=case.child).select_related("relative").prefetch_related("relative__names")
    return [(link.relative_id, f"{link.relative.display_name} — {link.get_relation_display()}, "
             f"{link.get_status_display()}") for link in links]


@gate(HAND_OVER, methods=("GET", "POST"))
def handover_form(request: HttpRequest, case_id: int) -> HttpResponse:
    """Hand a repatriated child to a guardian; refusals list every reason."""
    case = get_case_for_user(request.user, case_id, HAND_OVER)
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
        result = run(lambda: actions.hand_over(
            actor=request.user, case=case, guardian=guardian.relative, relation=d["relation"],
            identity_document=d["identity_document"], signed_at=signed_at, place=d["place"],
            official_name=d["official_name"], notes=d["notes"]))
        if result.error is not None:
            reasons = reasons_of(result.error)
        else:
            messages.success(request, _("Handed over; the case now belongs to the home region."))
            return redirect("aftercare:case-follow-up", case_id=case.pk)
    else:
        record_view(actor=request.user, case=case, what="handover", ip=client_ip(request))
    checks = []
    for guardian_id, label in choices:
        person = case.child.relatives.get(relative_id=guardian_id).relative
        problems, _relation = guardian_problems(case, person, "", timezone.localdate())
        checks.append((label, problems))
    return render(request, "aftercare/handover_form.html", {
        "case": case, "form": form, "reasons": reasons, "guardian_checks": checks,
        "names": ordered_names(list(case.child.names.all())), "agency": regional_agency_for(case),
    }, status=422 if reasons else 200)


@gate(VIEW)
def handover_act(request: HttpRequest, case_id: int) -> HttpResponse:
    """The signed handover act as PDF."""
    case = get_case_for_user(request.user, case_id, VIEW)
    handover = Handover.objects.filter(case=case).select_related(
        "case", "case__child", "case__home_region", "guardian", "receiving_agency", "flight").first()
    if handover is None:
        raise Http404("No handover")
    try:
        language = document_language(request.GET.get("lang"), ACT_LANGUAGE)
        pdf = handover_act_pdf(handover, language)
    except ActionError as exc:
        return HttpResponse(exc.message, status=503, content_type="text/plain; charset=utf-8")
    record(actor=request.user, action="aftercare.handover.act_printed", obj=handover, case_id=case.pk,
           ip=client_ip(request), data={"guardian": handover.guardian_id, "language": language})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="handover-{case.reference}-{language}.pdf"'
    return response


@gate(VIEW)
def case_follow_up(request: HttpRequest, case_id: int) -> HttpResponse:
    """One child's follow-up: the handover, visits scheduled and done, closing."""
    case = get_case_for_user(request.user, case_id, VIEW)
    response = render(request, "aftercare/case_follow_up.html", {
        "case": case, "names": ordered_names(list(case.child.names.all())),
        "handover": Handover.objects.filter(case=case).select_related("guardian", "receiving_agency").first(),
        "visits": FollowUpVisit.objects.filter(case=case).select_related("visitor").order_by("-scheduled_for"),
        "today": timezone.localdate(), "can_manage": policy.holds(request.user, VISIT),
        "schedule_form": ScheduleVisitForm(), "visit_form": VisitForm(initial={"done_on": timezone.localdate()}),
        "close_form": CloseForm(),
    })
    record_view(actor=request.user, case=case, what="follow_up", ip=client_ip(request))
    return response


@gate(by_arg("what", {"start": VISIT, "schedule": VISIT, "close": VISIT}), methods=("POST",))
def case_follow_up_action(request: HttpRequest, case_id: int, what: str) -> HttpResponse:
    """Start follow-up, schedule a visit, or close the case."""
    case = get_case_for_user(request.user, case_id, VISIT)
    user = request.user
    if what == "start":
        form = ScheduleVisitForm(request.POST)
        first = form.cleaned_data["scheduled_for"] if form.is_valid() else None
        run_with_messages(request, lambda: actions.start_follow_up(actor=user, case=case, first_visit_on=first),
                   _("Follow-up started."))
    elif what == "schedule":
        form = ScheduleVisitForm(request.POST)
        if form.is_valid():
            run_with_messages(request, lambda: actions.schedule_visit(actor=user, case=case,
                                                               scheduled_for=form.cleaned_data["scheduled_for"]),
                       _("Visit scheduled."))
        else:
            form_errors_to_messages(request, form)
    elif what == "close":
        close = CloseForm(request.POST)
        if close.is_valid():
            run_with_messages(request, lambda: actions.close_case(actor=user, case=case, reason=close.cleaned_data["reason"]),
                       _("Case closed."))
        else:
            form_errors_to_messages(request, close)
    else:
        raise Http404("No such action")
    return redirect("aftercare:case-follow-up", case_id=case.pk)


@gate(VISIT, methods=("POST",))
def visit_record(request: HttpRequest, visit_id: int) -> HttpResponse:
    """Write up a visit that was done."""
    visit = get_visit_for_user(request.user, visit_id, VISIT)
    case = visit.case
    form = VisitForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        run_with_messages(request, lambda: actions.record_visit(
            actor=request.user, visit=visit, done_on=d["done_on"], school=d["school"], health=d["health"],
            benefits=d["benefits"], notes=d["notes"]), _("Visit recorded."))
    else:
        form_errors_to_messages(request, form)
    return redirect("aftercare:case-follow-up", case_id=case.pk)


@gate(VIEW)
def visits(request: HttpRequest) -> HttpResponse:
    """Follow-up visits: overdue first, then the ones coming up."""
    today = timezone.localdate()
    cases = cases_visible_to(request.user, VIEW)
    overdue = list(overdue_visits(cases, today))
    upcoming = (FollowUpVisit.objects.filter(case__in=cases, done_on__isnull=True, scheduled_for__gte=today)
                .exclude(case__stage__is_terminal=True)
                .select_related("case", "case__child", "case__home_region").prefetch_related("case__child__names")
                .order_by("scheduled_for")[:200])
    only_overdue = request.GET.get("overdue") == "1"
    shown_upcoming = [] if only_overdue else list(upcoming)
    response = render(request, "aftercare/visits.html", {
        "overdue": overdue, "upcoming": shown_upcoming, "today": today, "only_overdue": only_overdue,
    })
    record_list(actor=request.user, action="aftercare.visit.listed", query={"overdue": only_overdue},
                shown=[v.case_id for v in overdue + shown_upcoming], ip=client_ip(request))
    return response
