"""Who sees which request and which pair: the national office all, a region its own."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from homeward.tracing import matching
from homeward.tracing.access import requests_visible_to
from homeward.tracing.models import CandidateMatch

pytestmark = pytest.mark.django_db


def test_a_regional_user_gets_404_for_another_regions_request(
    client: Any, make_user: Callable[..., Any], make_request: Callable[..., Any],
) -> None:
    dagestani = make_request(region="DA")
    chechen = make_request(region="CE", requester="Алиев Шамиль")
    client.force_login(make_user("ruslan", "chechnya", "social_worker"))
    assert client.get(f"/tracing/requests/{dagestani.pk}/").status_code == 404
    assert client.get(f"/tracing/requests/{dagestani.pk}/edit/").status_code == 404
    assert client.post(f"/tracing/requests/{dagestani.pk}/close/", {"note": "x"}).status_code == 404
    assert client.get(f"/tracing/requests/{chechen.pk}/").status_code == 200
    assert client.get("/tracing/requests/999999/").status_code == 404
    body = client.get("/tracing/").content.decode()
    assert chechen.reference in body and dagestani.reference not in body


def test_the_national_office_sees_every_request_and_others_none(
    make_user: Callable[..., Any], national_user: Any, make_request: Callable[..., Any],
) -> None:
    make_request(region="DA")
    make_request(region="CE")
    assert requests_visible_to(national_user).count() == 2
    assert requests_visible_to(make_user("flo", "flight", "flight")).count() == 0
    assert requests_visible_to(make_user("ana", "analysis", "analyst")).count() == 0


def test_a_pair_is_hidden_unless_both_the_case_and_the_request_are_visible(
    client: Any, make_user: Callable[..., Any], make_case: Callable[..., Any], make_request: Callable[..., Any],
) -> None:
    case = make_case(region="DA")
    make_request(region="CE")
    matching.rematch_all()
    pair = CandidateMatch.objects.get(case=case)
    client.force_login(make_user("ruslan", "chechnya", "caseworker"))
    assert client.get(f"/tracing/review/{pair.pk}/").status_code == 404
    assert client.post(f"/tracing/review/{pair.pk}/confirm/").status_code == 404
    assert case.reference not in client.get("/tracing/review/").content.decode()


def test_a_regional_office_files_requests_only_in_its_own_region(
    client: Any, make_user: Callable[..., Any],
) -> None:
    from homeward.places.models import Region
    from homeward.tracing.models import TracingRequest

    client.force_login(make_user("ruslan", "chechnya", "social_worker"))
    page = client.get("/tracing/requests/new/").content.decode()
    select = page[page.index('name="region"'):]
    select = select[:select.index("</select>")]
    assert "Chechen" in select and "Dagestan" not in select
    data = {
        "requester_name": "Алиева Патимат", "relation": "grandmother", "region": Region.objects.get(code="DA").pk,
        "received_on": "2018-11-02", "children-TOTAL_FORMS": "1", "children-INITIAL_FORMS": "0",
        "children-0-name_1": "Алиев Ибрагим", "children-0-kind_1": "official", "children-0-kind_2": "heard",
        "children-0-kind_3": "translit",
    }
    response = client.post("/tracing/requests/new/", data)
    assert response.status_code == 422
    assert "Region:" in response.content.decode()
    assert not TracingRequest.objects.exists()


def test_a_consular_officer_does_not_file_relatives_requests(client: Any, make_user: Callable[..., Any]) -> None:
    client.force_login(make_user("omar", "consular", "consular"))
    assert client.get("/tracing/requests/new/").status_code == 403
