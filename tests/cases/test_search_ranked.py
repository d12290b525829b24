"""The case list ranks a search from the children's keys alone: each child's keys carry its case and
reference whatever wrote them (actions, the demo, a merge and its undo), and the ranked first matches
are exactly the first of the full search, in its order, with or without other conditions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from homeward.cases.models import Case
from homeward.cases.queries import search_cases
from homeward.cases.ranking import rank_search
from homeward.people.actions import NameInput, add_name, create_person
from homeward.people.models import SearchKey

pytestmark = pytest.mark.django_db

NAMES = [
    [("Хасанов Магомед Русланович", "Cyrl"), ("Khasanov Magomed", "Latn")],
    [("Magomed Khasanov", "Latn")],
    [("محمد حسن", "Arab")],
    [("Хасанова Фатима", "Cyrl"), ("Fatima Hasanova", "Latn")],
    [("Ибрагим Умаров", "Cyrl"), ("Ibragim Umarov", "Latn")],
    [("Мухаммад Хасанов", "Cyrl")],
    [("Хасан Алиев", "Cyrl")],
    [("Isa Sasaev", "Latn")],
    [("Fatima Yusupova", "Latn"), ("فاطمة يوسف", "Arab")],
    [("Магомедов Хасан", "Cyrl")],
]
QUERIES = ["Хасанов", "Khasanov", "محمد", "Магомед", "Магомед Хасанов", "Fatima", "Hasan", "Ибраг", "Zzyzx", "ма", "а"]


@pytest.fixture
def caseload(make_case: Callable[..., Any]) -> list[Any]:
    return [make_case(names=names, host_country="IQ" if i % 2 else "SY", sex="F" if "Фатима" in str(names) else "M")
            for i, names in enumerate(NAMES)]


def _carried(person_id: int) -> set[tuple[int | None, str]]:
    return set(SearchKey.objects.filter(person_id=person_id).values_list("case_id", "reference"))


def test_a_childs_keys_carry_its_case_and_reference_and_no_one_elses_do(caseload: list[Any]) -> None:
    case = caseload[0]
    assert _carried(case.child_id) == {(case.pk, case.reference)}
    relative = create_person(actor=None, kind="relative", names=[NameInput("Хасанова Зарема")], sex="F")
    assert _carried(relative.pk) == {(None, "")}
    add_name(actor=None, person=case.child, name=NameInput("Hasanov Mohammed", script="Latn"))
    assert _carried(case.child_id) == {(case.pk, case.reference)}  # a new name's keys too


def test_ranked_matches_are_the_first_of_the_full_search_in_its_order(caseload: list[Any]) -> None:
    for base in (Case.objects.all(), Case.objects.filter(host_country_id="IQ"), Case.objects.filter(child__sex="F")):
        for query in QUERIES:
            full = list(search_cases(base, query).values_list("pk", flat=True))
            for limit in (1, 2, 3, len(full), len(full) + 1, 1001):
                if limit < 1:
                    continue
                ranked = rank_search(base, query, limit)
                assert ranked.ids == full[:limit], (query, limit)
                assert ranked.more == (len(full) >= limit), (query, limit)
                if not ranked.more:
                    assert ranked.total == len(full)
                exact = set(search_cases(base, query).filter(exact_name=1).values_list("pk", flat=True))
                assert ranked.exact == exact & set(ranked.ids), (query, limit)


def test_other_spellings_are_read_only_for_the_pages_that_reach_them(caseload: list[Any]) -> None:
    for query in QUERIES:
        full = list(search_cases(Case.objects.all(), query).values_list("pk", flat=True))
        exact = list(search_cases(Case.objects.all(), query).filter(exact_name=1).values_list("pk", flat=True))
        for needed in (1, 2, 3, 5):
            ranked = rank_search(Case.objects.all(), query, 1001, needed)
            assert ranked.ids[:needed] == full[:needed], (query, needed)
            if len(exact) >= needed:
                assert ranked.partial and ranked.ids == exact and ranked.total == len(exact), (query, needed)
            else:
                assert not ranked.partial and ranked.ids == full and ranked.total == len(full), (query, needed)


def test_the_case_list_pages_the_ranked_matches(client: Any, national_user: Any, caseload: list[Any],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from homeward.cases import views

    client.force_login(national_user)
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    full = list(search_cases(Case.objects.all(), "Хасанов").values_list("reference", flat=True))
    assert len(full) >= 4
    shown = []
    for page in (1, 2):
        body = client.get("/cases/", {"q": "Хасанов", "page": page}).content.decode()
        shown += sorted((body.find(ref), ref) for ref in full if ref in body)
    assert [ref for _pos, ref in shown] == full[:4]
    body = client.get("/cases/", {"q": "Хасанов", "host_country": "SY"}).content.decode()
    assert all(ref in body or Case.objects.get(reference=ref).host_country_id != "SY" for ref in full[:2])
    assert not any(ref in body for ref in full if Case.objects.get(reference=ref).host_country_id != "SY")


def test_a_merge_and_its_undo_leave_each_childs_keys_leading_to_its_case(make_case: Callable[..., Any],
                                                                        admin_user: Any) -> None:
    from homeward.imports.merge import merge_people, undo_merge

    first = make_case(names=[("مريم يوسف", "Arab")], sex="F", born=dt.date(2017, 6, 1))
    second = make_case(names=[("Мариам Юсуф", "Cyrl")], sex="F", born=None)
    merge = merge_people(actor=admin_user, survivor=first.child, merged=second.child, reason="same child")
    assert _carried(first.child_id) == {(first.pk, first.reference)}
    assert [c.pk for c in search_cases(Case.objects.all(), "Мариам")] == [first.pk]
    assert rank_search(Case.objects.all(), "Мариам", 10).ids == [first.pk]
    undo_merge(actor=admin_user, merge=merge)
    assert _carried(first.child_id) == {(first.pk, first.reference)}
    assert _carried(second.child_id) == {(second.pk, second.reference)}
    # as written on the restored record; the survivor's مريم matches by its spelling-tolerant key
    assert rank_search(Case.objects.all(), "Мариам", 10).ids == [second.pk, first.pk]


def test_a_child_whose_case_moves_to_it_in_a_merge_is_found_by_its_own_names(make_case: Callable[..., Any],
                                                                            admin_user: Any) -> None:
    from homeward.imports.merge import merge_people

    case = make_case(names=[("Мариам Юсуф", "Cyrl")], sex="F", born=None)
    other = create_person(actor=None, kind="child", names=[NameInput("Maryam Yusupova", script="Latn")], sex="F")
    merge_people(actor=admin_user, survivor=other, merged=case.child, reason="same child")
    assert rank_search(Case.objects.all(), "Yusupova", 10).ids == [case.pk]
