"""The daily pages over HTTP: log in, search in any script, filters, paging, forms and their errors."""

from __future__ import annotations

import datetime as dt

import pytest

from homeward.cases.models import Case
from homeward.people.models import PersonName

pytestmark = pytest.mark.django_db


def test_login_page_logs_a_user_in(client, make_user):
    make_user("omar", "consular", "consular")  # a role that needs no second factor
    response = client.post("/login/", {"username": "omar", "password": "pw-for-tests-1"})
    assert response.status_code == 302
    assert client.get("/cases/").status_code == 200


def test_cyrillic_query_finds_the_cyrillic_name(client, national_user, make_case):
    case = make_case(names=[("Хасанов Магомед Русланович", "Cyrl"), ("Khasanov Magomed", "Latn")])
    make_case(names=[("Алиева Хадижат", "Cyrl")], sex="F")
    client.force_login(national_user)
    page = client.get("/cases/", {"q": "Хасанов"})
    assert list(page.context["page"]) == [case]


def test_latin_query_finds_the_latin_name(client, national_user, make_case):
    case = make_case(names=[("محمد حسن", "Arab"), ("Mokhammad Khasanov", "Latn")])
    make_case(names=[("Aliyeva Khadizhat", "Latn")], sex="F")
    client.force_login(national_user)
    assert list(client.get("/cases/", {"q": "mokhammad"}).context["page"]) == [case]


def test_names_are_rendered_inside_bdi(client, national_user, make_case):
    case = make_case(names=[("محمد حسن", "Arab")])
    client.force_login(national_user)
    body = client.get(f"/cases/{case.pk}/").content.decode()
    assert "<bdi>محمد حسن</bdi>" in body


def test_filters_by_stage_sex_region_and_age_band(client, national_user, make_case):
    boy = make_case(region="CE", sex="M", born=dt.date(2015, 3, 1))
    girl = make_case(names=[("Алиева Хадижат", "Cyrl")], region="DA", sex="F", born=dt.date(2009, 3, 1))
    client.force_login(national_user)

    def found(**params):
        return set(client.get("/cases/", params).context["page"])

    assert found(sex="F") == {girl}
    assert found(region=str(boy.home_region_id)) == {boy}
    assert found(stage="identified") == {boy, girl}
    assert found(stage="closed") == set()
    from django.utils import timezone

    today = timezone.localdate()
    boy_band = "6-9" if 6 <= boy.child.age_on(today) <= 9 else "10-13"
    assert boy in found(age_band=boy_band) and girl not in found(age_band=boy_band)


def test_case_list_pages_through_results(client, national_user, make_case):
    for i in range(30):
        make_case(names=[(f"Child Number{i:02d}", "Latn")])
    client.force_login(national_user)
    first = client.get("/cases/")
    second = client.get("/cases/", {"page": 2})
    assert len(first.context["page"]) == 25 and len(second.context["page"]) == 5


def test_htmx_search_returns_only_the_results_partial(client, national_user, make_case):
    make_case()
    client.force_login(national_user)
    response = client.get("/cases/", {"q": "Хасанов"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert 'id="results"' in body and "<html" not in body


def test_new_case_form_opens_a_case_with_an_estimated_birth_date(client, national_user, reference):
    client.force_login(national_user)
    response = client.post("/cases/new/", {"name": "Mokhammad Khasanov", "name_kind": "heard", "sex": "M",
                                           "apparent_age": "6", "birth_place": "abroad", "host_country": "IQ"})
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.stage_id == "identified"
    assert case.child.birth_precision == "range"
    assert case.child.names.get().kind == "heard"


def test_a_name_with_direction_control_characters_is_refused_naming_the_field(client, national_user, reference):
    client.force_login(national_user)
    response = client.post("/cases/new/", {"name": "Magomed\u202eKhasanov", "name_kind": "heard", "host_country": "IQ"})
    assert response.status_code == 422
    assert "name" in response.context["form"].errors
    assert not Case.objects.exists() and not PersonName.objects.exists()


def test_facility_must_be_in_the_chosen_host_country(client, national_user, reference):
    from homeward.places.models import Facility

    client.force_login(national_user)
    camp = Facility.objects.get(name="al-Hol camp")
    response = client.post("/cases/new/", {"name": "Ali", "name_kind": "heard", "host_country": "IQ",
                                           "facility": camp.pk})
    assert "facility" in response.context["form"].errors
    assert not Case.objects.exists()


def test_adding_a_relative_records_a_claimed_link(client, national_user, make_case):
    case = make_case()
    client.force_login(national_user)
    response = client.post(f"/cases/{case.pk}/relatives/new/", {"name": "Хасанова Зарема", "relation": "grandmother"})
    assert response.status_code == 302
    link = case.child.relatives.get()
    assert (link.relation, link.status, link.relative.sex) == ("grandmother", "claimed", "F")


def test_page_language_and_direction_follow_the_users_choice(client, national_user, make_case):
    client.force_login(national_user)
    client.post("/i18n/setlang/", {"language": "ar", "next": "/cases/"})
    body = client.get("/cases/").content.decode()
    assert 'lang="ar" dir="rtl"' in body
    client.post("/i18n/setlang/", {"language": "en", "next": "/cases/"})
    assert 'lang="en" dir="ltr"' in client.get("/cases/").content.decode()


def test_pages_send_a_strict_content_security_policy(client, national_user, reference):
    client.force_login(national_user)
    policy = client.get("/cases/")["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy


def test_analyst_cannot_change_records(client, make_user, make_case):
    make_case()
    client.force_login(make_user("igor", "analysis", "analyst"))
    assert client.get("/cases/new/").status_code == 403
