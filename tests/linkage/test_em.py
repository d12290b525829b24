"""Pieces of the caseload fit: sample rates, guards against degenerate EM solutions."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from homeward.linkage.em import RATE_BOUNDS, _guard, sample_rate
from homeward.linkage.model import Model
from homeward.linkage.report import parameter_changes, parameter_report


@given(st.floats(0.02, 0.98), st.integers(200, 10**6), st.integers(200, 10**6))
def test_a_full_sample_keeps_the_match_rate(rate: float, n: int, m: int) -> None:
    model = Model.default()
    model.match_rate = rate
    assert abs(sample_rate(model, (n, m), (n, m)) - rate) < 1e-9


@given(st.floats(0.02, 0.98), st.integers(20_001, 10**6), st.floats(0.01, 1.0))
def test_a_sample_has_fewer_matches_per_record_and_stays_in_bounds(
    rate: float, n: int, share: float
) -> None:
    model = Model.default()
    model.match_rate = rate
    s = max(1, int(n * share))
    got = sample_rate(model, (n, n), (s, s))
    assert 0 < got <= RATE_BOUNDS[1]
    assert got <= rate + 1e-9


def test_a_field_whose_agreement_counts_against_goes_back_to_its_start() -> None:
    seed = Model.default()
    model = seed.copy()
    top = model.levels["given_name"][0]
    top.m = top.u / 2  # agreement would now count against a match
    model.match_rate = RATE_BOUNDS[0]
    _guard(model, seed)
    assert model.levels["given_name"][0].m == seed.levels["given_name"][0].m
    assert model.match_rate == seed.match_rate
    guards = model.provenance["guards"]
    assert any(g.startswith("given_name") for g in guards)
    assert any(g.startswith("match rate") for g in guards)


def test_the_report_names_every_field_and_the_match_rate() -> None:
    start = Model.default()
    fitted = start.copy()
    fitted.match_rate = 0.3
    data = parameter_changes(start, fitted)
    assert data["match_rate_start"] == round(start.match_rate, 4) and data["match_rate"] == 0.3
    lines = parameter_report(start, fitted)
    assert lines[0].startswith("match rate")
    assert len(lines) == 1 + len(start.levels)
