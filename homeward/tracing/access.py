"""The gate to relatives' requests and candidate matches, on the rules of accounts/access.py.

The national office sees every request; a regional ombudsman or social service sees the requests
filed in its region (and the regions below it). Nobody else sees requests: they hold the
family's contact details. A missing request and a forbidden one give the same 404.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.http import Http404

from homeward.accounts.access import cases_visible_to
from homeward.accounts.models import Agency, Role
from homeward.tracing.models import CandidateMatch, SoughtChild, TracingRequest

if TYPE_CHECKING:
    from homeward.places.models import Region


def requests_visible_to(user: Any) -> QuerySet[TracingRequest]:
    """Every request ``user`` may see, as a queryset to filter further."""
    qs = TracingRequest.objects.all()
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return qs.none()
    if user.is_superuser:
        return qs
    agency: Agency | None = user.agency
    if agency is None or user.role == Role.ANALYST:
        return qs.none()
    if agency.kind == Agency.Kind.NATIONAL:
        return qs
    if agency.kind == Agency.Kind.REGIONAL and agency.region is not None:
        return qs.filter(region_id__in=agency.region.descendant_ids())
    return qs.none()


def get_request_for_user(user: Any, request_id: int | str) -> TracingRequest:
    """The request ``request_id`` if ``user`` may see it; otherwise Http404, as for a missing one."""
    try:
        pk = int(request_id)
    except (TypeError, ValueError):
        raise Http404("No such request") from None
    found = requests_visible_to(user).select_related("region", "received_by").filter(pk=pk).first()
    if found is None:
        raise Http404("No such request")
    return found


def get_sought_child_for_user(user: Any, sought_child_id: int | str) -> SoughtChild:
    """A sought child of a request ``user`` may see; otherwise Http404."""
    try:
        pk = int(sought_child_id)
    except (TypeError, ValueError):
        raise Http404("No such child") from None
    found = (
        SoughtChild.objects.filter(request__in=requests_visible_to(user), pk=pk)
        .select_related("request", "home_region").first()
    )
    if found is None:
        raise Http404("No such child")
    return found


def candidates_visible_to(user: Any) -> QuerySet[CandidateMatch]:
    """Pairs whose case and whose request the user may both see."""
    return CandidateMatch.objects.filter(
        case__in=cases_visible_to(user), sought_child__request__in=requests_visible_to(user)
    )


def get_candidate_for_user(user: Any, candidate_id: int | str) -> CandidateMatch:
    """One candidate pair the user may see (both sides); otherwise Http404."""
    try:
        pk = int(candidate_id)
    except (TypeError, ValueError):
        raise Http404("No such candidate") from None
    found = (
        candidates_visible_to(user)
        .select_related("case", "case__child", "case__home_region", "sought_child", "sought_child__request",
                        "sought_child__home_region", "decided_by")
        .filter(pk=pk).first()
    )
    if found is None:
        raise Http404("No such candidate")
    return found


def regions_for_new_requests(user: Any) -> QuerySet[Region]:
    """Regions a user may file requests in: all for the national office, its own for a region."""
    from homeward.places.models import Region

    qs = Region.objects.all()
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return qs.none()
    if user.is_superuser:
        return qs
    agency: Agency | None = user.agency
    if agency is None or user.role == Role.ANALYST:
        return qs.none()
    if agency.kind == Agency.Kind.NATIONAL:
        return qs
    if agency.kind == Agency.Kind.REGIONAL and agency.region is not None:
        return qs.filter(pk__in=agency.region.descendant_ids())
    return qs.none()
