"""Turning cases and sought children into homeward.linkage Records.

Ids: a child found abroad is the case's id, a sought child its own id, both as text. Parents'
names of a found child come from its family links with relation mother or father, whatever
their status: a claimed mother's name is still evidence for matching.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import QuerySet

from homeward.cases.models import Case
from homeward.linkage import Record
from homeward.people.models import DatePrecision, FamilyLink, Person, PersonName
from homeward.tracing.models import SoughtChild, SoughtName


def _person_birth(person: Person) -> tuple[str | None, int | None, int | None]:
    p = person.birth_precision
    if p == DatePrecision.EXACT and person.birth_date:
        return person.birth_date.isoformat(), None, None
    if p == DatePrecision.MONTH and person.birth_date:
        return person.birth_date.strftime("%Y-%m"), None, None
    if p == DatePrecision.YEAR and person.birth_date:
        return str(person.birth_date.year), None, None
    if p == DatePrecision.RANGE and (person.birth_date_min or person.birth_date_max):
        lo = person.birth_date_min.year if person.birth_date_min else None
        hi = person.birth_date_max.year if person.birth_date_max else None
        return None, lo, hi
    if person.birth_date and p != DatePrecision.UNKNOWN:
        return str(person.birth_date.year), None, None
    return None, None, None


def _sought_birth(child: SoughtChild) -> tuple[str | None, int | None, int | None]:
    p = child.birth_precision
    if p == DatePrecision.EXACT and child.birth_date:
        return child.birth_date.isoformat(), None, None
    if p == DatePrecision.MONTH and child.birth_date:
        return child.birth_date.strftime("%Y-%m"), None, None
    if p == DatePrecision.YEAR and child.birth_date:
        return str(child.birth_date.year), None, None
    if p == DatePrecision.RANGE:
        return None, child.birth_year_min, child.birth_year_max
    return None, None, None


def case_records(cases: QuerySet[Case] | Iterable[Case]) -> list[Record]:
    """A linkage Record for the child of each case."""
    case_list = list(
        cases.select_related("child", "home_region", "child__home_region").prefetch_related("child__names")
        if isinstance(cases, QuerySet) else cases
    )
    child_ids = [c.child_id for c in case_list]
    parents: dict[tuple[int, str], list[str]] = defaultdict(list)
    links = FamilyLink.objects.filter(
        person_id__in=child_ids, relation__in=[FamilyLink.Relation.MOTHER, FamilyLink.Relation.FATHER]
    ).values_list("person_id", "relation", "relative_id")
    relative_of: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for person_id, relation, relative_id in links:
        relative_of[relative_id].append((person_id, relation))
    for name in PersonName.objects.filter(person_id__in=list(relative_of)).order_by("id"):
        for person_id, relation in relative_of[name.person_id]:
            parents[(person_id, relation)].append(name.text)
    records = []
    for case in case_list:
        child = case.child
        born, lo, hi = _person_birth(child)
        region = case.home_region or child.home_region
        records.append(Record(
            id=str(case.pk),
            names=[n.text for n in child.names.all()],
            sex=child.sex or None,
            birth_date=born, birth_year_min=lo, birth_year_max=hi,
            mother_names=parents[(child.pk, FamilyLink.Relation.MOTHER)],
            father_names=parents[(child.pk, FamilyLink.Relation.FATHER)],
            home_region=region.code if region else None,
            # Brothers and sisters found together: a sibling linked lends weight to the others.
            family=f"g{child.sibling_group_id}" if child.sibling_group_id else None,
        ))
    return records


def sought_records(sought: QuerySet[SoughtChild] | Iterable[SoughtChild]) -> list[Record]:
    """A linkage Record for each sought child."""
    sought_list = list(
        sought.select_related("home_region", "request__region").prefetch_related("names")
        if isinstance(sought, QuerySet) else sought
    )
    records = []
    for child in sought_list:
        born, lo, hi = _sought_birth(child)
        region = child.home_region or child.request.region
        records.append(Record(
            id=str(child.pk),
            names=[n.text for n in child.names_of(SoughtName.Role.CHILD)],
            sex=child.sex or None,
            birth_date=born, birth_year_min=lo, birth_year_max=hi,
            mother_names=[n.text for n in child.names_of(SoughtName.Role.MOTHER)],
            father_names=[n.text for n in child.names_of(SoughtName.Role.FATHER)],
            home_region=region.code if region else None,
            family=f"r{child.request_id}",  # the children one request seeks are siblings
        ))
    return records


def matchable_cases() -> QuerySet[Case]:
    """Every case: children found abroad, including those already brought home."""
    return Case.objects.all()


def matchable_sought() -> QuerySet[SoughtChild]:
    """Sought children of requests still open (a closed request is not searched for)."""
    from homeward.tracing.models import TracingRequest

    return SoughtChild.objects.exclude(request__status=TracingRequest.Status.CLOSED)
