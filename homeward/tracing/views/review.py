"""The review queue: candidate pairs by probability, each side by side, confirmed or rejected."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from homeward.accounts import policy
from homeward.accounts.gate import gate
from homeward.audit.log import record, record_list
from homeward.core.editing import client_ip, run
from homeward.core.http import is_htmx
from homeward.core.paging import CappedPaginator
from homeward.places.models import Region, regions
from homeward.tracing import access, actions, waterfall
from homeward.tracing.forms import DecisionForm
from homeward.tracing.models import MatchJob
from homeward.tracing.queries import (
    FIELD_LABELS,
    prior_weight,
    readings,
    review_queue,
    side_by_side,
)

PAGE_SIZE = 25


@gate(access.REVIEW)
def queue(request: HttpRequest) -> HttpResponse:
    """Potential pairs the user may see (both sides), most probable first."""
    raw_min = request.GET.get("min", "").strip()[:10]
    try:
        min_probability = max(0.0, min(float(raw_min), 1.0)) if raw_min else 0.0
    except ValueError:
        min_probability = 0.0
    region_id = request.GET.get("region", "")[:12]
    region = Region.objects.filter(pk=int(region_id)).first() if region_id.isdigit() else None
    pairs = review_queue(access.candidates_visible_to(request.user), min_probability=min_probability,
                         region=region)
    page = CappedPaginator(pairs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"page": page, "min": raw_min, "region": region_id, "regions": regions(),
               "query_string": query.urlencode(), "can_rematch": policy.holds(request.user, "tracing.match.rematch")}
    template = "tracing/review_queue.html#results" if is_htmx(request) else "tracing/review_queue.html"
    response = render(request, template, context)
    record_list(actor=request.user, action="tracing.match.listed",
                query={"min": raw_min, "region": region_id, "page": page.number}, shown=page.object_list,
                total=page.paginator.count, ip=client_ip(request))
    return response


@gate(access.REVIEW)
def pair(request: HttpRequest, candidate_id: int) -> HttpResponse:
    """One pair side by side, with the reason for its score."""
    candidate = access.get_candidate_for_user(request.user, candidate_id)
    labels = {k: str(v) for k, v in FIELD_LABELS.items()}
    chart = waterfall.build(prior_weight(candidate), candidate.contributions or {}, labels)
    response = render(request, "tracing/review_pair.html", {
        "pair": candidate, "case": candidate.case, "sought": candidate.sought_child,
        "req": candidate.sought_child.request, "rows": side_by_side(candidate), "chart": chart,
        "readings": readings(candidate),
        "form": DecisionForm(), "can_change": policy.holds(request.user, access.DECIDE),
    })
    record(actor=request.user, action="tracing.match.viewed", obj=candidate, case_id=candidate.case_id,
           ip=client_ip(request), data={"request": candidate.sought_child.request_id})
    return response


def _decide(request: HttpRequest, candidate_id: int, confirm: bool) -> HttpResponse:
    candidate = access.get_candidate_for_user(request.user, candidate_id, access.DECIDE)
    form = DecisionForm(request.POST)
    note = form.data.get("note", "") if not form.is_valid() else form.cleaned_data["note"]
    if confirm:
        result = run(lambda: actions.confirm_match(actor=request.user, candidate=candidate, note=note))
    else:
        result = run(lambda: actions.reject_match(actor=request.user, candidate=candidate, note=note))
    if result.error is not None:
        messages.error(request, result.error.message)
        return redirect("tracing:review-pair", candidate_id=candidate.pk)
    if confirm:
        messages.success(request, _("Match confirmed: the request is linked to case %(ref)s; the family link "
                                    "stays claimed until kinship is verified.") % {"ref": candidate.case.reference})
    else:
        messages.success(request, _("Pair rejected; it will not be proposed again."))
    return redirect("tracing:review")


@gate(access.DECIDE, methods=("POST",))
def confirm(request: HttpRequest, candidate_id: int) -> HttpResponse:
    return _decide(request, candidate_id, confirm=True)


@gate(access.DECIDE, methods=("POST",))
def reject(request: HttpRequest, candidate_id: int) -> HttpResponse:
    return _decide(request, candidate_id, confirm=False)


@gate("tracing.match.rematch", methods=("POST",))
def rematch(request: HttpRequest) -> HttpResponse:
    """Match the whole caseload again (the national office), in the background."""
    result = run(lambda: actions.start_rematch(actor=request.user))
    if result.value is None:
        if result.error is not None:
            messages.error(request, result.error.message)
        return redirect("tracing:review")
    return HttpResponseRedirect(reverse("tracing:job", args=[result.value.pk]))


@gate(access.REVIEW)
def job(request: HttpRequest, job_id: int) -> HttpResponse:
    """A matching job's progress; htmx polls the partial until the job is finished."""
    found: MatchJob = access.get_job_for_user(request.user, job_id)
    template = "tracing/_job_status.html" if is_htmx(request) else "tracing/job.html"
    return render(request, template, {"job": found})


@gate(access.RELIABILITY)
def reliability(request: HttpRequest) -> HttpResponse:
    """Reviewed pairs by probability band, and what the latest run fitted."""
    from homeward.tracing.reliability import latest_fit
    from homeward.tracing.reliability import reliability as measure

    labels = {k: str(v) for k, v in FIELD_LABELS.items()}
    fit = latest_fit()
    fields = []
    if fit is not None:
        for key, rows in fit.get("levels", {}).items():
            fields.append({"label": labels.get(key, key), "levels": rows})
    context = {"table": measure(access.candidates_visible_to(request.user)), "fit": fit, "fields": fields}
    return render(request, "tracing/reliability.html", context)
