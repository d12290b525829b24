"""The gate to relatives' requests and candidate matches, on the rules of accounts/access.py.

The national office sees every request; a regional ombudsman or social service sees the requests
filed in its region (and the regions below it). Nobody else sees requests: they hold the
family's contact details. A missing request and a forbidden one give the same 404.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from homeward.accounts.access import cases_visible_to, one_or_404, region_scope
from homeward.tracing.models import CandidateMatch, SoughtChild, TracingRequest

if TYPE_CHECKING:
    from homeward.places.models import Region


def requests_visible_to(user: Any) -> QuerySet[TracingRequest]:
    """Every request ``user`` may see: all for the national office, its regions' for a region."""
    scope = region_scope(user)
    qs = TracingRequest.objects.all()
    return qs if scope is None else qs.filter(region_id__in=scope)


def get_request_for_user(user: Any, request_id: int | str) -> TracingRequest:
    """The request ``request_id`` if ``user`` may see it; otherwise Http404, as for a missing one."""
    found: TracingRequest = one_or_404(requests_visible_to(user).select_related("region", "received_by"),
                                       request_id, "request")
    return found


def get_sought_child_for_user(user: Any, sought_child_id: int | str) -> SoughtChild:
    """A sought child of a request ``user`` may see; otherwise Http404."""
    qs = SoughtChild.objects.filter(request__in=requests_visible_to(user)).select_related("request", "home_region")
    found: SoughtChild = one_or_404(qs, sought_child_id, "child")
    return found


def candidates_visible_to(user: Any) -> QuerySet[CandidateMatch]:
    """Pairs whose case and whose request the user may both see."""
    return CandidateMatch.objects.filter(
        case__in=cases_visible_to(user), sought_child__request__in=requests_visible_to(user)
    )


def get_candidate_for_user(user: Any, candidate_id: int | str) -> CandidateMatch:
    """One candidate pair the user may see (both sides); otherwise Http404."""
    qs = candidates_visible_to(user).select_related(
        "case", "case__child", "case__home_region", "sought_child", "sought_child__request",
        "sought_child__home_region", "decided_by")
    found: CandidateMatch = one_or_404(qs, candidate_id, "candidate")
    return found


def regions_for_new_requests(user: Any) -> QuerySet[Region]:
    """Regions a user may file requests in: all for the national office, its own for a region."""
    from homeward.places.models import Region

    scope = region_scope(user)
    qs = Region.objects.all()
    return qs if scope is None else qs.filter(pk__in=scope)
