"""A name agreeing only by a spelling variant or a sound key counts by how common it is."""

from __future__ import annotations

import math

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


def test_a_fuzzy_level_centred_on_its_own_frequency_keeps_its_weight() -> None:
    model = Model.default()
    variant = model.levels["given_name"][1]
    variant.tf_u = 0.03
    settings_ = model.splink_settings(100, 100)
    (given_name,) = [c for c in settings_["comparisons"] if c["output_column_name"] == "given_name"]
    level = [lv for lv in given_name["comparison_levels"] if not lv.get("is_null_level")][1]
    # Splink takes the adjustment's base from this level's u, now the level's own frequency
    assert level["disable_tf_exact_match_detection"] is True
    assert level["u_probability"] == 0.03
    assert abs(math.log2(level["m_probability"] / level["u_probability"]) - variant.weight) < 1e-9
    # training sees the model's own m and u
    plain = model.splink_settings(100, 100, centre_tf=False)
    (given_plain,) = [c for c in plain["comparisons"] if c["output_column_name"] == "given_name"]
    level = [lv for lv in given_plain["comparison_levels"] if not lv.get("is_null_level")][1]
    assert "disable_tf_exact_match_detection" not in level
    assert level["u_probability"] == variant.u
    again = Model.from_json(model.to_json())
    assert again.levels["given_name"][1].tf_u == 0.03
    assert again.levels["given_name"][0].tf_u is None


def test_training_centres_the_fuzzy_levels_on_random_pairs() -> None:
    from homeward.linkage.features import features_of
    from homeward.linkage.training import _fit_tf_bases

    names = ["Мухаммад", "Магомед", "Ислам", "Ахмед", "Али", "Муса", "Ибрагим", "Умар"]
    spellings = ["Muhammad", "Magomed", "Islam", "Ahmed", "Ali", "Musa", "Ibragim", "Umar"]
    children = features_of(
        [Record(f"c{i}", [f"{names[i % 8]} {SURNAMES[i % 7]}"], sex="M") for i in range(300)]
    )
    requests = features_of(
        [Record(f"r{i}", [f"{spellings[i % 8]} {SURNAMES[i % 5]}"], sex="M") for i in range(300)]
    )
    model = Model.default()
    _fit_tf_bases(model, children, requests, 7)
    centred = [lv.tf_u for levels in model.levels.values() for lv in levels if lv.tf_u is not None]
    assert centred and all(0 < u <= 1 for u in centred)
    assert all(levels[0].tf_u is None for levels in model.levels.values())
