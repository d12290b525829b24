"""The reliability page: reviewed pairs by probability band, and what the latest run fitted."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from homeward.tracing import matching
from homeward.tracing.models import CandidateMatch
from homeward.tracing.queries import band
from homeward.tracing.reliability import reliability

pytestmark = pytest.mark.django_db


def _pairs(
    make_case: Callable[..., Any],
    make_request: Callable[..., Any],
    decided: list[tuple[float, str]],
) -> None:
    sought = make_request().sought_children.get()
    for p, status in decided:
        CandidateMatch.objects.create(
            case=make_case(),
            sought_child=sought,
            match_probability=p,
            match_weight=0.0,
            status=status,
            computed_at=timezone.now(),
        )


def test_reviewed_pairs_are_counted_by_probability_band(
    make_case: Callable[..., Any],
    make_request: Callable[..., Any],
) -> None:
    _pairs(
        make_case,
        make_request,
        [
            (0.85, "confirmed"),
            (0.82, "confirmed"),
            (0.81, "rejected"),
            (0.15, "rejected"),
            (0.5, "potential"),
        ],
    )
    table = reliability(CandidateMatch.objects.all())
    assert table.decided == 4
    eight = table.bands[8]
    assert (eight.pairs, eight.confirmed) == (3, 2)
    assert eight.observed == pytest.approx(2 / 3)
    assert table.brier == pytest.approx((0.15**2 + 0.18**2 + 0.81**2 + 0.15**2) / 4)


def test_the_page_shows_the_bands_and_the_fitted_parameters(
    client: Any,
    national_user: Any,
    make_case: Callable[..., Any],
    make_request: Callable[..., Any],
) -> None:
    make_case()
    make_request()
    matching.rematch_all()
    _pairs(make_case, make_request, [(0.95, "confirmed")])
    client.force_login(national_user)
    page = client.get("/tracing/review/reliability/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Reliability of match probabilities" in text
    assert "Brier score" in text
    assert "Mother&#x27;s surname" in text or "Mother's surname" in text
    assert "What the latest run fitted" in text


def test_the_likely_band_starts_at_one_half() -> None:
    assert band(0.5) == "likely" and band(0.49) == "possible" and band(0.05) == "unlikely"
