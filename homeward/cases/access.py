"""The gate to cases, built on the policy table (accounts/policy.py).

Views, the API, exports, commands, jobs and PDFs obtain cases only through these functions. A
case the user may not see and a case that does not exist give the same answer (404), so ids
reveal nothing. Actions call :func:`require_case` themselves, so no caller can go around a view.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from homeward.accounts import policy
from homeward.accounts.policy import FLIGHT_STAGES, Grant
from homeward.cases.models import Case
from homeward.core.access import one_or_404
from homeward.errors import Forbidden

VIEW = "cases.case.view"


def case_filter(grant: Grant, prefix: str = "") -> Q:
    """The condition on a case (reached through ``prefix``, e.g. ``"case__"``) that ``grant`` reaches."""
    if grant.everything:
        return Q()
    if grant.host_country:
        return Q(**{f"{prefix}host_country_id": grant.host_country})
    if grant.regions is not None:
        return Q(**{f"{prefix}home_region_id__in": sorted(grant.regions)})
    if grant.flight_stages:
        return Q(**{f"{prefix}stage_id__in": FLIGHT_STAGES})
    return Q(pk__in=[])


def cases_for(grant: Grant | None) -> QuerySet[Case]:
    """Every case ``grant`` reaches."""
    if grant is None:
        return Case.objects.none()
    return Case.objects.filter(case_filter(grant))


def case_in(grant: Grant, case: Case) -> bool:
    """Whether ``grant`` reaches ``case`` (decided from the row, without a query)."""
    if grant.everything:
        return True
    if grant.host_country:
        return case.host_country_id == grant.host_country
    if grant.regions is not None:
        return case.home_region_id in grant.regions
    if grant.flight_stages:
        return case.stage_id in FLIGHT_STAGES
    return False


def cases_visible_to(user: Any, permission: str = VIEW) -> QuerySet[Case]:
    """Every case ``user`` may reach under ``permission``, as a queryset to filter further."""
    return cases_for(policy.grant(user, permission))


def get_case_for_user(user: Any, case_id: int | str, permission: str = VIEW) -> Case:
    """The case ``case_id`` if ``user`` may reach it; otherwise Http404, as for a missing case."""
    related = ("child", "host_country", "facility", "home_region", "stage", "owner")
    case: Case = one_or_404(cases_visible_to(user, permission).select_related(*related), case_id, "case")
    return case


def require_case(actor: Any, permission: str, case: Case) -> Grant:
    """For actions: the actor's grant, if it holds ``permission`` and reaches ``case``; else Forbidden."""
    found = policy.require(actor, permission)
    if not case_in(found, case):
        raise Forbidden(str(policy.refusal(permission)) + " " + _outside())
    return found


def _outside() -> str:
    from django.utils.translation import gettext as _

    return _("This case is outside your office's cases.")
