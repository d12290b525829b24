"""Case writes over the API: the page's actions, idempotency keys, versions, problem answers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rest_framework.test import APIClient

from homeward.audit.models import AuditEntry
from homeward.cases.models import Case

NEW = {"name": {"text": "Хасанов Ибрагим", "script": "Cyrl"}, "sex": "M", "birth_date": "2013-04-02",
       "host_country": "IQ", "home_region": "CE", "summary": "Found in a camp"}


def test_a_request_sent_twice_with_the_same_idempotency_key_creates_one_record(api: APIClient) -> None:
    first = api.post("/api/cases/", NEW, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    second = api.post("/api/cases/", NEW, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == 201, first.content
    assert second.status_code == 201 and second.json() == first.json()
    assert second["Idempotent-Replayed"] == "true"
    assert Case.objects.count() == 1
    assert AuditEntry.objects.filter(action="cases.case.opened").count() == 1


def test_the_same_key_with_another_body_is_refused(api: APIClient) -> None:
    assert api.post("/api/cases/", NEW, format="json", HTTP_IDEMPOTENCY_KEY="k-2").status_code == 201
    other = api.post("/api/cases/", {**NEW, "summary": "other"}, format="json", HTTP_IDEMPOTENCY_KEY="k-2")
    assert other.status_code == 422 and "Idempotency-Key" in other.json()["errors"]
    assert Case.objects.count() == 1


def test_without_a_key_each_request_writes(api: APIClient) -> None:
    assert api.post("/api/cases/", NEW, format="json").status_code == 201
    again = api.post("/api/cases/", {**NEW, "name": {"text": "Хасанов Ахмед"}}, format="json")
    assert again.status_code == 201 and Case.objects.count() == 2


def test_a_bad_field_is_named_in_a_problem(api: APIClient) -> None:
    response = api.post("/api/cases/", {**NEW, "host_country": "ZZ", "name": {"text": ""}}, format="json")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert set(response.json()["errors"]) == {"host_country", "name.text"}
    assert Case.objects.count() == 0


def test_a_refusal_of_the_action_names_its_field(api: APIClient) -> None:
    response = api.post("/api/cases/", {**NEW, "name": {"text": "Ali\u202eev"}}, format="json")
    assert response.status_code == 422 and "name.text" in response.json()["errors"]
    assert Case.objects.count() == 0


def test_an_edit_at_an_old_version_is_a_409_and_changes_nothing(api: APIClient, make_case: Any) -> None:
    case = make_case()
    ok = api.patch(f"/api/cases/{case.pk}/", {"version": case.version, "summary": "first"}, format="json")
    assert ok.status_code == 200 and ok.json()["version"] == case.version + 1
    stale = api.patch(f"/api/cases/{case.pk}/", {"version": case.version, "summary": "second"}, format="json")
    assert stale.status_code == 409 and stale["Content-Type"] == "application/problem+json"
    case.refresh_from_db()
    assert case.summary == "first"


def test_a_transition_refused_names_the_unmet_checks(api: APIClient, make_case: Any) -> None:
    case = make_case()
    response = api.post(f"/api/cases/{case.pk}/transition/", {"version": case.version, "target": "identity_verified"},
                        format="json")
    assert response.status_code == 409
    assert response.json()["unmet"]
    unknown = api.post(f"/api/cases/{case.pk}/transition/", {"version": case.version, "target": "moon"},
                       format="json")
    assert unknown.status_code == 422 and "target" in unknown.json()["errors"]


def test_a_role_without_the_permission_gets_403_and_out_of_reach_404(make_user: Any, make_case: Any,
                                                                     api_for: Callable[..., APIClient]) -> None:
    case = make_case(region="CE")
    flight = api_for(make_user("farid", "flight", "flight"))
    assert flight.post("/api/cases/", NEW, format="json").status_code == 403
    dagestan = api_for(make_user("patimat", "dagestan", "caseworker"))
    assert dagestan.patch(f"/api/cases/{case.pk}/", {"version": 1, "summary": "x"}, format="json").status_code == 404


def test_a_note_is_added_once_per_key(api: APIClient, make_case: Any) -> None:
    case = make_case()
    for _ in range(2):
        response = api.post(f"/api/cases/{case.pk}/notes/", {"text": "Called the family"}, format="json",
                            HTTP_IDEMPOTENCY_KEY="note-1")
        assert response.status_code == 201
    assert case.events.filter(kind="note").count() == 1


def test_a_probable_duplicate_is_refused_until_confirmed_as_another_child(api: APIClient, make_case: Any) -> None:
    case = make_case(names=[("Хасанов Ибрагим", "Cyrl")], born=None, facility=None)
    body = {**NEW, "birth_date": None}
    refused = api.post("/api/cases/", body, format="json")
    assert refused.status_code == 409 and refused.json()["duplicates"] == [case.child_id]
    assert Case.objects.count() == 1
    assert api.post("/api/cases/", {**body, "not_duplicate": True}, format="json").status_code == 201
