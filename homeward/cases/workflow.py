"""Reading the workflow for one case: which checks apply, which are open, where it may go next."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from homeward.cases.models import Applies, Case, CaseCheck, HostRule, Requirement, Stage, Transition
from homeward.core import reference
from homeward.people.models import Person


# Every stage, check and transition, kept per process until an administrator changes one
# (homeward/core/reference.py): what a request finds here is the workflow as it stood when the
# request first asked, as a read of the tables at that moment would give.
def stages() -> list[Stage]:
    """Every stage, in order."""
    return reference.kept("cases.stages", lambda: list(Stage.objects.all()))


def all_requirements() -> list[Requirement]:
    """Every check of every stage, with its stage, in the checklist's order."""
    return reference.kept("cases.requirements", lambda: list(Requirement.objects.select_related("stage")))


def _all_transitions() -> list[Transition]:
    return reference.kept("cases.transitions", lambda: list(Transition.objects.select_related("source", "target")))


def _applies(case: Case) -> list[str]:
    applies: list[str] = [Applies.ALL]
    place = case.child.birth_place
    if place == Person.BirthPlace.ABROAD:
        applies.append(Applies.BORN_ABROAD)
    elif place == Person.BirthPlace.HOME:
        applies.append(Applies.BORN_HOME)
    else:
        # Unknown birthplace: the stricter path (born abroad) applies until it is established.
        applies.append(Applies.BORN_ABROAD)
    return applies


def applies_to(case: Case) -> list[str]:
    """Which ``Applies`` values hold for the case's child (every child, born abroad or at home)."""
    return _applies(case)


def requirements_for(case: Case, stage: Stage | str) -> QuerySet[Requirement]:
    """The checks ``case`` needs before entering ``stage``, under its host country's rules."""
    stage_code = stage.code if isinstance(stage, Stage) else stage
    return Requirement.objects.filter(
        Q(host_country__isnull=True) | Q(host_country_id=case.host_country_id),
        stage_id=stage_code,
        applies__in=_applies(case),
    ).order_by("order", "code")


@dataclass(frozen=True)
class ChecklistItem:
    requirement: Requirement
    check: CaseCheck | None

    @property
    def done(self) -> bool:
        return self.check is not None and self.check.done


def checklist(case: Case, stage: Stage | str) -> list[ChecklistItem]:
    """Each requirement of ``stage`` with how it stands for ``case``."""
    reqs = list(requirements_for(case, stage))
    checks = {c.requirement_id: c for c in CaseCheck.objects.filter(case=case, requirement__in=reqs)}
    return [ChecklistItem(r, checks.get(r.pk)) for r in reqs]


def checklists(case: Case, stages: list[Stage]) -> list[tuple[Stage, list[ChecklistItem]]]:
    """The checklist of each of ``stages`` for ``case``, in one query whatever their number."""
    codes = {s.code for s in stages}
    applies = set(_applies(case))
    reqs = sorted((r for r in all_requirements() if r.stage_id in codes and r.applies in applies
                   and r.host_country_id in (None, case.host_country_id)), key=lambda r: (r.order, r.code))
    checks = {c.requirement_id: c for c in CaseCheck.objects.filter(case=case, requirement__in=reqs)
              .select_related("done_by")}
    return [(s, [ChecklistItem(r, checks.get(r.pk)) for r in reqs if r.stage_id == s.code]) for s in stages]


def unmet(case: Case, stage: Stage | str) -> list[Requirement]:
    """Requirements of ``stage`` that ``case`` has not met."""
    return [item.requirement for item in checklist(case, stage) if not item.done]


def transitions_from(case: Case) -> list[Transition]:
    """Transitions defined from the case's stage, for its host country or for all."""
    rows = [t for t in _all_transitions()
            if t.source_id == case.stage_id and t.host_country_id in (None, case.host_country_id)]
    seen: dict[str, Transition] = {}
    for t in rows:  # a country-specific row overrides the general one for the same target
        if t.target_id not in seen or t.host_country_id is not None:
            seen[t.target_id] = t
    return sorted(seen.values(), key=lambda t: t.target.order)


def host_rule(country_id: str, code: str) -> int | None:
    """A host-country rule's value, or None where the country has no such rule."""
    return HostRule.objects.filter(country_id=country_id, code=code).values_list("value", flat=True).first()


@dataclass(frozen=True)
class AgeLimitAlert:
    case: Case
    reaches_on: dt.date
    limit: int
    # Already past the limit and still held in the prison with the mother: the most urgent.
    past: bool = False


def reaching_mother_age_limit(cases: QuerySet[Case], *, within_days: int, today: dt.date) -> list[AgeLimitAlert]:
    """Children held with a detained mother who reach the host country's age limit within N days,
    and those already past it who are still held there (listed first, the oldest first).

    Iraq lets a detained mother keep her child until the age of 3; after that the child must go to
    relatives or a state orphanage, so these cases need action now. An estimated birth date counts
    at its earliest (the child may already be that old).
    """
    limits = age_limits()
    rows = cases.filter(host_country_id__in=limits, facility__kind="prison").exclude(stage__is_terminal=True) \
        .select_related("child")
    return age_limit_alerts(rows, limits, within_days=within_days, today=today)


def age_limits() -> dict[str, int]:
    """Each host country's age until which a detained mother keeps her child (a host rule)."""
    return dict(reference.kept("cases.age_limits", lambda: list(
        HostRule.objects.filter(code="mother_keeps_child_until_age").values_list("country_id", "value"))))


def age_limit_alerts(cases: Iterable[Case], limits: dict[str, int], *, within_days: int,
                     today: dt.date) -> list[AgeLimitAlert]:
    """What reaching_mother_age_limit gives for ``cases`` already read (open, in a prison of a
    country in ``limits``, with their child)."""
    alerts: list[AgeLimitAlert] = []
    horizon = today + dt.timedelta(days=within_days)
    for case in cases:
        child = case.child
        born = child.birth_date_min or child.birth_date
        if born is None:
            continue
        limit = limits[case.host_country_id]
        try:
            reaches = born.replace(year=born.year + limit)
        except ValueError:  # 29 February
            reaches = born.replace(year=born.year + limit, day=28)
        if reaches <= horizon:
            alerts.append(AgeLimitAlert(case, reaches, limit, past=reaches < today))
    return sorted(alerts, key=lambda a: a.reaches_on)
