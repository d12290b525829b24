"""Blocking keys: what makes two records candidates whatever order a clerk wrote the names in."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from homeward.linkage import Record
from homeward.linkage.features import record_features

GIVEN = ["Umar", "Aisha", "Khadizha", "Bilal", "Zainab", "Idris"]
FAMILY = ["Aliev", "Gadzhiev", "Yevloev", "Tsechoev", "Dadaev"]


def _keys(record: Record) -> set[str]:
    return set(record_features(record).block_keys or [])


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(GIVEN), st.sampled_from(FAMILY), st.integers(2004, 2018), st.integers(-1, 1))
def test_names_in_either_order_and_a_year_apart_still_share_a_key(
    given_name: str, family: str, year: int, off: int
) -> None:
    one = Record("c", [f"{given_name} {family}"], birth_year_min=year, birth_year_max=year)
    other = Record("r", [f"{family} {given_name}"], birth_date=f"{year + off}-05-01")
    assert _keys(one) & _keys(other)


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(FAMILY), st.sampled_from(["Fatima", "Amina", "Madina"]))
def test_a_child_whose_name_was_misheard_is_found_by_the_mothers_full_name(
    family: str, mother: str
) -> None:
    one = Record("c", ["Xqzw"], mother_names=[f"{mother} {family}a"])
    other = Record("r", [f"{family} Umar"], mother_names=[f"{family}a {mother}"])
    assert _keys(one) & _keys(other)


def test_a_full_birth_date_is_a_key_of_its_own() -> None:
    one = Record("c", ["Fama"], birth_date="2012-12-14")
    other = Record("r", ["Ibragimova Fatima"], birth_date="2012-12-14")
    assert "d:2012-12-14" in _keys(one) & _keys(other)
