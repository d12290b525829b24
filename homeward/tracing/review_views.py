"""The review queue: candidate pairs by probability, each side by side, confirmed or rejected."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from homeward.accounts import access as case_access
from homeward.accounts.models import Agency
from homeward.audit.log import record
from homeward.errors import ActionError
from homeward.places.models import Region
from homeward.tracing import access, actions, waterfall
from homeward.tracing.forms import DecisionForm
from homeward.tracing.models import MatchJob
from homeward.tracing.queries import FIELD_LABELS, prior_weight, review_queue, side_by_side
from homeward.tracing.tasks import schedule_match
from homeward.web.views import _require_change, client_ip

PAGE_SIZE = 25


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """Potential pairs the user may see (both sides), most probable first."""
    raw_min = request.GET.get("min", "").strip()
    try:
        min_probability = max(0.0, min(float(raw_min), 1.0)) if raw_min else 0.0
    except ValueError:
        min_probability = 0.0
    region_id = request.GET.get("region", "")
    region = Region.objects.filter(pk=int(region_id)).first() if region_id.isdigit() else None
    pairs = review_queue(access.candidates_visible_to(request.user), min_probability=min_probability,
                         region=region)
    page = Paginator(pairs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"page": page, "min": raw_min, "region": region_id, "regions": Region.objects.all(),
               "query_string": query.urlencode(), "can_rematch": _can_rematch(request.user)}
    template = "tracing/review_queue.html#results" if request.htmx else "tracing/review_queue.html"
    return render(request, template, context)


@login_required
def pair(request: HttpRequest, candidate_id: int) -> HttpResponse:
    """One pair side by side, with the reason for its score."""
    candidate = access.get_candidate_for_user(request.user, candidate_id)
    record(actor=request.user, action="tracing.match.viewed", obj=candidate, case_id=candidate.case_id,
           ip=client_ip(request))
    labels = {k: str(v) for k, v in FIELD_LABELS.items()}
    chart = waterfall.build(prior_weight(candidate), candidate.contributions or {}, labels)
    return render(request, "tracing/review_pair.html", {
        "pair": candidate, "case": candidate.case, "sought": candidate.sought_child,
        "req": candidate.sought_child.request, "rows": side_by_side(candidate), "chart": chart,
        "form": DecisionForm(), "can_change": case_access.can_change(request.user),
    })


def _decide(request: HttpRequest, candidate_id: int, confirm: bool) -> HttpResponse:
    _require_change(request)
    candidate = access.get_candidate_for_user(request.user, candidate_id)
    form = DecisionForm(request.POST)
    note = form.data.get("note", "") if not form.is_valid() else form.cleaned_data["note"]
    sid = transaction.savepoint()
    try:
        if confirm:
            actions.confirm_match(actor=request.user, candidate=candidate, note=note)
        else:
            actions.reject_match(actor=request.user, candidate=candidate, note=note)
    except ActionError as exc:
        transaction.savepoint_rollback(sid)
        messages.error(request, exc.message)
        return redirect("tracing:review-pair", candidate_id=candidate.pk)
    transaction.savepoint_commit(sid)
    if confirm:
        messages.success(request, _("Match confirmed: the request is linked to case %(ref)s; the family link "
                                    "stays claimed until kinship is verified.") % {"ref": candidate.case.reference})
    else:
        messages.success(request, _("Pair rejected; it will not be proposed again."))
    return redirect("tracing:review")


@login_required
@require_POST
def confirm(request: HttpRequest, candidate_id: int) -> HttpResponse:
    return _decide(request, candidate_id, confirm=True)


@login_required
@require_POST
def reject(request: HttpRequest, candidate_id: int) -> HttpResponse:
    return _decide(request, candidate_id, confirm=False)


def _can_rematch(user: object) -> bool:
    if not case_access.can_change(user):
        return False
    agency = getattr(user, "agency", None)
    return bool(getattr(user, "is_superuser", False) or (agency is not None and agency.kind == Agency.Kind.NATIONAL))


@login_required
@require_POST
def rematch(request: HttpRequest) -> HttpResponse:
    """Match the whole caseload again (the national office), in the background."""
    if not _can_rematch(request.user):
        raise PermissionDenied(_("Only the national office re-matches the whole caseload."))
    job = schedule_match(kind=MatchJob.Kind.FULL, actor=request.user)
    if job is None:
        return redirect("tracing:review")
    record(actor=request.user, action="tracing.match.rematch_started", obj=job)
    return HttpResponseRedirect(reverse("tracing:job", args=[job.pk]))


@login_required
def job(request: HttpRequest, job_id: int) -> HttpResponse:
    """A matching job's progress; htmx polls the partial until the job is finished."""
    found = MatchJob.objects.filter(pk=job_id).first()
    if found is None or not (case_access.can_change(request.user)):
        raise Http404("No such job")
    template = "tracing/_job_status.html" if request.htmx else "tracing/job.html"
    return render(request, template, {"job": found})
