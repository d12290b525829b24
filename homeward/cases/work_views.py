"""Case work pages: notes, the whole history, who answers for a case, referrals, caseloads."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from homeward.accounts import policy
from homeward.accounts.gate import gate
from homeward.accounts.models import Agency, User, agencies
from homeward.audit.log import record_list
from homeward.cases import access, responsibility
from homeward.cases import actions as case_actions
from homeward.cases.models import Case, CaseNote, Referral
from homeward.cases.timeline import DOMAINS, case_timeline, domains_for, latest_entries
from homeward.core.editing import client_ip, form_errors_to_messages, run_with_messages
from homeward.places.models import Region


class NoteForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    visibility = forms.ChoiceField(label=gettext_lazy("Visible to"), choices=CaseNote.Visibility.choices,
                                   initial=CaseNote.Visibility.CASE)


class AssignForm(forms.Form):
    assignee = forms.IntegerField(label=gettext_lazy("Caseworker"), required=False)
    reason = forms.CharField(label=gettext_lazy("Reason"), required=False, max_length=300)


class ReferForm(forms.Form):
    to_agency = forms.ModelChoiceField(label=gettext_lazy("Refer to"), queryset=Agency.objects.all())
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=1000)


class AnswerForm(forms.Form):
    decision = forms.ChoiceField(label=gettext_lazy("Answer"),
                                 choices=[("accept", gettext_lazy("accept")), ("decline", gettext_lazy("decline"))])
    assignee = forms.IntegerField(label=gettext_lazy("Caseworker"), required=False)
    answer = forms.CharField(label=gettext_lazy("Reason"), required=False, max_length=1000)


def notes_for(user: Any, case: Case) -> QuerySet[CaseNote]:
    """The notes of ``case`` that ``user`` may read: those for everyone, and their agency's own."""
    shown = Q(visibility=CaseNote.Visibility.CASE)
    if getattr(user, "agency_id", None) is not None:
        shown |= Q(agency_id=user.agency_id)
    return case.notes.filter(shown).select_related("author", "agency")


def caseworkers_of(case: Case) -> list[User]:
    """Members of the owning agency whose role works on cases (the action checks each in full)."""
    roles = list(policy.roles_holding("cases.case.view"))
    return list(User.objects.filter(agency_id=case.owner_id, is_active=True, role__in=roles).order_by("username"))


# The latest entries of its history a case page shows (the history page has them all).
RECENT = 15


def work_context(request: HttpRequest, case: Case) -> dict[str, Any]:
    """What the case page shows of notes, responsibility and the latest history."""
    user = request.user
    recent, total = latest_entries(case, RECENT, allowed=domains_for(user))
    open_referral = case.referrals.filter(status=Referral.Status.SENT).select_related("to_agency").first()
    referable: list[Agency] = []
    if policy.holds(user, "cases.referral.send"):
        tree = Region.tree()
        referable = [a for a in agencies().values()
                     if a.pk != case.owner_id and responsibility.agency_reaches(a, case, tree)]
    return {
        "notes": notes_for(user, case),
        "note_form": NoteForm(),
        "timeline_recent": recent,
        "timeline_total": total,
        "caseworkers": caseworkers_of(case) if policy.holds(user, "cases.case.assign") else [],
        "referable": referable,
        "open_referral": open_referral,
    }


@gate("cases.case.view")
def case_history(request: HttpRequest, case_id: int) -> HttpResponse:
    """Every change to the case, its child and family, in order, filterable by domain and person."""
    case = access.get_case_for_user(request.user, case_id)
    domain = request.GET.get("domain", "")[:20]
    actor = request.GET.get("actor", "").strip()[:150]
    reads = request.GET.get("reads") == "1"
    entries = case_timeline(case, domain=domain, actor=actor, reads=reads, allowed=domains_for(request.user))
    response = render(request, "cases/case_history.html", {
        "case": case, "entries": entries, "domains": DOMAINS, "domain": domain, "actor": actor, "reads": reads})
    case_actions.record_view(actor=request.user, case=case, what="history", ip=client_ip(request),
                             data={"domain": domain, "actor": actor, "reads": reads})
    return response


@gate("cases.case.note", methods=("POST",))
def case_note_add(request: HttpRequest, case_id: int) -> HttpResponse:
    case = access.get_case_for_user(request.user, case_id)
    form = NoteForm(request.POST)
    if form.is_valid():
        run_with_messages(request, lambda: case_actions.add_note(
            actor=request.user, case=case, text=form.cleaned_data["text"],
            visibility=form.cleaned_data["visibility"]), _("Note added."))
    else:
        form_errors_to_messages(request, form)
    return redirect(reverse("case-detail", args=[case.pk]) + "#notes")


