"""Figures in a real browser, as an analyst sees them: the public dashboard with small counts hidden,
children still in Iraq on a date by age band, and a CSV download whose formula-like text is
neutralised."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A region name a spreadsheet would run as a formula if it were written as it is.
FORMULA = '=HYPERLINK("http://x","y")'
OPENED = dt.datetime(2018, 10, 1, 10, tzinfo=dt.UTC)
FLOWN_HOME = dt.datetime(2018, 12, 30, 10, tzinfo=dt.UTC)


@pytest.fixture
def programme(agencies: dict[str, Any]) -> dict[str, Any]:
    """Twelve boys from Chechnya aged 5 in January 2019 (four flown home on 30 December 2018) and
    three girls aged 12 from a region whose name looks like a formula, all in Iraq."""
    from homeward.cases.actions import open_case
    from homeward.cases.models import Case, CaseEvent, Stage
    from homeward.people.actions import NameInput, create_person
    from homeward.places.models import Facility, Region

    odd_region = Region.objects.create(code="ZZ-TEST", name=FORMULA)
    chechnya = Region.objects.get(code="CE")
    facility = Facility.objects.filter(country_id="IQ").first()
    repatriated = Stage.objects.get(code="repatriated")

    def child(n: int, region: Any, sex: str, born: dt.date, flown_home: bool) -> Any:
        person = create_person(actor=None, kind="child", names=[NameInput(f"Child Number {n}", script="Latn")],
                               sex=sex, birth_date=born, birth_precision="exact", home_region=region)
        case = open_case(actor=None, child=person, host_country_id="IQ", owner=agencies["national"],
                         facility_id=facility.pk if facility else None, occurred_at=OPENED)
        if flown_home:
            CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.TRANSITION, occurred_at=FLOWN_HOME,
                                     source_stage=case.stage, target_stage=repatriated, reason="flown home")
            Case.objects.filter(pk=case.pk).update(stage=repatriated)
        return case

    boys = [child(i, chechnya, "M", dt.date(2013, 3, 1), flown_home=i < 4) for i in range(12)]
    girls = [child(12 + i, odd_region, "F", dt.date(2006, 3, 1), flown_home=False) for i in range(3)]
    return {"boys": boys, "girls": girls, "odd_region": odd_region, "chechnya": chechnya}


def cells(page: Any, table: str) -> list[list[str]]:
    """The text of every row of a figures table, header cell first."""
    rows = page.locator(f"#table-{table} tbody tr, #table-{table} tfoot tr")
    return [[c.strip() for c in r.locator("th, td").all_inner_texts()] for r in rows.all()]


def read_csv(download: Any) -> list[list[str]]:
    with open(download.path(), encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def test_an_analyst_reads_public_figures_and_the_as_of_bands_and_downloads_a_safe_csv(
    page: Any, make_user: Callable[..., Any], programme: dict[str, Any],
) -> None:
    from homeward.audit.models import AuditEntry

    analyst = make_user("press", "analysis", "analyst")
    log_in(page, analyst.username)
    page.click("nav a:text-is('Figures')")
    expect(page.locator("h1")).to_have_text("Public figures")
    expect(page.locator(".suppression-note")).to_contain_text("a count under 5 is shown as “<5”")
    expect(page.locator("#table-region tfoot")).to_contain_text("15")
    # Three children from the odd region: "<5"; Chechnya's 12 would give them away with the
    # total shown, so it is withheld as well.
    assert cells(page, "region") == [[FORMULA, "<5"], ["Chechen Republic", "x"], ["Total", "15"]]
    assert cells(page, "repatriations")[0][:2] == ["2018-12-30", "<5"]
    expect(page.locator("#flights")).to_contain_text("Fewer than 5 children arrived from Iraq on 30 December 2018")
    assert "Child Number" not in page.content()

    page.click("text=Still in a host country on a date")
    page.fill("#as-of-date", "2019-01-05")
    page.select_option("#as-of-country", "IQ")
    page.click("button:text-is('Show')")
    expect(page.locator("#table-as_of caption")).to_have_text(
        "Children still in Iraq on 5 January 2019, by age on that date")
    expect(page.locator("h1 .variant")).to_have_text("public figures")
    # Eight boys aged 5 and three girls aged 12 are still there: the girls are "<5", and the boys
    # are withheld since the total (11) less "<5" would tell them.
    assert cells(page, "as_of") == [
        ["0-2", "0", "0", "0"], ["3-5", "x", "0", "x"], ["6-9", "0", "0", "0"], ["0-9", "x", "0", "x"],
        ["10-13", "0", "<5", "<5"], ["14-17", "0", "0", "0"], ["10-17", "0", "<5", "<5"],
        ["Total", "x", "<5", "11"],
    ]
    with page.expect_download() as info:
        page.locator(".downloads a", has_text="CSV").click()
    as_of = read_csv(info.value)
    assert as_of[0] == ["Age", "Boys", "Girls", "Total"]
    assert as_of[1:] == cells(page, "as_of")

    page.click("nav a:text-is('Exports')")
    expect(page.locator("h1")).to_have_text("Downloads")
    expect(page.locator("text=Case list")).to_have_count(0)  # an analyst downloads no case
    with page.expect_download() as info:
        page.locator("li", has_text="Children by home region").locator("a", has_text="CSV").click()
    download = info.value
    assert download.suggested_filename.startswith("homeward-public-figures-region-")
    rows = read_csv(download)
    # The region name is kept, behind a quote that tells a spreadsheet it is text.
    assert rows == [["Home region", "Children"], ["'" + FORMULA, "<5"], ["Chechen Republic", "x"], ["Total", "15"]]
    assert AuditEntry.objects.filter(action="reports.export.created", actor=analyst).count() == 2
