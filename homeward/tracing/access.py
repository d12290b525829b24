"""The gate to relatives' requests, candidate matches and matching jobs (policy: accounts/policy.py).

The national office sees every request; a regional ombudsman or social service sees the requests
filed in its region (and the regions below it). Nobody else sees requests: they hold the
family's contact details. A pair is visible to whoever reaches both its case and its request.
A matching job is visible to the user who started it and to the national office. A missing
record and a forbidden one give the same 404.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet

from homeward.accounts import policy
from homeward.accounts.policy import Grant
from homeward.cases.access import case_filter
from homeward.core.access import one_or_404
from homeward.errors import Forbidden
from homeward.tracing.models import CandidateMatch, MatchJob, SoughtChild, TracingRequest

if TYPE_CHECKING:
    from homeward.places.models import Region

VIEW = "tracing.request.view"
FILE = "tracing.request.file"
REVIEW = "tracing.match.view"
DECIDE = "tracing.match.decide"
RELIABILITY = "tracing.match.reliability"


def request_filter(grant: Grant, prefix: str = "") -> Q:
    """The condition on a request (through ``prefix``) that ``grant`` reaches: requests live by region."""
    if grant.everything:
        return Q()
    if grant.regions is not None:
        return Q(**{f"{prefix}region_id__in": sorted(grant.regions)})
    return Q(pk__in=[])


def requests_for(grant: Grant | None) -> QuerySet[TracingRequest]:
    if grant is None:
        return TracingRequest.objects.none()
    return TracingRequest.objects.filter(request_filter(grant))


def requests_visible_to(user: Any, permission: str = VIEW) -> QuerySet[TracingRequest]:
    """Every request ``user`` may reach under ``permission``."""
    return requests_for(policy.grant(user, permission))


def get_request_for_user(user: Any, request_id: int | str, permission: str = VIEW) -> TracingRequest:
    """The request ``request_id`` if ``user`` may reach it; otherwise Http404, as for a missing one."""
    found: TracingRequest = one_or_404(requests_visible_to(user, permission).select_related("region", "received_by"),
                                       request_id, "request")
    return found


def get_sought_child_for_user(user: Any, sought_child_id: int | str, permission: str = VIEW) -> SoughtChild:
    """A sought child of a request ``user`` may reach; otherwise Http404."""
    qs = SoughtChild.objects.filter(request__in=requests_visible_to(user, permission)).select_related(
        "request", "home_region")
    found: SoughtChild = one_or_404(qs, sought_child_id, "child")
    return found


def require_request(actor: Any, permission: str, request: TracingRequest) -> Grant:
    """For actions: the grant, if it holds ``permission`` and reaches ``request``; else Forbidden."""
    found = policy.require(actor, permission)
    if not found.everything and not (found.regions is not None and request.region_id in found.regions):
        raise Forbidden(policy.refusal(permission))
    return found


def candidates_for(grant: Grant | None) -> QuerySet[CandidateMatch]:
    if grant is None:
        return CandidateMatch.objects.none()
    return CandidateMatch.objects.filter(case_filter(grant, "case__"),
                                         request_filter(grant, "sought_child__request__"))


def candidates_visible_to(user: Any, permission: str = REVIEW) -> QuerySet[CandidateMatch]:
    """Pairs whose case and whose request the user may both reach."""
    return candidates_for(policy.grant(user, permission))


def get_candidate_for_user(user: Any, candidate_id: int | str, permission: str = REVIEW) -> CandidateMatch:
    """One candidate pair the user may see (both sides); otherwise Http404."""
    qs = candidates_visible_to(user, permission).select_related(
        "case", "case__child", "case__home_region", "sought_child", "sought_child__request",
        "sought_child__home_region", "decided_by")
    found: CandidateMatch = one_or_404(qs, candidate_id, "candidate")
    return found


def require_candidate(actor: Any, permission: str, candidate: CandidateMatch) -> Grant:
    found = policy.require(actor, permission)
    if not found.everything and not candidates_for(found).filter(pk=candidate.pk).exists():
        raise Forbidden(policy.refusal(permission))
    return found


def jobs_visible_to(user: Any) -> QuerySet[MatchJob]:
    """Matching jobs: the user's own, and every job for the national office."""
    grant = policy.grant(user, REVIEW)
    if grant is None:
        return MatchJob.objects.none()
    if grant.everything:
        return MatchJob.objects.all()
    return MatchJob.objects.filter(created_by_id=user.pk)


def get_job_for_user(user: Any, job_id: int | str) -> MatchJob:
    found: MatchJob = one_or_404(jobs_visible_to(user), job_id, "job")
    return found


def regions_for_new_requests(user: Any) -> QuerySet[Region]:
    """Regions a user may file requests in: all for the national office, its own for a region."""
    from homeward.places.models import Region

    grant = policy.grant(user, FILE)
    if grant is None:
        return Region.objects.none()
    if grant.everything:
        return Region.objects.all()
    return Region.objects.filter(pk__in=sorted(grant.regions or ()))
