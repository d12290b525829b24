"""Reads of the aftercare pages: who takes a case over at home, which visits are overdue."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from homeward.accounts.models import Agency
from homeward.aftercare.models import FollowUpVisit
from homeward.cases.models import Case


def regional_agency_for(case: Case) -> Agency | None:
    """The regional agency of the child's home region, or of the nearest region above it."""
    region = case.home_region
    if region is None:
        return None
    for candidate in [region, *region.ancestors()]:
        agency = Agency.objects.filter(kind=Agency.Kind.REGIONAL, region=candidate).order_by("pk").first()
        if agency is not None:
            return agency
    return None


def overdue_visits(cases: QuerySet[Case], today: dt.date) -> QuerySet[FollowUpVisit]:
    """Visits of visible cases that should have happened before ``today`` and have not."""
    return (
        FollowUpVisit.objects.overdue(today).filter(case__in=cases)
        .select_related("case", "case__child", "case__home_region", "case__owner")
        .prefetch_related("case__child__names").order_by("scheduled_for")
    )
