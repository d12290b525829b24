"""Sampling plans (simulated power per set of relatives) and profile quality control."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from homeward.kinship.engine import GLOBALFILER, KinshipInputError, random_profile, shipped_database
from homeward.kinship.engine.cli import main
from homeward.kinship.engine.planning import candidate_sets, rank, simulate_power
from homeward.kinship.engine.qc import matching_profiles

FAST = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def test_more_relatives_give_at_least_as_much_power_on_the_same_families() -> None:
    db = shipped_database("west-asia")
    sets = [("paternal grandmother",), ("paternal grandmother", "paternal uncle", "paternal aunt"),
            ("mother", "paternal grandmother")]
    rows = simulate_power(sets, db, list(GLOBALFILER), families=12, seed=4)
    again = simulate_power(sets, db, list(GLOBALFILER), families=12, seed=4)
    assert rows == again  # the same seed, the same figures
    one, three, mother = (r.median_log10_lr for r in rows)
    assert three > one and mother > three
    assert rank(rows)[0].relatives == ("mother", "paternal grandmother")
    assert all(r.false_inclusion <= 0.1 for r in rows)


def test_candidate_sets_are_every_subset_and_unknown_relatives_are_refused() -> None:
    assert len(candidate_sets(["paternal grandmother", "paternal uncle", "paternal aunt"])) == 7
    with pytest.raises(KinshipInputError, match="no such relative"):
        candidate_sets(["neighbour"])


def test_plan_command_ranks_the_sets(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", "--relatives", "paternal grandmother", "mother", "--families", "6", "--seed", "2"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[1].startswith("rank\trelatives\tpower")
    assert lines[2].split("\t")[1] == "mother"  # as sure as with the grandmother too, and one sample fewer
    assert len(lines) == 2 + 3


@FAST
@given(st.integers(0, 10_000), st.integers(0, 4), st.integers(0, 2))
def test_a_copy_with_k_changed_markers_is_flagged_exactly_when_k_is_within_the_tolerance(
    seed: int, changed: int, tolerance: int
) -> None:
    db = shipped_database("west-asia")
    rng = np.random.default_rng(seed)
    markers = list(GLOBALFILER)
    prof = {m: "/".join(g) for m, g in random_profile(db, markers, rng).items()}
    copy = dict(prof)
    for m in markers[:changed]:
        a, b = copy[m].split("/")
        copy[m] = f"{a}/{float(b) + 40:g}"  # an allele no one carries
    stranger = {m: "/".join(g) for m, g in random_profile(db, markers, rng).items()}
    found = matching_profiles({"new": copy}, {"old": prof, "other": stranger}, max_mismatch=tolerance)
    flagged = {(f.a, f.b) for f in found}
    assert (("new", "old") in flagged) == (changed <= tolerance)
    assert ("new", "other") not in flagged
    for f in found:
        if f.b == "old":
            assert f.shared == len(markers) and f.mismatches == changed
