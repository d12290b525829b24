"""A name agreeing only by a spelling variant or a sound key counts by how common it is."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from homeward.linkage import Model, Record, link
from homeward.linkage.spec import FUZZY_TF_SHARE, TF_PARTS, comparisons

SURNAMES = ["Алиев", "Гаджиев", "Юсупов", "Омаров", "Саидов", "Дадаев", "Исаев", "Мусаев"]


def test_variant_and_sound_levels_carry_a_share_of_the_frequency_weight() -> None:
    for comparison in comparisons():
        levels = {lv["label_for_charts"]: lv for lv in comparison["comparison_levels"]}
        if "same canonical form" not in levels:
            continue
        full = levels["same canonical form"]["tf_adjustment_weight"]
        assert full in {w for _, w in TF_PARTS.values()}
        for label in ("a spelling variant in common", "same sound key"):
            assert levels[label]["tf_adjustment_weight"] == FUZZY_TF_SHARE * full


def _given_weight(others: str, n: int) -> tuple[str, float]:
    child = Record("c", ["Moohammad Kebedov"], sex="M", birth_date="2010-01-01")
    sought = Record("r", ["Мухаммад Кебедов"], sex="M", birth_date="2010-01-01")
    fill = [Record(f"f{i}", [f"{others} {SURNAMES[i % len(SURNAMES)]}"], sex="M") for i in range(n)]
    pairs = link([child], [sought, *fill], model=Model.default(), threshold=0.0)
    (pair,) = [p for p in pairs if p.request_id == "r"]
    return pair.explanations["given_name"], pair.contributions["given_name"]


@settings(max_examples=5, deadline=None)
@given(st.integers(20, 60))
def test_a_sound_alike_of_a_common_name_says_less_than_of_a_rare_one(n: int) -> None:
    level_common, common = _given_weight("Мухаммад", n)
    level_rare, rare = _given_weight("Ислам", n)
    assert level_common == level_rare != "same canonical form"
    assert common < rare
