"""The gate to people: the children of reachable cases and the relatives linked to them.

A person who has a case of their own (a child) is reachable only through that case: a family
link to a reachable child never opens the case of a brother held in another country or region.
Adults (mothers, fathers, relatives) have no case and are reachable through any reachable child
they are linked to.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from homeward.accounts import policy
from homeward.accounts.policy import Grant
from homeward.cases.access import cases_for
from homeward.core.access import one_or_404
from homeward.errors import Forbidden
from homeward.people.models import Person

VIEW = "people.person.view"


def people_for(grant: Grant | None) -> QuerySet[Person]:
    """Every person ``grant`` reaches."""
    if grant is None:
        return Person.objects.none()
    if grant.everything:
        return Person.objects.all()
    cases = cases_for(grant)
    child_ids = cases.values("child_id")
    linked = Q(relative_of__person_id__in=child_ids) | Q(relatives__relative_id__in=child_ids)
    return Person.objects.filter(Q(pk__in=child_ids) | (Q(case__isnull=True) & linked)).distinct()


def people_visible_to(user: Any, permission: str = VIEW) -> QuerySet[Person]:
    """People ``user`` may reach under ``permission``."""
    return people_for(policy.grant(user, permission))


def get_person_for_user(user: Any, person_id: int | str, permission: str = VIEW) -> Person:
    """The person ``person_id`` if ``user`` may reach them; otherwise Http404."""
    person: Person = one_or_404(people_visible_to(user, permission), person_id, "person")
    return person


def require_person(actor: Any, permission: str, person: Person) -> Grant:
    """For actions: the grant, if it holds ``permission`` and reaches ``person``; else Forbidden."""
    found = policy.require(actor, permission)
    if not found.everything and not people_for(found).filter(pk=person.pk).exists():
        raise Forbidden(policy.refusal(permission))
    return found


def cases_of(person: Person, user: Any = None) -> list[int]:
    """Ids of the cases through which ``person`` is reached (their own, or their children's)."""
    from homeward.cases.models import Case

    grant = policy.grant(user, "cases.case.view") if user is not None else Grant("cases.case.view", everything=True)
    qs = cases_for(grant).filter(
        Q(child_id=person.pk) | Q(child__relatives__relative_id=person.pk) | Q(child__relative_of__person_id=person.pk)
    )
    if grant is None:
        qs = Case.objects.none()
    return sorted(set(qs.values_list("pk", flat=True)))
