"""No lost updates: of two people editing one record, the second save is refused and the first kept."""

from __future__ import annotations

import pytest

from homeward.cases.actions import update_case
from homeward.errors import ConflictError
from homeward.people.actions import update_person

pytestmark = pytest.mark.django_db


def test_second_of_two_conflicting_case_saves_is_refused_and_first_kept(client, make_user, make_case):
    case = make_case()
    first, second = make_user("natalia"), make_user("timur")
    page_a = client.get  # both users load the edit form at version 1
    client.force_login(first)
    version = page_a(f"/cases/{case.pk}/edit/").context["form"].initial["version"]
    ok = client.post(f"/cases/{case.pk}/edit/", {"host_country": "IQ", "summary": "Seen by the consul", "version": version})
    assert ok.status_code == 302
    client.force_login(second)
    refused = client.post(f"/cases/{case.pk}/edit/", {"host_country": "IQ", "summary": "Older text", "version": version})
    assert refused.status_code == 409
    assert "changed by someone else" in refused.content.decode()
    case.refresh_from_db()
    assert case.summary == "Seen by the consul"
    assert case.version == version + 1


def test_second_of_two_conflicting_person_saves_is_refused(make_case):
    child = make_case().child
    update_person(actor=None, person_id=child.pk, expected_version=child.version, changes={"notes": "first"})
    with pytest.raises(ConflictError):
        update_person(actor=None, person_id=child.pk, expected_version=child.version, changes={"notes": "second"})
    child.refresh_from_db()
    assert child.notes == "first"


def test_person_edit_page_refuses_a_stale_save(client, national_user, make_case):
    child = make_case().child
    client.force_login(national_user)
    form = {"sex": "M", "birth_precision": "exact", "birth_date": "2012-05-01", "birth_place": "abroad",
            "version": child.version, "notes": "mine"}
    assert client.post(f"/people/{child.pk}/edit/", form).status_code == 302
    stale = client.post(f"/people/{child.pk}/edit/", form | {"notes": "theirs"})
    assert stale.status_code == 409
    child.refresh_from_db()
    assert child.notes == "mine"


def test_case_action_refuses_stale_version(make_case):
    case = make_case()
    update_case(actor=None, case_id=case.pk, expected_version=case.version, changes={"summary": "a"})
    with pytest.raises(ConflictError):
        update_case(actor=None, case_id=case.pk, expected_version=case.version, changes={"summary": "b"})
