"""Who may see which case: access.py is the one gate, and forbidden looks exactly like missing."""

from __future__ import annotations

import re

import pytest

from homeward.cases import access

pytestmark = pytest.mark.django_db


def without_tokens(body: bytes) -> bytes:
    """A page with its CSRF tokens blanked (each response masks the token anew)."""
    body = re.sub(rb'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+', rb"\1", body)
    return re.sub(rb'name="next" value="[^"]*"', b'name="next" value=""', body)


def test_regional_user_cannot_open_another_regions_case_and_gets_the_same_404_as_missing(client, make_user, make_case):
    own = make_case(region="CE")
    other = make_case(names=[("Алиев Ахмед", "Cyrl")], region="DA")
    client.force_login(make_user("zarema", "chechnya", "social_worker"))
    assert client.get(f"/cases/{own.pk}/").status_code == 200
    forbidden = client.get(f"/cases/{other.pk}/")
    missing = client.get("/cases/999999/")
    assert forbidden.status_code == missing.status_code == 404
    assert without_tokens(forbidden.content) == without_tokens(missing.content)


def test_regional_user_lists_only_own_region(client, make_user, make_case):
    make_case(names=[("Хасанов Магомед", "Cyrl")], region="CE")
    make_case(names=[("Алиев Ахмед", "Cyrl")], region="DA")
    client.force_login(make_user("zarema", "chechnya", "social_worker"))
    body = client.get("/cases/").content.decode()
    assert "Хасанов Магомед" in body
    assert "Алиев Ахмед" not in body


def test_national_office_sees_every_case(make_user, make_case):
    make_case(region="CE")
    make_case(names=[("Алиев Ахмед", "Cyrl")], region="DA")
    assert access.cases_visible_to(make_user("natalia", "national")).count() == 2


def test_consular_section_sees_its_host_country_only(make_user, make_case):
    make_case(host_country="IQ")
    make_case(names=[("Алиев Ахмед", "Cyrl")], host_country="SY")
    visible = access.cases_visible_to(make_user("omar", "consular", "consular"))
    assert list(visible.values_list("host_country_id", flat=True)) == ["IQ"]


def test_analyst_sees_no_case_only_figures(client, make_user, make_case):
    case = make_case()
    analyst = make_user("igor", "analysis", "analyst")
    assert access.cases_visible_to(analyst).count() == 0
    client.force_login(analyst)
    refused = client.get(f"/cases/{case.pk}/")
    assert refused.status_code == 403
    assert "Your role may not open and list cases." in refused.content.decode()


def test_anonymous_user_is_sent_to_log_in(client, make_case):
    case = make_case()
    response = client.get(f"/cases/{case.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_api_obeys_the_same_gate(client, make_user, make_case):
    make_case(region="CE")
    other = make_case(names=[("Алиев Ахмед", "Cyrl")], region="DA")
    client.force_login(make_user("zarema", "chechnya", "social_worker"))
    assert client.get("/api/cases/").json()["count"] == 1
    assert client.get(f"/api/cases/{other.pk}/").status_code == 404
