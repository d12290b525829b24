"""Fixtures for flights: ready cases, flights, sibling groups, relatives."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest


@pytest.fixture
def make_ready(make_case: Callable[..., Any]) -> Callable[..., Any]:
    """A case already at "ready to travel" (the checklist itself is tested with the cases app)."""
    from homeward.cases.models import Case

    def make(*args: Any, **kwargs: Any) -> Any:
        case = make_case(*args, **kwargs)
        Case.objects.filter(pk=case.pk).update(stage_id="ready_to_travel")
        case.refresh_from_db()
        return case

    return make


@pytest.fixture
def make_flight(agencies: dict[str, Any]) -> Callable[..., Any]:
    from homeward.movements.actions import create_flight

    def make(seats: int = 10, date: dt.date = dt.date(2019, 2, 10), **extra: Any) -> Any:
        return create_flight(actor=None, origin_city="Baghdad", origin_country="IQ", destination_city="Moscow",
                             destination_country="RU", date=date, seat_capacity=seats, carrier=agencies["flight"],
                             **extra)

    return make


@pytest.fixture
def siblings() -> Callable[..., Any]:
    """Put the children of the given cases in one sibling group."""
    from homeward.people.models import Person, SiblingGroup

    def make(*cases: Any, label: str = "") -> Any:
        group = SiblingGroup.objects.create(label=label or f"group of {cases[0].reference}")
        Person.objects.filter(pk__in=[c.child_id for c in cases]).update(sibling_group=group)
        for c in cases:
            c.child.refresh_from_db()
        return group

    return make


@pytest.fixture
def relative() -> Callable[..., Any]:
    """A relative of a child, with a family link of the given status."""
    from homeward.people.actions import NameInput, create_person
    from homeward.people.models import FamilyLink

    def make(case: Any, *, relation: str = "grandmother", status: str = "dna_verified",
             born: dt.date | None = dt.date(1960, 3, 1), name: str = "Хасанова Зарема",
             sex: str = "F") -> Any:
        person = create_person(actor=None, kind="relative", names=[NameInput(name)], sex=sex, birth_date=born,
                               birth_precision="exact" if born else "unknown")
        FamilyLink.objects.create(person=case.child, relative=person, relation=relation, status=status)
        return person

    return make
