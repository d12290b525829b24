"""The gate to figures: exact over the cases a user reaches, or public (suppressed) over all.

Exact figures are counted over the cases ``reports.figures.exact`` reaches. Public figures
describe the whole programme, so they are counted over every case, but are only ever shown
aggregated and through suppression (analysts and press officers see only these).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from homeward.accounts import policy
from homeward.cases.access import cases_for
from homeward.cases.models import Case

EXACT = "reports.figures.exact"
PUBLIC = "reports.figures.public"
EXPORT_CASES = "reports.cases.export"


def sees_exact_figures(user: Any) -> bool:
    return policy.holds(user, EXACT)


def exact_figure_cases(user: Any) -> QuerySet[Case]:
    return cases_for(policy.grant(user, EXACT))


def public_figure_cases(user: Any) -> QuerySet[Case]:
    """Every case, for figures shown only aggregated and suppressed."""
    policy.require(user, PUBLIC)
    return Case.objects.all()


def exportable_cases(user: Any) -> QuerySet[Case]:
    return cases_for(policy.grant(user, EXPORT_CASES))
