"""In real headless Chromium: a request for two children, the second row added with htmx, matched."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

def test_a_relative_asks_for_two_children_and_the_brother_found_abroad_is_proposed(
    page: Any, national_user: Any, make_case: Callable[..., Any],
) -> None:
    from homeward.places.models import Region
    from homeward.tracing.models import CandidateMatch, TracingRequest

    case = make_case()
    log_in(page, national_user.username)

    page.goto(page.base_url + "/tracing/requests/new/")
    page.fill("#id_requester_name", "Хасанова Зарема Ахмедовна")
    page.select_option("#id_region", str(Region.objects.get(code="CE").pk))
    page.fill("#id_children-0-name_1", "Хасанов Магомед Русланович")
    page.select_option("#id_children-0-sex", "M")
    page.fill("#id_children-0-birth", "2012")
    page.click("text=Add another child")
    page.wait_for_selector("#id_children-1-name_1")
    assert page.input_value("#id_children-TOTAL_FORMS") == "2"
    page.fill("#id_children-1-name_1", "Хасанова Амина Руслановна")
    page.fill("#id_children-1-birth", "2014-2015")
    page.click("text=Save the request")
    page.wait_for_selector(".tr-job")

    req = TracingRequest.objects.get()
    assert req.sought_children.count() == 2
    assert "Хасанова Амина Руслановна" in page.inner_text("body")
    page.wait_for_selector(".tr-job-done")
    assert CandidateMatch.objects.filter(case=case, sought_child__request=req).exists()
    page.click("text=review queue")
    page.wait_for_selector(f"text={case.reference}")
