"""The demo requests: most children sought, matched once, the children brought home confirmed."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

import pytest

from homeward.cases.models import Case
from homeward.tracing.demo import populate_demo
from homeward.tracing.models import CandidateMatch, SoughtName, TracingRequest

pytestmark = pytest.mark.django_db

GIVEN = [("Магомед", "M"), ("Ибрагим", "M"), ("Амина", "F"), ("Хадижат", "F"), ("Умар", "M"), ("Марьям", "F")]
SURNAMES = ["Хасанов", "Алиев", "Умаров", "Исаев", "Гаджиев", "Юсупов"]


@pytest.fixture
def caseload(make_case: Callable[..., Any]) -> list[Any]:
    from homeward.people.actions import NameInput, create_person, link_family

    cases = []
    for i, surname in enumerate(SURNAMES):
        given, sex = GIVEN[i]
        last = surname + ("а" if sex == "F" else "")
        case = make_case(names=[(f"{last} {given} Русланович" if sex == "M" else f"{last} {given} Руслановна",
                                 "Cyrl")], sex=sex, born=dt.date(2010 + i, 3, 4), region="CE" if i % 2 else "DA")
        granny = create_person(actor=None, kind="relative", sex="F", names=[NameInput(f"{surname}а Зарема")])
        link_family(actor=None, person=case.child, relative=granny, relation="grandmother")
        cases.append(case)
    Case.objects.filter(pk=cases[0].pk).update(stage_id="repatriated")
    return cases


def test_the_demo_files_requests_matches_them_and_confirms_the_children_home(caseload: list[Any]) -> None:
    result = populate_demo(random.Random(1))
    assert result.requests >= 25 + 3
    assert TracingRequest.objects.count() == result.requests
    assert SoughtName.objects.filter(script="Cyrl").exists()
    assert result.found >= result.true_pairs - 1
    home = CandidateMatch.objects.filter(case=caseload[0]).first()
    if home is not None and (home.case_id, home.sought_child_id):
        assert home.status == CandidateMatch.Status.CONFIRMED
    assert CandidateMatch.objects.filter(status="potential").exists()
