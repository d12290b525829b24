"""The sweep for duplicates, "not the same", and merging and undoing over HTTP."""

from __future__ import annotations

import datetime as dt
from typing import Any

from homeward.imports.models import DuplicatePair, Merge
from homeward.imports.sweep import sweep
from homeward.people.models import Person


def _twins_in_two_scripts(make_case: Any) -> tuple[Any, Any]:
    first = make_case(names=[("مريم يوسف", "Arab")], sex="F", born=dt.date(2017, 6, 1))
    second = make_case(names=[("Мариам Юсуф", "Cyrl")], sex="F", born=dt.date(2017, 6, 1))
    make_case(names=[("Ибрагим Хасанов", "Cyrl")], sex="M", born=dt.date(2012, 1, 1))
    return first, second


def test_the_sweep_lists_a_child_recorded_twice_with_an_explanation(client: Any, admin_user: Any,
                                                                    make_case: Any) -> None:
    first, second = _twins_in_two_scripts(make_case)
    assert sweep() == 1
    pair = DuplicatePair.objects.get()
    assert {pair.person_a_id, pair.person_b_id} == {first.child_id, second.child_id}
    client.force_login(admin_user)
    body = client.get("/imports/duplicates/").content.decode()
    assert "مريم يوسف" in body and "Мариам Юсуф" in body and "birth dates compatible" in body


def test_a_pair_marked_not_the_same_never_comes_back(client: Any, admin_user: Any, make_case: Any) -> None:
    _twins_in_two_scripts(make_case)
    sweep()
    pair = DuplicatePair.objects.get()
    client.force_login(admin_user)
    assert client.post(f"/imports/duplicates/{pair.pk}/not-same/").status_code == 302
    assert sweep() == 0
    assert DuplicatePair.objects.get().status == "not_same"
    assert "Мариам Юсуф" not in client.get("/imports/duplicates/").content.decode()


def test_merging_on_the_page_then_undoing(client: Any, admin_user: Any, make_case: Any) -> None:
    first, second = _twins_in_two_scripts(make_case)
    client.force_login(admin_user)
    page = client.get(f"/imports/merge/{second.child_id}/into/{first.child_id}/")
    assert page.status_code == 200 and "cannot be merged" not in page.content.decode()
    response = client.post(f"/imports/merge/{second.child_id}/into/{first.child_id}/", {"reason": "same girl"})
    assert response.status_code == 302 and response["Location"] == f"/cases/{first.pk}/"
    assert not Person.objects.filter(pk=second.child_id).exists()
    merge = Merge.objects.get()
    assert client.post(f"/imports/merges/{merge.pk}/undo/").status_code == 302
    assert Person.objects.filter(pk=second.child_id).exists()


def test_a_merge_of_a_child_with_an_adult_is_refused_naming_why(client: Any, admin_user: Any, make_case: Any) -> None:
    from homeward.people.actions import NameInput, create_person

    first, _second = _twins_in_two_scripts(make_case)
    mother = create_person(actor=None, kind="mother", names=[NameInput("Мадина Юсуф")], sex="F")
    client.force_login(admin_user)
    response = client.post(f"/imports/merge/{mother.pk}/into/{first.child_id}/")
    assert response.status_code == 422
    assert "One is a child and the other an adult." in response.content.decode()
    assert Person.objects.filter(pk=mother.pk).exists()
