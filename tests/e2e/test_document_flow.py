"""A consular officer's court decision in a real browser: the host-court check asks for the document,
the officer uploads the PDF from the checklist, and the check can then be ticked."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.casework.conftest import pdf_bytes
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_consular_officer_uploads_the_court_decision_and_ticks_the_host_court_check(page, consular_user, make_case):
    from homeward.cases.models import CaseCheck
    from homeward.documents.models import Document

    case = make_case()
    log_in(page, consular_user.username)
    page.goto(f"{page.base_url}/cases/{case.pk}/")
    page.click("#checklist a:has-text('upload it')")
    page.wait_for_selector("input[name=file]")
    assert page.input_value("select[name=kind]") == "court_decision"
    page.set_input_files("input[name=file]", files=[{"name": "decision.pdf", "mimeType": "application/pdf",
                                                     "buffer": pdf_bytes()}])
    page.fill("input[name=reference_number]", "IQ-CC-2019-881")
    page.fill("input[name=issuing_body]", "Central Criminal Court of Iraq")
    page.click("button.primary")
    expect(page.locator("#documents li a")).to_have_count(1)
    assert Document.objects.get(case=case).attached_ref == "host_court_decision"

    item = page.locator("#checklist li", has_text="Host-court decision")
    item.locator("input[name=reference]").fill("IQ-CC-2019-881")
    item.locator("button[type=submit]").click()
    expect(page.locator("#checklist li.done", has_text="Host-court decision")).to_have_count(1)
    assert CaseCheck.objects.get(case=case, requirement__code="host_court_decision").done

    page.click("#documents li a")
    page.wait_for_selector("img.doc-preview")
    assert "IQ-CC-2019-881" in page.inner_text("main")
