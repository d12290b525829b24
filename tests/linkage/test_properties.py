from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from homeward.linkage import Record
from homeward.linkage.cli import COLUMNS, RowError, parse_row
from homeward.linkage.features import record_features

names = st.text(
    alphabet=st.characters(whitelist_categories=("L", "Zs", "Pd", "Mn")), min_size=1, max_size=30
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(names, min_size=1, max_size=3),
    st.lists(names, max_size=2),
    st.lists(names, max_size=2),
)
def test_any_names_in_any_script_give_well_formed_features(
    child: list[str], mothers: list[str], fathers: list[str]
) -> None:
    f = record_features(Record("x", child, mother_names=mothers, father_names=fathers))
    for forms in (f.given_forms, f.surname_forms, f.father_forms, f.mother_forms):
        assert forms is None or (forms and all(isinstance(x, str) and x for x in forms))
    if f.given_forms:
        assert f.given_canon == f.given_forms[0]
    assert f.block_keys is None or len(f.block_keys) == len(set(f.block_keys))


@settings(max_examples=100, deadline=None)
@given(st.fixed_dictionaries({c: st.one_of(st.none(), st.text(max_size=12)) for c in COLUMNS}))
def test_a_row_either_parses_or_is_refused_with_a_reason(row: dict[str, str | None]) -> None:
    try:
        record = parse_row(row)
    except RowError as exc:
        assert str(exc)
    else:
        assert record.id and record.names
        if record.birth_year_min is not None and record.birth_year_max is not None:
            assert record.birth_year_min <= record.birth_year_max


@pytest.mark.parametrize("order", [0, 1])
def test_name_variant_order_does_not_change_the_blocking_keys(order: int) -> None:
    variants = ["Mokhammad Khasanov", "محمد رسلان"]
    if order:
        variants.reverse()
    a = record_features(Record("x", variants, birth_year_min=2011, birth_year_max=2013))
    b = record_features(
        Record("x", list(reversed(variants)), birth_year_min=2011, birth_year_max=2013)
    )
    assert a.block_keys == b.block_keys
