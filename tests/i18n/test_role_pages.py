"""A page for each role: the menu offers only what the role may open, error pages keep the site's
layout and the user's language with a way back, the login page offers the language, the icon is
served."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import RequestFactory
from django.utils import translation

pytestmark = pytest.mark.django_db

ROLES = [("admin", "national"), ("caseworker", "national"), ("consular", "consular"),
         ("social_worker", "chechnya"), ("flight", "flight"), ("geneticist", "lab"), ("analyst", "analysis")]


def _menu(page: str) -> list[str]:
    nav = re.search(r'(?s)<nav id="main-menu".*?</nav>', page)
    return re.findall(r'href="([^"]+)"', nav.group(0)) if nav else []


@pytest.mark.parametrize("role,agency", ROLES)
def test_every_menu_item_opens_for_the_role_that_sees_it(client: Any, make_user: Callable[..., Any], role: str,
                                                         agency: str) -> None:
    user = make_user(f"user-{role}", agency, role, is_superuser=role == "admin", is_staff=role == "admin")
    client.force_login(user)
    client.cookies["django_language"] = "ru"
    start = client.get("/", follow=True)
    assert start.status_code == 200
    links = _menu(start.content.decode())
    assert links, f"{role} has an empty menu"
    for href in links:
        answer = client.get(href)
        assert answer.status_code == 200, f"{role}: menu item {href} answers {answer.status_code}"


def test_press_analyst_sees_figures_and_the_flight_team_flights(client: Any, make_user: Callable[..., Any]) -> None:
    client.force_login(make_user("igor", "analysis", "analyst"))
    links = _menu(client.get("/", follow=True).content.decode())
    assert "/figures/" in links and "/cases/" not in links and "/flights/" not in links
    client.force_login(make_user("farid", "flight", "flight"))
    links = _menu(client.get("/", follow=True).content.decode())
    assert "/flights/" in links and "/audit/" not in links and "/kinship/profiles/import/" not in links


@pytest.mark.parametrize("lang,text,back", [("ru", "Не найдено", "Вернуться на начальную страницу"),
                                            ("ar", "غير موجود", "العودة إلى صفحة البداية")])
def test_not_found_page_is_in_the_layout_and_the_language(client: Any, make_user: Callable[..., Any], lang: str,
                                                          text: str, back: str) -> None:
    client.force_login(make_user("natalia"))
    client.cookies["django_language"] = lang
    page = client.get("/cases/999999/")
    assert page.status_code == 404
    body = page.content.decode()
    assert f'<html lang="{lang}"' in body and 'id="main-menu"' in body and text in body and back in body


def test_forbidden_page_says_what_the_role_may_not_do_in_arabic(client: Any, make_user: Callable[..., Any]) -> None:
    client.force_login(make_user("igor", "analysis", "analyst"))
    client.cookies["django_language"] = "ar"
    page = client.get("/flights/")
    assert page.status_code == 403
    body = page.content.decode()
    assert 'dir="rtl"' in body and "غير مسموح" in body and "لا يحق لدورك" in body and 'href="/"' in body


def test_server_error_page_is_in_the_users_language_with_a_way_back() -> None:
    from homeward.web.views import server_error

    with translation.override("ru"):
        body = server_error(RequestFactory().get("/")).content.decode()
    assert 'lang="ru"' in body and "Что-то пошло не так" in body and "Вернуться на начальную страницу" in body


def test_login_page_offers_every_language_by_its_own_name(client: Any) -> None:
    page = client.get("/login/").content.decode()
    for code, name in (("en", "English"), ("ru", "Русский"), ("ar", "العربيّة")):
        assert re.search(rf'<option value="{code}" lang="{code}"[^>]*>{name}</option>', page), code
    client.cookies["django_language"] = "ar"
    assert 'dir="rtl"' in client.get("/login/").content.decode()


def test_favicon_is_served(client: Any) -> None:
    answer = client.get("/favicon.ico")
    assert answer.status_code == 301 and answer["Location"].endswith("favicon.svg")
    assert '<link rel="icon"' in client.get("/login/").content.decode()
