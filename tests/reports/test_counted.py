"""Figures added up from the maintained counts equal the figures counted case by case."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

pytestmark = pytest.mark.django_db

DAY = dt.date(2019, 6, 15)


@pytest.fixture
def caseload(history: Callable[..., Any]) -> list[Any]:
    """Children born on both sides of band edges on DAY, in two host countries and regions."""
    from homeward.reports.history import refresh

    d = dt.date
    cases = [
        history(born=d(2016, 6, 14), opened=d(2018, 1, 5)),  # 3 on DAY
        history(born=d(2016, 6, 16), opened=d(2018, 1, 5), sex="F"),  # 2 on DAY, same month
        history(born=d(2009, 6, 15), opened=d(2018, 2, 1), repatriated=d(2019, 2, 10), region="DA"),
        history(born=d(2001, 6, 20), opened=d(2018, 2, 1), repatriated=d(2019, 2, 10), host="SY"),
        history(born=None, opened=d(2018, 3, 1), region=None, sex="F"),
        history(born=None, born_min=d(2012, 1, 1), born_max=d(2013, 12, 31), opened=d(2018, 3, 1),
                repatriated=d(2018, 12, 30), closed=d(2019, 5, 1)),
        history(born=d(2020, 1, 1), opened=d(2019, 1, 1), host="SY", region="DA"),  # born after DAY
        history(born=d(2013, 1, 31), opened=d(2019, 7, 1), repatriated=d(2019, 11, 18), handed_over=d(2019, 11, 19)),
    ]
    refresh([c.pk for c in cases])  # the fixture set the stages with a write no signal sees
    return cases


def _same(counted: Any, counted_one_by_one: Any) -> None:
    assert [(t.key, [(r.key, r.values) for r in t.rows]) for t in counted.tables] == [
        (t.key, [(r.key, r.values) for r in t.rows]) for t in counted_one_by_one.tables]
    assert counted.repatriations == counted_one_by_one.repatriations
    assert [f.text for f in counted.flights] == [f.text for f in counted_one_by_one.flights]
    assert counted.total == counted_one_by_one.total and counted.flights_total == counted_one_by_one.flights_total


@pytest.mark.parametrize("who", ["national", "consular", "chechnya", "flight", "public"])
@pytest.mark.parametrize("threshold", [None, 5])
def test_the_dashboard_from_the_counts_is_the_dashboard_from_every_history(
        caseload: list[Any], make_user: Callable[..., Any], who: str, threshold: int | None) -> None:
    from homeward.accounts import policy
    from homeward.cases.access import cases_for
    from homeward.cases.models import Case
    from homeward.reports.access import EXACT, exact_figure_scope, public_figure_scope
    from homeward.reports.counted import counted_figures
    from homeward.reports.figures import build_figures
    from homeward.reports.queries import histories_from_events

    if who == "public":
        user = make_user("paula", "analysis", "analyst")
        scope, cases = public_figure_scope(user), Case.objects.all()
    else:
        user = make_user(f"u-{who}", who, "caseworker" if who != "consular" else "consular")
        scope, cases = exact_figure_scope(user), cases_for(policy.grant(user, EXACT))
    for day in (DAY, dt.date(2016, 6, 15), dt.date(2024, 1, 31)):
        _same(counted_figures(scope, day, threshold), build_figures(histories_from_events(cases), day, threshold))


def test_the_counts_moved_case_by_case_are_the_counts_rebuilt(caseload: list[Any]) -> None:
    from homeward.cases.models import CaseEvent
    from homeward.reports.history import refresh
    from homeward.reports.models import FigureCount

    def cells() -> dict[tuple[str, str, int, str, str], int]:
        return {(c.dimension, c.host_country_id, c.home_region_id, c.stage_id, c.value): c.n
                for c in FigureCount.objects.exclude(n=0)}

    case = caseload[0]
    CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.TRANSITION, occurred_at=dt.datetime(2019, 3, 1, tzinfo=dt.UTC),
                             source_stage_id=case.stage_id, target_stage_id="identity_verified", reason="test")
    case.stage_id = "identity_verified"
    case.save()  # each save moves the case's counts
    moved = cells()
    refresh()
    assert moved == cells() and sum(n for (d, *_r), n in moved.items() if d == "sex") == len(caseload)


@pytest.mark.parametrize("day", [dt.date(2018, 1, 4), DAY, dt.date(2019, 2, 10), dt.date(2019, 5, 1), dt.date(2025, 1, 1)])
@pytest.mark.parametrize("host", [None, "IQ"])
def test_the_as_of_table_from_one_grouped_query_is_the_table_from_every_history(
        caseload: list[Any], make_user: Callable[..., Any], day: dt.date, host: str | None) -> None:
    from homeward.cases.models import Case
    from homeward.reports.access import public_figure_scope
    from homeward.reports.counted import counted_as_of
    from homeward.reports.figures import as_of_table
    from homeward.reports.queries import histories_from_events

    user = make_user("paula", "analysis", "analyst")
    counted = counted_as_of(public_figure_scope(user), day, host)
    expected = as_of_table(histories_from_events(Case.objects.all()), day, host)
    assert (counted.columns, [(r.key, r.values) for r in counted.rows]) == (
        expected.columns, [(r.key, r.values) for r in expected.rows])
