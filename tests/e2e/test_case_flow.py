"""A caseworker's day in a real browser: log in, find a child by a Cyrillic name, open the case, try
to move it on and see why it is refused."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_caseworker_finds_a_child_by_cyrillic_name_and_sees_unmet_checks(page, national_user, make_case):
    case = make_case(names=[("Хасанов Магомед Русланович", "Cyrl"), ("محمد روسلان", "Arab")])
    make_case(names=[("Алиева Хадижат", "Cyrl")], sex="F")
    log_in(page, national_user.username)

    page.fill("#q", "Хасанов")
    page.click("form.filters button.primary")
    # The unfiltered list is on the page until the search answers: wait for the filtered one.
    expect(page.locator("#results tbody tr")).to_have_count(1)
    assert "Хасанов Магомед Русланович" in page.inner_text("#results")

    page.click(f"text={case.reference}")
    page.wait_for_selector("h1")
    assert page.locator("bdi", has_text="محمد روسلان").count() >= 1

    page.click("button[data-target='identity_verified']")
    refusal = page.wait_for_selector(".refusal")
    text = refusal.inner_text()
    assert "Refused." in text
    assert "DNA sample taken from the child" in text
    assert "Consular interview held and photograph taken" in text
    case.refresh_from_db()
    assert case.stage_id == "identified"
