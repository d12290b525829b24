"""Siblings share surname, father, mother and her names: that says the family is the same,
not the child, so a brother's request does not take a child whose given name differs."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from homeward.linkage import Model, Record, link
from homeward.linkage.engine import FAMILY_CAP_BITS, FAMILY_FIELDS, prior_weight

BOYS = ["Ахмед", "Ислам", "Рустам", "Тимур", "Шамиль"]


def _child(given_name: str, uid: str, year: int) -> Record:
    return Record(
        uid,
        [f"Алиев {given_name} Магомедович"],
        father_names=["Алиев Магомед Расулович"],
        mother_names=["Гасанова Патимат Гасановна"],
        mother_birth_year=1985,
        sex="M",
        birth_date=f"{year}-03-01",
        home_region="Dagestan",
    )


@settings(max_examples=15, deadline=None)
@given(st.sampled_from(BOYS), st.sampled_from(BOYS), st.integers(2006, 2016))
def test_a_brother_is_no_match_the_same_child_is(one: str, other: str, year: int) -> None:
    if one == other:
        return
    model = Model.default()
    pairs = link(
        [_child(one, "c", year)],
        [_child(one, "same", year), _child(other, "brother", year - 2)],
        model=model,
        threshold=0.0,
    )
    by = {p.request_id: p for p in pairs}
    assert by["same"].match_probability >= 0.9
    assert by["brother"].match_probability < 0.5
    family = by["brother"].contributions["family"]
    assert family < 0
    # the cap: prior and family fields together reach FAMILY_CAP_BITS, no further
    shared = sum(by["brother"].contributions[f] for f in FAMILY_FIELDS)
    assert prior_weight(model, 1, 2) + shared + family == pytest.approx(FAMILY_CAP_BITS)
    for p in pairs:
        assert sum(p.contributions.values()) == pytest.approx(p.match_weight, abs=1e-6)


def test_a_pair_sharing_little_of_the_family_is_not_capped() -> None:
    child = Record("c", ["Алиев Ахмед"], sex="M", birth_date="2012-03-01")
    sought = Record("r", ["Ахмед Алиев"], sex="M", birth_date="2012-03-01")
    # a caseload of some size: with one request the prior alone is even odds
    others = [Record(f"o{i}", [f"Зарема {n}"], sex="F") for i, n in enumerate(BOYS * 8)]
    pairs = link([child], [sought, *others], model=Model.default(), threshold=0.0)
    (pair,) = [p for p in pairs if p.request_id == "r"]
    assert pair.contributions["family"] == 0.0
    assert pair.match_probability >= 0.5
