"""Families: one mother record for all her children, sibling groups from the family links."""

from __future__ import annotations

import datetime as dt
from typing import Any

from homeward.cases.models import Case
from homeward.movements.queries import sibling_cases
from homeward.people.models import FamilyLink, Person


def test_three_siblings_share_one_mother_and_travel_together_by_the_flight_rules(client: Any, national_user: Any,
                                                                               make_case: Any) -> None:
    a = make_case(names=[("Амина Хасанова", "Cyrl")], sex="F", born=dt.date(2012, 1, 1))
    b = make_case(names=[("Ибрагим Хасанов", "Cyrl")], sex="M", born=dt.date(2014, 1, 1))
    c = make_case(names=[("Adam Khasanov", "Latn")], sex="M", born=dt.date(2016, 1, 1))
    client.force_login(national_user)
    response = client.post(f"/cases/{a.pk}/relatives/new/", {"name": "Хасанова Мадина", "relation": "mother"})
    assert response.status_code == 302
    mother = Person.objects.get(kind="mother")
    for case, query in ((b, "Khasanova Madina"), (c, "خاسانوفا مدينة")):
        page = client.get(f"/cases/{case.pk}/relatives/new/", {"q": query}).content.decode()
        assert "Хасанова Мадина" in page, query
        response = client.post(f"/cases/{case.pk}/relatives/new/", {"existing": mother.pk, "relation": "mother",
                                                                     "evidence": "mother's statement"})
        assert response.status_code == 302
    assert Person.objects.filter(kind="mother").count() == 1
    assert FamilyLink.objects.filter(relative=mother, relation="mother").count() == 3

    body = client.get(f"/cases/{a.pk}/").content.decode()
    assert "Children sharing a parent" in body and b.reference in body and c.reference in body
    for case in (b, c):
        response = client.post(f"/people/{case.child_id}/siblings/", {"action": "join", "with": a.child_id})
        assert response.status_code == 302
    groups = {p.sibling_group_id for p in Person.objects.filter(kind="child")}
    assert len(groups) == 1 and None not in groups
    assert {s.pk for s in sibling_cases(Case.objects.get(pk=a.pk))} == {b.pk, c.pk}

    family = client.get(f"/people/{mother.pk}/family/").content.decode()
    assert all(case.reference in family for case in (a, b, c))

    client.post(f"/people/{c.child_id}/siblings/", {"action": "leave"})
    assert {s.pk for s in sibling_cases(Case.objects.get(pk=a.pk))} == {b.pk}


def test_a_new_relative_like_one_already_recorded_is_shown_before_saving(client: Any, national_user: Any,
                                                                        make_case: Any) -> None:
    a = make_case(names=[("Амина Хасанова", "Cyrl")], sex="F")
    b = make_case(names=[("Ибрагим Хасанов", "Cyrl")], sex="M")
    client.force_login(national_user)
    client.post(f"/cases/{a.pk}/relatives/new/", {"name": "Хасанова Мадина", "relation": "mother"})
    response = client.post(f"/cases/{b.pk}/relatives/new/", {"name": "Khasanova Madina", "relation": "mother"})
    assert response.status_code == 200
    assert "This person may already be recorded" in response.content.decode()
    assert Person.objects.filter(kind="mother").count() == 1
    response = client.post(f"/cases/{b.pk}/relatives/new/", {"name": "Khasanova Madina", "relation": "mother",
                                                               "not_duplicate": "1"})
    assert response.status_code == 302
    assert Person.objects.filter(kind="mother").count() == 2


def test_half_siblings_are_told_from_full_ones(make_case: Any) -> None:
    from homeward.people.actions import NameInput, create_person, link_family
    from homeward.people.family import siblings_of

    a, b, c = (make_case(names=[(n, "Latn")]) for n in ("Amina", "Ibrahim", "Adam"))
    mother = create_person(actor=None, kind="mother", names=[NameInput("Madina")], sex="F")
    father, other = (create_person(actor=None, kind="father", names=[NameInput(n)], sex="M") for n in ("Ruslan", "Said"))
    for case in (a, b, c):
        link_family(actor=None, person=case.child, relative=mother, relation="mother")
    link_family(actor=None, person=a.child, relative=father, relation="father")
    link_family(actor=None, person=b.child, relative=father, relation="father")
    link_family(actor=None, person=c.child, relative=other, relation="father")
    kinds = {s.person.pk: s.kind for s in siblings_of(a.child)}
    assert kinds == {b.child_id: "full", c.child_id: "half"}
