"""Merging two records of one child: everything of both kept on the survivor; undo restores."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from homeward.cases import actions as case_actions
from homeward.cases.models import Case, CaseEvent
from homeward.errors import ActionError
from homeward.imports.merge import merge_people, undo_merge
from homeward.imports.models import Merge
from homeward.people.actions import NameInput, create_person, link_family
from homeward.people.models import FamilyLink, Person, PersonName


def _two_records(make_case: Any) -> tuple[Case, Case, Person]:
    first = make_case(names=[("مريم يوسف", "Arab")], sex="F", born=dt.date(2017, 6, 1))
    second = make_case(names=[("Мариам Юсуф", "Cyrl"), ("Maryam Yusuf", "Latn")], sex="F", born=None)
    mother = create_person(actor=None, kind="mother", names=[NameInput("Мадина Юсуф")], sex="F")
    aunt = create_person(actor=None, kind="relative", names=[NameInput("Зарема Юсуф")], sex="F")
    link_family(actor=None, person=first.child, relative=mother, relation="mother")
    link_family(actor=None, person=second.child, relative=mother, relation="mother")  # the same link twice
    link_family(actor=None, person=second.child, relative=aunt, relation="aunt")
    case_actions.add_note(actor=None, case=second, text="seen at the clinic")
    return first, second, mother


def test_merging_two_persons_leaves_one_with_every_name_link_and_history_row(make_case: Any,
                                                                            admin_user: Any) -> None:
    first, second, mother = _two_records(make_case)
    names_before = set(PersonName.objects.values_list("text", flat=True)) - {"Мадина Юсуф", "Зарема Юсуф"}
    events_before = set(CaseEvent.objects.filter(case__in=[first, second]).values_list("pk", flat=True))
    merge = merge_people(actor=admin_user, survivor=first.child, merged=second.child, reason="same child")
    child = Person.objects.get(pk=first.child_id)
    assert not Person.objects.filter(pk=second.child_id).exists()
    assert not Case.objects.filter(pk=second.pk).exists()
    assert set(child.names.values_list("text", flat=True)) == names_before
    assert {(link.relation, link.relative_id) for link in child.relatives.all()} == {
        ("mother", mother.pk), ("aunt", FamilyLink.objects.get(relation="aunt").relative_id)}
    assert events_before <= set(CaseEvent.objects.filter(case=first).values_list("pk", flat=True))
    assert child.birth_date == dt.date(2017, 6, 1)

    undo_merge(actor=admin_user, merge=merge)
    assert Person.objects.filter(pk=second.child_id).exists() and Case.objects.filter(pk=second.pk).exists()
    assert set(Person.objects.get(pk=second.child_id).names.values_list("text", flat=True)) == {
        "Мариам Юсуф", "Maryam Yusuf"}
    assert list(Person.objects.get(pk=first.child_id).names.values_list("text", flat=True)) == ["مريم يوسف"]
    assert Person.objects.get(pk=second.child_id).relatives.count() == 2
    assert set(CaseEvent.objects.filter(case=second).values_list("pk", flat=True)) == {
        e for e in events_before if CaseEvent.objects.get(pk=e).case_id == second.pk}
    assert Merge.objects.get().undone_at is not None
    with pytest.raises(ActionError):
        undo_merge(actor=admin_user, merge=merge)


def test_profiles_that_exclude_each_other_refuse_the_merge_naming_the_markers(make_case: Any,
                                                                            admin_user: Any) -> None:
    from homeward.kinship import actions as kinship_actions
    from homeward.kinship.models import StrProfile

    first, second, _mother = _two_records(make_case)
    for case, genotype in ((first, "15/16"), (second, "14/17")):
        sample = kinship_actions.request_sample(actor=None, case=case, donor=case.child)
        StrProfile.objects.create(sample=sample, person=case.child, genotypes={"D3S1358": genotype, "TH01": "6/9"},
                                  imported_at=dt.datetime(2019, 1, 5, tzinfo=dt.UTC), source_hash=(genotype * 13)[:64])
    with pytest.raises(ActionError) as refused:
        merge_people(actor=admin_user, survivor=first.child, merged=second.child)
    assert "D3S1358" in refused.value.message and "TH01" not in refused.value.message
    assert Person.objects.filter(pk=second.child_id).exists()


def test_children_seated_on_different_flights_cannot_be_merged(make_case: Any, admin_user: Any) -> None:
    from homeward.movements.actions import create_flight
    from homeward.movements.models import FlightPassenger

    first, second, _mother = _two_records(make_case)
    for case in (first, second):
        flight = create_flight(actor=None, origin_city="Baghdad", origin_country="IQ", destination_city="Moscow",
                               destination_country="RU", date=dt.date(2030, 1, case.pk % 27 + 1), seat_capacity=5)
        FlightPassenger.objects.create(flight=flight, case=case)
    with pytest.raises(ActionError) as refused:
        merge_people(actor=admin_user, survivor=first.child, merged=second.child)
    assert "different flights" in refused.value.message


def test_only_an_administrator_undoes_a_merge(make_case: Any, admin_user: Any, national_user: Any) -> None:
    from homeward.errors import Forbidden

    first, second, _mother = _two_records(make_case)
    merge = merge_people(actor=national_user, survivor=first.child, merged=second.child)
    with pytest.raises(Forbidden):
        undo_merge(actor=national_user, merge=merge)


def test_a_merge_has_the_survivor_matched_again(make_case: Any, admin_user: Any) -> None:
    from homeward.tracing.models import MatchJob

    first, second, _mother = _two_records(make_case)
    MatchJob.objects.all().delete()
    merge_people(actor=admin_user, survivor=first.child, merged=second.child)
    assert any(first.pk in job.ids or first.child_id in job.ids for job in MatchJob.objects.all())
