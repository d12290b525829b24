"""The programme in Russian and in Arabic in real Chromium: the login page offers the language,
the main pages pass axe-core with no serious or critical violation in every language, nothing
scrolls sideways on a 390-pixel phone, the menu folds, the figures' bars are drawn (on the right
side in Arabic), and the case flow works from the keyboard alone."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.a11y import axe_violations, horizontal_overflow, screenshot
from tests.i18n.conftest import main_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-for-tests-1"


def _log_in(page: Any, username: str, language: str) -> None:
    """Choose the language on the login page, then log in (with the second factor where the role
    needs one)."""
    from homeward.accounts.models import User
    from homeward.accounts.signin import needs_second_factor
    from tests.signin import current_code, enrol

    user = User.objects.get(username=username)
    device = enrol(user) if needs_second_factor(user) else None
    page.goto(page.base_url + "/login/")
    page.select_option("#lang", language)
    page.click("form.language button")
    page.wait_for_selector(f'html[lang="{language}"]')
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")
    if device is not None:
        page.wait_for_url("**/login/code/**")
        assert page.locator(f'html[lang="{language}"]').count() == 1
        page.fill("#id_code", current_code(device))
        page.click("button.primary")
    page.wait_for_url("**/cases/**")


def _pages(world: dict[str, Any]) -> list[str]:
    return [*main_pages(world), "/tracing/", "/flights/", "/figures/as-of/", "/cases/age-limit/", "/account/"]


@pytest.mark.parametrize("language", ["en", "ru", "ar"])
def test_main_pages_have_no_serious_accessibility_violation(page: Any, programme: dict[str, Any],
                                                            language: str) -> None:
    page.goto(page.base_url + "/login/")
    if language != "en":
        page.select_option("#lang", language)
        page.click("form.language button")
        page.wait_for_selector(f'html[lang="{language}"]')
    problems = {"/login/": axe_violations(page)}
    _log_in(page, programme["admin"].username, language)
    for path in _pages(programme):
        page.goto(page.base_url + path)
        problems[path] = axe_violations(page)
    found = {p: v for p, v in problems.items() if v}
    assert not found, f"axe-core, {language}: {found}"


@pytest.mark.parametrize("language", ["ru", "ar"])
def test_on_a_phone_nothing_scrolls_sideways_and_the_menu_folds(page: Any, programme: dict[str, Any],
                                                                language: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    _log_in(page, programme["admin"].username, language)
    wide = {}
    for path in _pages(programme):
        page.goto(page.base_url + path)
        overflow = horizontal_overflow(page)
        if overflow > 0:
            wide[path] = overflow
    assert not wide, f"pages wider than 390 px in {language} (pixels too wide): {wide}"
    menu = page.locator("#main-menu")
    button = page.locator(".menu-button")
    expect(menu).to_be_hidden()
    button.click()
    expect(menu).to_be_visible()
    assert button.get_attribute("aria-expanded") == "true"
    screenshot(page, f"phone-{language}-menu")


@pytest.mark.parametrize("language", ["ru", "ar"])
def test_figures_bars_are_drawn_and_mirrored_in_arabic(page: Any, programme: dict[str, Any], language: str) -> None:
    _log_in(page, programme["admin"].username, language)
    page.goto(page.base_url + "/figures/")
    bars = page.locator("svg.chart.bars rect.bar")
    assert bars.count() > 0
    assert horizontal_overflow(page) == 0
    figure = page.locator("#figure-stage svg.chart.bars")
    box = figure.bounding_box()
    bar = figure.locator("rect.bar").first.bounding_box()
    label = figure.locator("text.chart-label").first.bounding_box()
    assert box and bar and label and bar["width"] > 0 and label["width"] > 8  # labels are words, not letters
    if language == "ar":
        assert label["x"] > bar["x"] + bar["width"] - 1  # the label on the right of its bar
    else:
        assert label["x"] + label["width"] < bar["x"] + 1
    screenshot(page, f"figures-{language}")
    page.goto(page.base_url + f"/cases/{programme['case'].pk}/")
    screenshot(page, f"case-{language}")


def test_case_flow_works_from_the_keyboard_alone(page: Any, programme: dict[str, Any]) -> None:
    """Search, open the case and try to move it on, with Tab and Enter only, in Russian."""
    _log_in(page, programme["admin"].username, "ru")
    page.goto(page.base_url + "/cases/")
    page.focus("#q")
    page.keyboard.type("Хасанов")
    page.keyboard.press("Enter")
    expect(page.locator("#results tbody tr")).to_have_count(1)
    reference = programme["case"].reference

    def tab_to(condition: str, limit: int = 120) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate(f"() => {{ const e = document.activeElement; return !!e && ({condition}); }}"):
                return
        raise AssertionError(f"no focusable element where {condition}")

    tab_to(f"e.textContent.trim() === '{reference}'")
    page.keyboard.press("Enter")
    page.wait_for_selector("#transitions")
    tab_to("e.dataset.target === 'kinship_verified'")
    assert page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    refusal = page.wait_for_selector(".refusal")
    assert "Отказано." in refusal.inner_text()


@pytest.mark.parametrize("language,typed,placeholder", [("ru", "03.11.2018", "ДД.ММ.ГГГГ"),
                                                        ("ar", "03/11/2018", "يوم/شهر/سنة")])
def test_date_fields_follow_the_language(page: Any, programme: dict[str, Any], language: str, typed: str,
                                         placeholder: str) -> None:
    """A date is typed the language's way and reaches the server as an ISO date."""
    _log_in(page, programme["admin"].username, language)
    page.goto(page.base_url + "/figures/as-of/")
    field = page.locator("#as-of-date")
    assert field.get_attribute("type") == "text" and field.get_attribute("placeholder") == placeholder
    field.fill(typed)
    page.click("form.filters button.primary")
    page.wait_for_url("**date=2018-11-03**")
    assert page.locator("#as-of-date").input_value() == typed
