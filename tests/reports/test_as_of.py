"""Children still in the host country on a date, counted from case histories."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from homeward.cases.models import Case
from homeward.reports.queries import (
    BROAD_BANDS,
    FINE_BANDS,
    birth_middle,
    children_in_host_country_by_band,
    histories,
    repatriation_batches,
    repatriations_by_date,
)

D = dt.date(2019, 1, 5)


def counts(host: str | None = "IQ", bands: Any = BROAD_BANDS) -> dict[str, int]:
    return children_in_host_country_by_band(Case.objects.all(), D, host, bands).counts


@pytest.mark.django_db
def test_a_child_repatriated_the_day_after_still_counts(history: Callable[..., Any]) -> None:
    history(born=dt.date(2012, 3, 1), opened=dt.date(2018, 10, 1), repatriated=dt.date(2019, 1, 6))
    assert counts() == {"0-9": 1, "10-17": 0}


@pytest.mark.django_db
def test_a_child_repatriated_on_the_date_no_longer_counts(history: Callable[..., Any]) -> None:
    history(born=dt.date(2012, 3, 1), opened=dt.date(2018, 10, 1), repatriated=D)
    assert counts() == {"0-9": 0, "10-17": 0}


@pytest.mark.django_db
def test_a_child_identified_after_the_date_does_not_count(history: Callable[..., Any]) -> None:
    history(born=dt.date(2012, 3, 1), opened=dt.date(2019, 1, 6))
    history(born=dt.date(2012, 3, 1), opened=D)
    assert counts() == {"0-9": 1, "10-17": 0}


@pytest.mark.django_db
def test_a_case_closed_before_the_date_does_not_count(history: Callable[..., Any]) -> None:
    history(born=dt.date(2012, 3, 1), opened=dt.date(2018, 10, 1), closed=dt.date(2019, 1, 4))
    history(born=dt.date(2012, 3, 1), opened=dt.date(2018, 10, 1), closed=dt.date(2019, 2, 1))
    assert counts() == {"0-9": 1, "10-17": 0}


@pytest.mark.django_db
def test_a_later_stage_than_repatriated_also_means_the_child_left(history: Callable[..., Any]) -> None:
    history(born=dt.date(2012, 3, 1), opened=dt.date(2018, 10, 1), repatriated=None, handed_over=dt.date(2019, 1, 2))
    assert counts() == {"0-9": 0, "10-17": 0}


@pytest.mark.django_db
def test_ages_are_whole_years_on_the_date(history: Callable[..., Any]) -> None:
    history(born=dt.date(2009, 1, 6), opened=dt.date(2018, 10, 1))  # 9 until the next day
    history(born=dt.date(2009, 1, 5), opened=dt.date(2018, 10, 1))  # 10 that very day
    history(born=dt.date(2001, 1, 6), opened=dt.date(2018, 10, 1))  # 17
    history(born=dt.date(2001, 1, 5), opened=dt.date(2018, 10, 1))  # 18: no longer a child
    assert counts() == {"0-9": 1, "10-17": 2}


@pytest.mark.django_db
def test_an_estimated_birth_date_counts_at_its_middle(history: Callable[..., Any]) -> None:
    # born between 2007-01-01 and 2011-01-01: middle 2009-01-01, so 10 on 5 January 2019
    history(born=None, born_min=dt.date(2007, 1, 1), born_max=dt.date(2011, 1, 1), opened=dt.date(2018, 10, 1))
    assert counts() == {"0-9": 0, "10-17": 1}
    assert birth_middle(None, dt.date(2008, 1, 1), dt.date(2008, 1, 3)) == dt.date(2008, 1, 2)
    assert birth_middle(dt.date(2010, 6, 1), dt.date(2007, 1, 1), dt.date(2011, 1, 1)) == dt.date(2010, 6, 1)


@pytest.mark.django_db
def test_other_host_countries_are_left_out(history: Callable[..., Any]) -> None:
    history(born=dt.date(2012, 3, 1), opened=dt.date(2018, 10, 1), host="SY")
    history(born=dt.date(2008, 3, 1), opened=dt.date(2018, 10, 1), host="IQ")
    assert counts("IQ") == {"0-9": 0, "10-17": 1}
    assert counts(None) == {"0-9": 1, "10-17": 1}


@pytest.mark.django_db
def test_fine_bands_split_the_children(history: Callable[..., Any]) -> None:
    for born in [dt.date(2017, 1, 1), dt.date(2014, 1, 1), dt.date(2011, 1, 1), dt.date(2007, 1, 1),
                 dt.date(2003, 1, 1)]:
        history(born=born, opened=dt.date(2018, 10, 1))
    assert counts("IQ", FINE_BANDS) == {"0-2": 1, "3-5": 1, "6-9": 1, "10-13": 1, "14-17": 1}


@pytest.mark.django_db
def test_the_figure_is_rebuilt_from_the_history_not_the_current_stage(history: Callable[..., Any]) -> None:
    case = history(born=dt.date(2012, 3, 1), opened=dt.date(2018, 10, 1), repatriated=dt.date(2019, 2, 10))
    assert case.stage_id == "repatriated"
    assert counts() == {"0-9": 1, "10-17": 0}


@pytest.mark.django_db
def test_repatriations_are_grouped_into_batches_by_arrival_date(history: Callable[..., Any]) -> None:
    for _ in range(3):
        history(born=dt.date(2012, 3, 1), opened=dt.date(2018, 10, 1), repatriated=dt.date(2018, 12, 30))
    history(born=dt.date(2012, 3, 1), opened=dt.date(2018, 10, 1), repatriated=dt.date(2019, 2, 10))
    history(born=dt.date(2012, 3, 1), opened=dt.date(2018, 10, 1))
    items = histories(Case.objects.all())
    batches = repatriation_batches(items)
    assert [(b.arrived_on, b.count) for b in batches] == [(dt.date(2018, 12, 30), 3), (dt.date(2019, 2, 10), 1)]
    assert repatriations_by_date(items) == [(dt.date(2018, 12, 30), 3, 3), (dt.date(2019, 2, 10), 1, 4)]
