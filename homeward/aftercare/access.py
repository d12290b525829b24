"""The gate to handovers and follow-up visits: reachable exactly when their case is.

Guardians' details and home visits are for the national office and the regional services
(``aftercare.*`` permissions in accounts/policy.py).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from homeward.accounts import policy
from homeward.aftercare.models import FollowUpVisit, Handover
from homeward.cases.access import case_filter
from homeward.core.access import one_or_404

VIEW = "aftercare.handover.view"
HAND_OVER = "aftercare.handover.record"
VISIT = "aftercare.visit.record"


def handovers_visible_to(user: Any, permission: str = VIEW) -> QuerySet[Handover]:
    grant = policy.grant(user, permission)
    if grant is None:
        return Handover.objects.none()
    return Handover.objects.filter(case_filter(grant, "case__"))


def visits_visible_to(user: Any, permission: str = VIEW) -> QuerySet[FollowUpVisit]:
    grant = policy.grant(user, permission)
    if grant is None:
        return FollowUpVisit.objects.none()
    return FollowUpVisit.objects.filter(case_filter(grant, "case__"))


def get_visit_for_user(user: Any, visit_id: int | str, permission: str = VIEW) -> FollowUpVisit:
    visit: FollowUpVisit = one_or_404(visits_visible_to(user, permission).select_related("case"), visit_id, "visit")
    return visit
