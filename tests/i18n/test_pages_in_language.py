"""With Russian or Arabic chosen, the main pages read wholly in that language: no English word
outside people's names and codes; dates and numbers written the language's way."""

from __future__ import annotations

from typing import Any

import pytest

from tests.i18n.conftest import english_words, main_pages, visible_text

pytestmark = pytest.mark.django_db


def _get(client: Any, user: Any, path: str, lang: str) -> str:
    client.force_login(user)
    client.cookies["django_language"] = lang
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response.content.decode()


@pytest.mark.parametrize("lang", ["ru", "ar"])
def test_main_pages_show_no_english_words_outside_names_and_codes(client: Any, programme: dict[str, Any],
                                                                 lang: str) -> None:
    assert programme["pair"] is not None, "the request should have been matched to the case"
    found = {}
    for path in main_pages(programme):
        words = english_words(_get(client, programme["admin"], path, lang))
        if words:
            found[path] = sorted(set(words))
    assert not found, f"English words on the {lang} pages: {found}"


@pytest.mark.parametrize("lang,direction", [("en", "ltr"), ("ru", "ltr"), ("ar", "rtl")])
def test_page_declares_its_language_and_direction(client: Any, programme: dict[str, Any], lang: str,
                                                  direction: str) -> None:
    page = _get(client, programme["admin"], "/cases/", lang)
    assert f'<html lang="{lang}" dir="{direction}"' in page


def test_flight_summary_writes_the_date_once_and_in_the_language(client: Any, programme: dict[str, Any]) -> None:
    arabic = visible_text(_get(client, programme["admin"], "/figures/", "ar"))
    assert "30 كانون الأول 2018" in arabic and "30 30" not in arabic
    assert "وصل من \u2068بغداد\u2069 في 30 كانون الأول 2018" in arabic
    russian = visible_text(_get(client, programme["admin"], "/figures/", "ru"))
    assert "1 ребёнок" in russian and "прибыл 30 декабря 2018 г. (вылет: Багдад)" in russian
    english = visible_text(_get(client, programme["admin"], "/figures/", "en"))
    assert "1 child" in english and "arrived from Baghdad on 30 December 2018" in english


def test_reference_data_reads_in_the_language(client: Any, programme: dict[str, Any]) -> None:
    case = programme["case"]
    page = _get(client, programme["admin"], f"/cases/{case.pk}/", "ar")
    for text in ("العراق", "جمهورية الشيشان", "تم التحقق من الهوية", "أُجريت المقابلة القنصلية والتُقطت الصورة",
                 "مكتب مفوّض حقوق الطفل"):
        assert text in page
    page = _get(client, programme["admin"], f"/flights/{programme['flight'].pk}/", "ru")
    assert "Багдад" in page and "Москва" in page and "Ирак" in page


def test_arrows_point_the_way_the_page_reads(client: Any, programme: dict[str, Any]) -> None:
    flight = programme["flight"]
    assert "بغداد (العراق) ← موسكو (روسيا)" in _get(client, programme["admin"], f"/flights/{flight.pk}/", "ar")
    assert "Багдад (Ирак) → Москва (Россия)" in _get(client, programme["admin"], f"/flights/{flight.pk}/", "ru")


def test_numbers_and_short_dates_follow_the_language() -> None:
    import datetime as dt

    from django.utils import translation
    from django.utils.formats import date_format, number_format

    day = dt.date(2019, 2, 10)
    with translation.override("ru"):
        assert date_format(day, "SHORT_DATE_FORMAT") == "10.02.2019"
        assert date_format(day, "DATE_FORMAT") == "10 февраля 2019 г."
        assert number_format(12345.5, 1, force_grouping=True) == "12\xa0345,5"
    with translation.override("ar"):
        assert date_format(day, "DATE_FORMAT") == "10 شباط 2019"
        assert date_format(day, "SHORT_DATE_FORMAT") == "10/02/2019"
    with translation.override("en"):
        assert date_format(day, "DATE_FORMAT") == "10 February 2019"
        assert date_format(day, "SHORT_DATE_FORMAT") == "2019-02-10"
