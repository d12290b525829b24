"""The figures a page remembers: shown again until the counts move, never after."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from homeward.cases.actions import set_check
from homeward.reports import memo
from tests.reports.test_pages import OPENED, cell_texts, logged_in


@pytest.fixture
def cases(history: Callable[..., Any]) -> list[Any]:
    return [history(born=dt.date(2012, 3, 1), opened=OPENED, region="CE", sex="M") for _ in range(3)]


def _regions(client: Client) -> list[str]:
    return cell_texts(client.get("/figures/").content.decode(), "region")


@pytest.mark.django_db
def test_a_second_view_reads_only_the_generation_and_a_change_shows_at_once(
        national_user: Any, cases: list[Any], history: Callable[..., Any]) -> None:
    client = logged_in(national_user)
    assert _regions(client) == ["3", "3"]
    with CaptureQueriesContext(connection) as first:
        client.get("/figures/")
    assert not any("reports_figurecount" in q["sql"] for q in first.captured_queries)
    before = memo.generation()
    history(born=dt.date(2013, 3, 1), opened=OPENED, region="CE", sex="F")
    assert memo.generation() > before
    assert _regions(client) == ["4", "4"]


@pytest.mark.django_db
def test_a_tick_moves_no_count_and_keeps_what_was_remembered(national_user: Any, cases: list[Any]) -> None:
    from homeward.cases.models import Requirement

    before = memo.generation()
    case = cases[0]
    code = Requirement.objects.filter(host_country__isnull=True).values_list("code", flat=True).first()
    assert code is not None
    client = logged_in(national_user)
    client.get("/figures/")
    set_check(actor=None, case=case, code=code, reference="R-1", system=True)
    assert memo.generation() == before
    with CaptureQueriesContext(connection) as again:
        client.get("/figures/")
    assert not any("reports_figurecount" in q["sql"] for q in again.captured_queries)


@pytest.mark.django_db
def test_users_of_other_reach_and_languages_get_their_own_figures(
        national_user: Any, consular_user: Any, cases: list[Any]) -> None:
    assert _regions(logged_in(national_user)) == ["3", "3"]
    ru = logged_in(national_user)
    ru.cookies["django_language"] = "ru"
    html = ru.get("/figures/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Чечня" in html or "Чеченская" in html
    other = logged_in(consular_user).get("/figures/")
    assert other.status_code == 200


@pytest.mark.django_db
def test_renaming_a_region_changes_the_remembered_labels(national_user: Any, cases: list[Any]) -> None:
    from homeward.places.models import Region

    client = logged_in(national_user)
    client.get("/figures/")
    region = Region.objects.get(code="CE")
    region.name = "Chechen Republic (renamed)"
    region.save()
    assert "Chechen Republic (renamed)" in client.get("/figures/").content.decode()
