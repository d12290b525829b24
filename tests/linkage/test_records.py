from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from homeward.linkage import Record
from homeward.linkage.records import BirthDateError, parse_birth_date, year_range


def test_birth_date_of_any_precision_gives_its_year() -> None:
    assert parse_birth_date("2012-03-04") == ("2012-03-04", 2012)
    assert parse_birth_date("2012-03") == (None, 2012)
    assert parse_birth_date("2012") == (None, 2012)
    assert parse_birth_date("") == (None, None)


@pytest.mark.parametrize("text", ["12.03.2012", "2012-13", "2012-02-40", "about 6"])
def test_malformed_birth_date_is_refused(text: str) -> None:
    with pytest.raises(BirthDateError):
        parse_birth_date(text)


def test_exact_date_wins_over_an_estimated_range() -> None:
    r = Record("x", ["A"], birth_date="2012-01-01", birth_year_min=2000, birth_year_max=2001)
    assert year_range(r) == (2012, 2012)


@given(st.one_of(st.none(), st.integers(1990, 2025)), st.one_of(st.none(), st.integers(1990, 2025)))
def test_year_range_is_ordered_and_known_when_either_end_is(lo: int | None, hi: int | None) -> None:
    got = year_range(Record("x", ["A"], birth_year_min=lo, birth_year_max=hi))
    if lo is None and hi is None:
        assert got == (None, None)
    else:
        assert got[0] is not None and got[1] is not None and got[0] <= got[1]
