"""The one gate to every record.

Views, the API, exports and commands obtain cases only through these functions. A case the user
may not see and a case that does not exist give the same answer (404), so ids reveal nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.http import Http404

from homeward.accounts.models import Agency, Role

if TYPE_CHECKING:
    from homeward.cases.models import Case
    from homeward.people.models import Person

# Stages from which the flight team needs to see a case (manifests, boarding, arrival).
FLIGHT_STAGES = ("ready_to_travel", "repatriated", "handed_over")

GENETIC_ROLES = {Role.ADMIN, Role.GENETICIST}
READ_ONLY_ROLES = {Role.ANALYST}


def one_or_404(qs: QuerySet[Any], pk: int | str, what: str) -> Any:
    """The row ``pk`` of ``qs``, or Http404 alike for a bad id, a missing row and a forbidden one."""
    try:
        number = int(pk)
    except (TypeError, ValueError):
        raise Http404(f"No such {what}") from None
    found = qs.filter(pk=number).first()
    if found is None:
        raise Http404(f"No such {what}")
    return found


def region_scope(user: Any) -> frozenset[int] | None:
    """Home regions whose records (requests, their people) ``user`` works on.

    ``None`` means every region (the national office); an empty set means none. A regional
    agency works on its region and every region below it.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    if user.is_superuser:
        return None
    agency: Agency | None = user.agency
    if agency is None or user.role == Role.ANALYST:
        return frozenset()
    if agency.kind == Agency.Kind.NATIONAL:
        return None
    if agency.kind == Agency.Kind.REGIONAL and agency.region is not None:
        return frozenset(agency.region.descendant_ids())
    return frozenset()


def cases_visible_to(user: Any) -> QuerySet[Case]:
    """Every case ``user`` may see, as a queryset to filter further."""
    from homeward.cases.models import Case

    qs = Case.objects.all()
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return qs.none()
    if user.is_superuser:
        return qs
    agency: Agency | None = user.agency
    if agency is None or user.role == Role.ANALYST:
        return qs.none()
    if agency.kind in {Agency.Kind.NATIONAL, Agency.Kind.LAB}:
        return qs
    if agency.kind == Agency.Kind.CONSULAR:
        return qs.filter(host_country_id=agency.host_country_id) if agency.host_country_id else qs
    if agency.kind == Agency.Kind.REGIONAL and agency.region is not None:
        return qs.filter(home_region_id__in=agency.region.descendant_ids())
    if agency.kind == Agency.Kind.FLIGHT:
        return qs.filter(stage_id__in=FLIGHT_STAGES)
    return qs.none()


def get_case_for_user(user: Any, case_id: int | str) -> Case:
    """The case ``case_id`` if ``user`` may see it; otherwise Http404, as for a missing case."""
    related = ("child", "host_country", "facility", "home_region", "stage", "owner")
    case: Case = one_or_404(cases_visible_to(user).select_related(*related), case_id, "case")
    return case


def people_visible_to(user: Any) -> QuerySet[Person]:
    """People the user may see: the children of visible cases and their relatives."""
    from django.db.models import Q

    from homeward.people.models import Person

    cases = cases_visible_to(user)
    if getattr(user, "is_superuser", False) or (
        getattr(user, "agency", None) is not None and user.agency.kind == Agency.Kind.NATIONAL
    ):
        return Person.objects.all()
    child_ids = cases.values("child_id")
    return Person.objects.filter(
        Q(pk__in=child_ids) | Q(relative_of__person_id__in=child_ids) | Q(relatives__relative_id__in=child_ids)
    ).distinct()


def get_person_for_user(user: Any, person_id: int | str) -> Person:
    """The person ``person_id`` if ``user`` may see them; otherwise Http404."""
    person: Person = one_or_404(people_visible_to(user), person_id, "person")
    return person


def can_change(user: Any) -> bool:
    """Whether the user may change records at all (analysts only read figures)."""
    return bool(getattr(user, "is_authenticated", False)) and (
        user.is_superuser or (user.agency is not None and user.role not in READ_ONLY_ROLES)
    )


def can_view_genetic(user: Any) -> bool:
    """Genetic data (profiles, likelihood ratios) is for DNA analysts and administrators only."""
    return bool(getattr(user, "is_authenticated", False)) and (user.is_superuser or user.role in GENETIC_ROLES)


def can_view_figures(user: Any) -> bool:
    """Aggregated, suppressed figures: every logged-in user."""
    return bool(getattr(user, "is_authenticated", False))
