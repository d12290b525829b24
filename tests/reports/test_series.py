"""Repatriations by date and the running total, exact and for the public."""

from __future__ import annotations

import datetime as dt

import pytest

from homeward.reports.figures import repatriation_series
from homeward.reports.queries import ChildHistory

DAYS = [dt.date(2018, 12, 30), dt.date(2019, 2, 10), dt.date(2019, 7, 19), dt.date(2019, 11, 18)]


def arrivals(*counts: int) -> list[ChildHistory]:
    items = []
    for day, n in zip(DAYS, counts, strict=False):
        for _ in range(n):
            items.append(ChildHistory(
                case_id=len(items) + 1, host_country_id="IQ", host_country="Iraq", facility_kind="prison",
                facility_city="Baghdad", home_region_id=1, stage_id="repatriated", sex="F",
                born=dt.date(2012, 1, 1), opened_on=dt.date(2018, 1, 1), left_on=day, repatriated_on=day,
                closed_on=None,
            ))
    return items


def test_internal_figures_give_every_day_and_running_total() -> None:
    series = repatriation_series(arrivals(30, 3, 27, 33), None)
    assert [(p.count_text, p.cumulative_text) for p in series] == [("30", "30"), ("3", "33"), ("27", "60"),
                                                                  ("33", "93")]


def test_a_small_day_hides_its_count_and_the_running_total_that_would_give_it_away() -> None:
    series = repatriation_series(arrivals(30, 3, 27, 33), 5)
    assert [(p.count_text, p.cumulative_text) for p in series] == [("30", "30"), ("<5", "x"), ("27", "x"),
                                                                  ("33", "x")]


def test_two_small_days_can_share_one_running_total() -> None:
    series = repatriation_series(arrivals(30, 3, 2, 33), 5)
    assert [(p.count_text, p.cumulative_text) for p in series] == [("30", "30"), ("<5", "x"), ("<5", "35"),
                                                                  ("33", "68")]


@pytest.mark.parametrize("counts", [(3, 30, 27), (30, 27, 4), (1, 2, 3, 4), (9, 8, 7, 6)])
def test_no_hidden_day_follows_from_the_running_totals_shown(counts: tuple[int, ...]) -> None:
    series = repatriation_series(arrivals(*counts), 5)
    assert [p.count_shown for p in series] == [n >= 5 for n in counts]
    lone: list[int] = []
    for i, p in enumerate(series):
        if not p.count_shown:
            lone.append(i)
        if p.cumulative_shown:
            assert len(lone) != 1, (counts, i)
            lone = []
