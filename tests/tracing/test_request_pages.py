"""Relatives' request pages over HTTP: create with several children, refuse bad names, search."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from homeward.audit.models import AuditEntry
from homeward.places.models import Region
from homeward.tracing.models import MatchJob, SoughtChild, SoughtName, TracingRequest

pytestmark = pytest.mark.django_db


def _post_data(children: list[dict[str, str]], **request: str) -> dict[str, str]:
    data = {
        "requester_name": "Хасанова Зарема Ахмедовна", "relation": "grandmother",
        "region": str(Region.objects.get(code="CE").pk), "phone": "+7 928 000 00 00", "address": "Грозный",
        "received_on": "2018-11-02", "received_by": "", "notes": "",
        "children-TOTAL_FORMS": str(len(children)), "children-INITIAL_FORMS": "0",
        "children-MIN_NUM_FORMS": "1", "children-MAX_NUM_FORMS": "12",
    }
    data.update(request)
    for i, child in enumerate(children):
        row = {"name_1": "", "kind_1": "official", "name_2": "", "kind_2": "heard", "name_3": "",
               "kind_3": "translit", "sex": "", "birth": "", "mother_names": "", "father_names": "",
               "last_heard_country": "", "last_heard_city": "", "home_region": "", "notes": ""}
        row.update(child)
        data.update({f"children-{i}-{k}": v for k, v in row.items()})
    return data


def test_a_request_seeking_two_children_is_saved_with_both_and_matched(
    client: Any, national_user: Any, make_case: Callable[..., Any], django_capture_on_commit_callbacks: Any,
) -> None:
    case = make_case()
    client.force_login(national_user)
    data = _post_data([
        {"name_1": "Хасанов Магомед Русланович", "name_2": "Magomed Khasanov", "sex": "M", "birth": "2012",
         "father_names": "Хасанов Руслан", "mother_names": "Хасанова Айшат"},
        {"name_1": "Хасанова Амина Руслановна", "sex": "F", "birth": "2014-2015"},
    ])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/tracing/requests/new/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    req = TracingRequest.objects.get()
    assert req.reference.startswith("TR-2018-")
    children = list(req.sought_children.order_by("id"))
    assert len(children) == 2
    assert [n.text for n in children[0].child_names()] == ["Хасанов Магомед Русланович", "Magomed Khasanov"]
    assert {n.script for n in children[0].child_names()} == {"Cyrl", "Latn"}
    assert [n.text for n in children[0].father_names()] == ["Хасанов Руслан"]
    assert children[1].birth_precision == "range" and (children[1].birth_year_min, children[1].birth_year_max) == (
        2014, 2015)
    assert AuditEntry.objects.filter(action="tracing.request.created", object_id=str(req.pk)).exists()
    job = MatchJob.objects.get(side=MatchJob.Side.REQUESTS)
    assert response["Location"].endswith(f"?job={job.pk}")
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert case.reference in page.content.decode()
    assert f'id="job-{job.pk}"' in page.content.decode()


def test_a_name_with_a_direction_control_character_is_refused_naming_the_field(
    client: Any, national_user: Any,
) -> None:
    client.force_login(national_user)
    data = _post_data([{"name_1": "Магомед"}, {"name_1": "Ами\u202eна", "sex": "F"}])
    response = client.post("/tracing/requests/new/", data)
    assert response.status_code == 422
    body = response.content.decode()
    assert "Child 2, Name 1:" in body
    assert "U+202E" in body
    assert not TracingRequest.objects.exists()
    assert not SoughtChild.objects.exists()


def test_a_bad_birth_is_refused_naming_the_child_and_the_field(client: Any, national_user: Any) -> None:
    client.force_login(national_user)
    response = client.post("/tracing/requests/new/", _post_data([{"name_1": "Магомед", "birth": "about six"}]))
    assert response.status_code == 422
    assert "Child 1, Born:" in response.content.decode()
    assert not TracingRequest.objects.exists()


def test_a_request_without_any_child_name_is_refused(client: Any, national_user: Any) -> None:
    client.force_login(national_user)
    response = client.post("/tracing/requests/new/", _post_data([{}]))
    assert response.status_code == 422
    assert not TracingRequest.objects.exists()


def test_add_another_child_without_javascript_gives_one_more_row(client: Any, national_user: Any) -> None:
    client.force_login(national_user)
    data = _post_data([{"name_1": "Магомед"}])
    data["add_child"] = "1"
    response = client.post("/tracing/requests/new/", data)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'name="children-1-name_1"' in body
    assert 'value="Магомед"' in body
    assert not TracingRequest.objects.exists()


def test_add_another_child_with_htmx_returns_the_row_and_the_new_count(client: Any, national_user: Any) -> None:
    client.force_login(national_user)
    response = client.get("/tracing/requests/new/child-row/", {"children-TOTAL_FORMS": "2"},
                          HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert 'name="children-2-name_1"' in body
    assert 'hx-swap-oob="true"' in body and 'value="3"' in body


def test_the_list_finds_a_request_by_a_name_in_cyrillic_or_latin(
    client: Any, national_user: Any, make_request: Callable[..., Any],
) -> None:
    wanted = make_request(children=[{"names": ["Хасанов Магомед Русланович"], "sex": "M", "birth": "2012"}])
    other = make_request(children=[{"names": ["Алиева Патимат"], "sex": "F"}], requester="Алиев Шамиль")
    client.force_login(national_user)
    for q in ("Магомед", "Magomed", "khasanov", "Зарема"):
        body = client.get("/tracing/", {"q": q}).content.decode()
        assert wanted.reference in body, q
        assert other.reference not in body, q
    body = client.get("/tracing/", {"q": "Шамиль"}).content.decode()
    assert other.reference in body and wanted.reference not in body


def test_the_list_filters_by_status_and_region(
    client: Any, national_user: Any, make_request: Callable[..., Any],
) -> None:
    chechen = make_request()
    dagestani = make_request(region="DA", requester="Алиев Шамиль")
    client.force_login(national_user)
    body = client.get("/tracing/", {"region": Region.objects.get(code="DA").pk}).content.decode()
    assert dagestani.reference in body and chechen.reference not in body
    body = client.get("/tracing/", {"status": "closed"}).content.decode()
    assert dagestani.reference not in body and chechen.reference not in body


def test_editing_a_request_from_an_outdated_page_is_refused_and_the_other_save_kept(
    client: Any, national_user: Any, make_request: Callable[..., Any],
) -> None:
    req = make_request()
    client.force_login(national_user)
    form = {"requester_name": "Хасанова Зарема", "relation": "grandmother", "region": req.region_id,
            "phone": "1", "address": "", "received_on": "2018-10-01", "received_by": "", "notes": "",
            "version": req.version}
    assert client.post(f"/tracing/requests/{req.pk}/edit/", form).status_code == 302
    stale = form | {"phone": "2"}
    response = client.post(f"/tracing/requests/{req.pk}/edit/", stale)
    assert response.status_code == 409
    req.refresh_from_db()
    assert req.phone == "1" and req.requester_name == "Хасанова Зарема"
    assert SoughtName.objects.filter(sought_child__request=req).exists()


def test_closing_a_request_needs_a_reason_and_is_audited(
    client: Any, national_user: Any, make_request: Callable[..., Any],
) -> None:
    req = make_request()
    client.force_login(national_user)
    client.post(f"/tracing/requests/{req.pk}/close/", {"note": ""})
    req.refresh_from_db()
    assert req.status == "open"
    client.post(f"/tracing/requests/{req.pk}/close/", {"note": "family reached through the ombudsman"})
    req.refresh_from_db()
    assert req.status == "closed"
    assert AuditEntry.objects.filter(action="tracing.request.closed", object_id=str(req.pk)).exists()


def test_adding_a_child_to_a_request_matches_it_in_the_background(
    client: Any, national_user: Any, make_case: Callable[..., Any], make_request: Callable[..., Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    from homeward.tracing.models import CandidateMatch

    req = make_request()
    sister = make_case(names=[("Хасанова Амина Руслановна", "Cyrl")], sex="F", born=None)
    client.force_login(national_user)
    row = {"name_1": "Амина Хасанова", "kind_1": "official", "kind_2": "heard", "kind_3": "translit", "sex": "F",
           "birth": "2014"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/tracing/requests/{req.pk}/children/", row)
    assert response.status_code == 302
    job = MatchJob.objects.order_by("-id").first()
    assert job is not None and job.status == MatchJob.Status.DONE
    assert CandidateMatch.objects.filter(case=sister, sought_child__request=req).exists()
    assert client.get(response["Location"]).status_code == 200


def test_editing_a_sought_child_replaces_its_names_and_refuses_an_outdated_save(
    client: Any, national_user: Any, make_request: Callable[..., Any], django_capture_on_commit_callbacks: Any,
) -> None:
    req = make_request()
    sought = req.sought_children.get()
    client.force_login(national_user)
    page = client.get(f"/tracing/children/{sought.pk}/edit/").content.decode()
    assert "Хасанов Магомед Русланович" in page
    form = {"name_1": "Хасанов Магомед", "kind_1": "official", "name_2": "Khasanov Magomed", "kind_2": "translit",
            "kind_3": "heard", "sex": "M", "birth": "2012-05-01", "version": sought.version}
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/tracing/children/{sought.pk}/edit/", form).status_code == 302
    sought.refresh_from_db()
    assert [n.text for n in sought.child_names()] == ["Хасанов Магомед", "Khasanov Magomed"]
    assert sought.birth_precision == "exact"
    assert MatchJob.objects.filter(side="requests", ids=[sought.pk]).count() >= 1
    response = client.post(f"/tracing/children/{sought.pk}/edit/", form | {"name_1": "Другое Имя"})
    assert response.status_code == 409
    assert [n.text for n in sought.child_names()] == ["Хасанов Магомед", "Khasanov Magomed"]
    assert AuditEntry.objects.filter(action="tracing.soughtchild.updated", object_id=str(sought.pk)).count() == 1


def test_editing_a_child_with_many_names_keeps_every_name(
    client: Any, national_user: Any, make_request: Callable[..., Any],
) -> None:
    names = ["Хасанов Магомед", "Magomed Khasanov", "Mohamed Hasanov", "محمد حسن"]
    req = make_request(children=[{"names": names, "sex": "M", "birth": "2012"}])
    sought = req.sought_children.get()
    client.force_login(national_user)
    page = client.get(f"/tracing/children/{sought.pk}/edit/").content.decode()
    assert 'name="name_5"' in page
    form = {f"name_{i}": n for i, n in enumerate(names, start=1)} | {
        f"kind_{i}": "heard" for i in range(1, 6)} | {"name_5": "Magomet", "sex": "M", "birth": "2012",
                                                    "version": sought.version}
    assert client.post(f"/tracing/children/{sought.pk}/edit/", form).status_code == 302
    assert [n.text for n in sought.child_names()] == [*names, "Magomet"]
