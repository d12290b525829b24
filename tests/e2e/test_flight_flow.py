"""A flight in a real browser: the sibling rule refuses a child whose ready brother is left behind,
both are booked together, boarded, flown and landed, and the manifest comes out as a PDF."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def ready(case: Any) -> Any:
    """Put a case at "ready to travel" (its checklist is the cases app's business, tested there)."""
    from homeward.cases.models import Case

    Case.objects.filter(pk=case.pk).update(stage_id="ready_to_travel")
    case.refresh_from_db()
    return case


def test_flight_team_books_siblings_together_flies_them_home_and_prints_the_manifest(
    page: Any, make_user: Callable[..., Any], make_case: Callable[..., Any], agencies: dict[str, Any],
) -> None:
    from homeward.cases.models import Case
    from homeward.movements.actions import create_flight
    from homeward.people.models import Person, SiblingGroup

    crew = make_user("fedor", "flight", "flight")
    sister = ready(make_case(names=[("Хасанова Амина", "Cyrl")], sex="F"))
    brother = ready(make_case(names=[("Хасанов Ибрагим", "Cyrl")]))
    group = SiblingGroup.objects.create(label="Khasanov children")
    Person.objects.filter(pk__in=[sister.child_id, brother.child_id]).update(sibling_group=group)
    flight = create_flight(actor=None, origin_city="Baghdad", origin_country="IQ", destination_city="Moscow",
                           destination_country="RU", date=dt.date(2019, 2, 10), seat_capacity=10,
                           carrier=agencies["flight"])

    log_in(page, crew.username)
    page.goto(page.base_url + "/flights/")
    page.click(f"text={flight.reference}")
    expect(page.locator("h1")).to_contain_text(flight.reference)
    expect(page.locator("h1 .flight-status")).to_have_text("planned")

    add_form = page.locator("#add-child form:has(#add-case)")
    add_form.locator("#add-case").select_option(str(sister.pk))
    add_form.locator("button[type=submit]").click()
    # htmx swaps in the add-child card with the refusal; nothing is booked.
    refusal = page.locator("#add-child .refusal")
    expect(refusal).to_contain_text("Refused.")
    expect(refusal).to_contain_text("Хасанов Ибрагим")
    expect(refusal).to_contain_text("is ready to travel but not on this flight")
    expect(refusal).to_contain_text("add the siblings together, or record why they travel apart")
    expect(page.locator("#passengers tr.passenger")).to_have_count(0)

    add_form = page.locator("#add-child form:has(#add-case)")
    add_form.locator("#add-case").select_option(str(sister.pk))
    add_form.locator("input[name=with_siblings]").check()
    add_form.locator("button[type=submit]").click()
    # Booked: the server asks htmx to reload the whole page, which then lists both children.
    booked = page.locator("#passengers tr.passenger-booked")
    expect(booked).to_have_count(2)
    expect(page.locator("#passengers")).to_contain_text("Khasanov children")
    expect(page.locator("#add-child .refusal")).to_have_count(0)

    for case, document in ((sister, "travel document 0001"), (brother, "travel document 0002")):
        row = page.locator("#passengers tr.passenger", has=page.locator(f"a:text-is('{case.reference}')"))
        row.locator("input[name=identity_document]").fill(document)
        row.locator("button", has_text="Board").first.click()
        expect(row).to_have_class("passenger passenger-boarded")
        expect(row).to_contain_text(document)
    expect(page.locator("#passengers tr.passenger-boarded")).to_have_count(2)

    depart = page.locator("form[action$='/depart/']")
    depart.locator("input[name=at]").fill("2019-02-10T09:00")
    depart.locator("button[type=submit]").click()
    expect(page.locator("h1 .flight-status")).to_have_text("departed")

    arrive = page.locator("form[action$='/arrive/']")
    arrive.locator("input[name=at]").fill("2019-02-10T14:30")
    arrive.locator("button[type=submit]").click()
    expect(page.locator("h1 .flight-status")).to_have_text("arrived")
    stages = page.locator("#passengers tr.passenger .stage")
    expect(stages).to_have_text(["Repatriated", "Repatriated"])
    assert set(Case.objects.filter(pk__in=[sister.pk, brother.pk]).values_list("stage_id", flat=True)) == {
        "repatriated"}

    # The case page of the brother says so too.
    page.click(f"#passengers a:text-is('{brother.reference}')")
    expect(page.locator("h1 .stage")).to_have_text("Repatriated")
    page.go_back()

    href = page.locator("a", has_text="Manifest (PDF)").get_attribute("href")
    assert href and href.endswith("/manifest.pdf")
    response = page.request.get(page.base_url + href)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