@gate("cases.case.assign", methods=("POST",))
def case_assign(request: HttpRequest, case_id: int) -> HttpResponse:
    """Assign, reassign or release the case (an empty caseworker releases it)."""
    case = access.get_case_for_user(request.user, case_id)
    form = AssignForm(request.POST)
    if form.is_valid():
        number = form.cleaned_data["assignee"]
        assignee = User.objects.filter(pk=number).first() if number else None
        if number and assignee is None:
            from django.contrib import messages

            messages.error(request, _("Caseworker: no such user."))
        else:
            run_with_messages(request, lambda: responsibility.assign_case(
                actor=request.user, case=case, assignee=assignee, reason=form.cleaned_data["reason"]),
                _("Responsibility recorded."))
    else:
        form_errors_to_messages(request, form)
    return redirect(reverse("case-detail", args=[case.pk]) + "#responsibility")


@gate("cases.referral.send", methods=("POST",))
def case_refer(request: HttpRequest, case_id: int) -> HttpResponse:
    case = access.get_case_for_user(request.user, case_id)
    form = ReferForm(request.POST)
    if form.is_valid():
        run_with_messages(request, lambda: responsibility.refer_case(
            actor=request.user, case=case, to_agency=form.cleaned_data["to_agency"],
            reason=form.cleaned_data["reason"]), _("Referral sent."))
    else:
        form_errors_to_messages(request, form)
    return redirect(reverse("case-detail", args=[case.pk]) + "#responsibility")


def referral_for_answer(user: Any, referral_id: int) -> Referral:
    """A referral sent to the user's agency about a case the user sees; else 404 as for a missing one."""
    rows = Referral.objects.filter(case__in=access.cases_visible_to(user)).select_related("case", "to_agency")
    if not user.is_superuser:
        rows = rows.filter(to_agency_id=user.agency_id)
    found = rows.filter(pk=referral_id).first()
    if found is None:
        raise Http404("No such referral")
    return found


@gate("cases.referral.decide", methods=("POST",))
def referral_answer(request: HttpRequest, referral_id: int) -> HttpResponse:
    """Accept (naming the caseworker who answers for it) or decline (with a reason) a referral."""
    referral = referral_for_answer(request.user, referral_id)
    form = AnswerForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        if data["decision"] == "accept":
            assignee: User | None = (User.objects.filter(pk=data["assignee"]).first() if data["assignee"]
                                     else User.objects.filter(pk=request.user.pk or 0).first())
            result = run_with_messages(request, lambda: responsibility.accept_referral(
                actor=request.user, referral=referral, assignee=assignee, answer=data["answer"]),
                _("Referral accepted: the case is your agency's now."))
        else:
            result = run_with_messages(request, lambda: responsibility.decline_referral(
                actor=request.user, referral=referral, answer=data["answer"]), _("Referral declined."))
        if result.done and data["decision"] == "accept":
            return redirect("case-detail", case_id=referral.case_id)
    else:
        form_errors_to_messages(request, form)
    return redirect("my-cases")


def _worklist(request: HttpRequest, which: str) -> HttpResponse:
    user: Any = request.user
    mine = list(responsibility.my_cases(user).select_related("child", "stage", "host_country")
                .prefetch_related("child__names")[:200])
    free = list(responsibility.unassigned_cases(user).select_related("child", "stage", "host_country")
                .prefetch_related("child__names")[:200])
    waiting = list(responsibility.referrals_waiting(user).filter(case__in=access.cases_visible_to(user))) \
        if policy.holds(user, "cases.referral.decide") else []
    colleagues = list(User.objects.filter(agency_id=user.agency_id, is_active=True).order_by("username")) \
        if user.agency_id else []
    response = render(request, "cases/worklist.html", {
        "which": which, "mine": mine, "unassigned": free, "waiting": waiting, "colleagues": colleagues})
    shown = (mine if which == "mine" else free)
    record_list(actor=user, action=f"cases.{which}.listed", query={"list": which},
                shown=shown + [r.case for r in waiting], ip=client_ip(request))
    return response


@gate("cases.case.view")
def my_cases(request: HttpRequest) -> HttpResponse:
    """The cases the user answers for, the agency's unassigned ones, referrals waiting for it."""
    return _worklist(request, "mine")


@gate("cases.case.view")
def unassigned_cases(request: HttpRequest) -> HttpResponse:
    return _worklist(request, "unassigned")


@gate("cases.load.view")
def agency_load(request: HttpRequest) -> HttpResponse:
    """Each agency's open cases, how many are assigned, and referrals waiting (figures only)."""
    return render(request, "cases/agency_load.html", {"rows": responsibility.agency_load()})
