"""Importing a list in a real browser: upload, read the verdicts, untick a row, commit."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in
from tests.intake import sheets

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_caseworker_previews_a_spreadsheet_and_commits_the_ticked_rows(page: Any, national_user: Any,
                                                                        reference: None) -> None:
    from homeward.cases.models import Case

    rows = sheets.children_rows(6, broken={2: "name"})
    log_in(page, national_user.username)
    page.goto(page.base_url + "/imports/")
    page.select_option("#id_kind", "cases")
    page.set_input_files("#id_file", files=[{"name": "children.xlsx", "mimeType": "application/octet-stream",
                                              "buffer": sheets.xlsx(rows)}])
    page.click("button.primary")
    expect(page.locator("#counts")).to_contain_text("5 to create")
    expect(page.locator("#row-3")).to_contain_text("refused")
    expect(page.locator("#row-3")).to_contain_text("name")
    page.uncheck("#row-4 input[type=checkbox]")
    page.click("text=Commit the ticked rows")
    expect(page.locator("body")).to_contain_text("4 created")
    assert Case.objects.count() == 4
