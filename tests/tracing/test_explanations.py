"""Explanations a caseworker reads: the waterfall's names, the prior once, every weight in the table."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from homeward.tracing import matching, waterfall
from homeward.tracing.models import CandidateMatch
from homeward.tracing.queries import FIELD_LABELS, prior_weight, side_by_side

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(make_case: Callable[..., Any], make_request: Callable[..., Any]) -> CandidateMatch:
    case = make_case()
    make_request()
    matching.rematch_all()
    return CandidateMatch.objects.get(case=case)


def test_the_waterfall_draws_the_prior_once_and_every_bar_is_in_the_table(
    pair: CandidateMatch,
) -> None:
    labels = {k: str(v) for k, v in FIELD_LABELS.items()}
    chart = waterfall.build(prior_weight(pair), pair.contributions, labels)
    assert [b.key for b in chart.bars].count("prior") == 1
    assert chart.bars[0].weight == pytest.approx(pair.contributions["prior"], abs=0.01)
    assert chart.bars[-1].end == pytest.approx(pair.match_weight, abs=0.01)
    in_table = {label: weight for row in side_by_side(pair) for label, weight in row.parts}
    for bar in chart.bars:
        if bar.kind in ("prior", "total"):
            continue
        assert bar.label in in_table, bar.label
        assert in_table[bar.label] == pytest.approx(bar.weight, abs=0.01)


def test_fields_carry_the_names_caseworkers_use() -> None:
    assert str(FIELD_LABELS["mother_surname"]) == "Mother's surname"
    assert str(FIELD_LABELS["siblings"]) == "Siblings already matched"
    assert "mother_birth" in FIELD_LABELS and "mother_father" in FIELD_LABELS


def test_the_queue_tells_certain_pairs_apart_by_match_weight(
    client: Any,
    national_user: Any,
    pair: CandidateMatch,
) -> None:
    client.force_login(national_user)
    page = client.get("/tracing/review/").content.decode()
    assert "Match weight (bits)" in page
    assert f"{pair.match_weight:.1f}" in page
    assert pair.band_label in page
