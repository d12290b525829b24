"""The gate to figures: exact over the cases a user reaches, or public (suppressed) over all.

Exact figures are counted over the cases ``reports.figures.exact`` reaches. Public figures
describe the whole programme, so they are counted over every case, but are only ever shown
aggregated and through suppression (analysts and press officers see only these).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from homeward.accounts import policy
from homeward.accounts.policy import FLIGHT_STAGES, Grant
from homeward.cases.access import case_filter, cases_for
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



@dataclass(frozen=True)
class Scope:
    """The cases a figures page counts, as conditions on them and on their counts (reports.FigureCount).

    ``cells`` selects the per-place cells (host country, home region, stage) exactly as
    cases.access.case_filter selects cases; ``rolled`` selects, among the cells kept at three
    levels, the one level that adds up to the same cases.
    """

    cases: QuerySet[Case]
    cells: Q
    rolled: Q
    # the same for every grant that reaches the same cases: what a figures page remembers by
    key: tuple[Any, ...] = ()


def _scope(grant: Grant | None) -> Scope:
    none = Q(pk__in=[])
    if grant is None:
        return Scope(Case.objects.none(), none, none)
    if grant.everything:
        rolled = Q(host_country_id="", home_region_id=-1)
    elif grant.host_country:
        rolled = Q(host_country_id=grant.host_country, home_region_id=-1)
    elif grant.regions is not None:
        rolled = Q(host_country_id="", home_region_id__in=sorted(grant.regions))
    elif grant.flight_stages:
        rolled = Q(host_country_id="", home_region_id=-1, stage_id__in=FLIGHT_STAGES)
    else:
        rolled = none
    key = (grant.everything, grant.host_country, grant.regions, grant.flight_stages)
    return Scope(cases_for(grant), case_filter(grant), rolled, key)


def exact_figure_scope(user: Any) -> Scope:
    return _scope(policy.grant(user, EXACT))


def public_figure_scope(user: Any) -> Scope:
    """Every case, for figures shown only aggregated and suppressed."""
    policy.require(user, PUBLIC)
    return _scope(Grant(PUBLIC, everything=True))
