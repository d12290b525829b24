"""The figures read a maintained summary of each case's history, kept in step by the case actions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_new_case_and_its_transition_refresh_its_summary(make_case: Callable[..., Any], national_user: Any) -> None:
    from homeward.cases.models import Case
    from homeward.reports.models import CaseSummary
    from homeward.reports.queries import histories, histories_from_events

    case = make_case()
    summary = CaseSummary.objects.get(case=case)
    assert summary.stage_id_code == "identified" and summary.opened_on is not None
    Case.objects.filter(pk=case.pk).update(stage_id="identity_verified")  # a write no signal sees
    case.refresh_from_db()
    case.save()  # ...then a save, as every action makes
    assert CaseSummary.objects.get(case=case).stage_id_code == "identity_verified"
    assert histories(Case.objects.all()) == histories_from_events(Case.objects.all())


def test_a_case_without_a_summary_is_summarised_when_the_figures_are_read(make_case: Callable[..., Any]) -> None:
    from homeward.cases.models import Case
    from homeward.reports.models import CaseSummary
    from homeward.reports.queries import histories, in_host_country

    case = make_case()
    CaseSummary.objects.all().delete()
    items = histories(Case.objects.all())
    assert [h.case_id for h in items] == [case.pk]
    assert CaseSummary.objects.filter(case=case).exists()
    assert in_host_country(items, dt.datetime.now(dt.UTC).date() + dt.timedelta(days=1))
