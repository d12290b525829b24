from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from homeward.linkage import Model
from homeward.linkage.spec import FIELDS


def test_shipped_default_model_loads_and_covers_every_field() -> None:
    model = Model.default()
    assert tuple(model.levels) == FIELDS
    model.check()


def test_agreeing_on_a_name_is_evidence_for_a_match_in_the_default_model() -> None:
    model = Model.default()
    for field in ("given_name", "surname", "mother"):
        levels = model.levels[field]
        assert levels[0].weight > 0 > levels[-1].weight


probabilities = st.floats(min_value=1e-6, max_value=1.0, allow_nan=False)
N_LEVELS = sum(len(levels) for levels in Model.default().levels.values())


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.tuples(probabilities, probabilities), min_size=N_LEVELS, max_size=N_LEVELS),
    st.floats(0.01, 1.0),
)
def test_model_survives_a_json_round_trip(values: list[tuple[float, float]], rate: float) -> None:
    model = Model.default()
    it = iter(values)
    for levels in model.levels.values():
        for lv in levels:
            lv.m, lv.u = next(it)
    model.match_rate = rate
    again = Model.from_json(model.to_json())
    assert again.levels == model.levels
    assert again.match_rate == model.match_rate


def test_a_model_for_other_comparisons_is_refused() -> None:
    data = json.loads(Model.default().to_json())
    data["fields"]["birth"] = data["fields"]["birth"][:2]
    with pytest.raises(ValueError, match="birth"):
        Model.from_json(json.dumps(data))


def test_text_that_is_not_a_model_is_refused() -> None:
    with pytest.raises(ValueError):
        Model.from_json("{}")
    with pytest.raises(ValueError):
        Model.from_json("not json")


def test_prior_follows_the_sizes_of_both_sides() -> None:
    model = Model.default()
    # three new children against 1000 requests: each has match_rate / 1000 per request
    assert model.prior(3, 1000) == pytest.approx(model.match_rate / 1000)
    assert model.prior(1000, 1000) == pytest.approx(model.match_rate / 1000)


def test_a_model_saved_before_a_field_existed_treats_that_field_as_no_evidence() -> None:
    data = json.loads(Model.default().to_json())
    del data["fields"]["mother_birth"]
    model = Model.from_json(json.dumps(data))
    assert tuple(model.levels) == FIELDS
    assert all(lv.weight == 0 for lv in model.levels["mother_birth"])
