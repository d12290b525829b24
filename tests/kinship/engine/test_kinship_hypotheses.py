"""Competing hypotheses (Familias style): each likelihood, LRs between them and posteriors."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_kinship_brute_force import brute_force

from homeward.kinship.engine import (
    FrequencyDB,
    KinshipInputError,
    MarkerFrequencies,
    Pedigree,
    Person,
    compare_hypotheses,
    gene_drop,
    kinship_lr,
)

FAST = settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _db(weights: list[list[float]]) -> FrequencyDB:
    markers = {}
    for k, w in enumerate(weights):
        labels = [str(10 + i) for i in range(len(w))]
        markers[f"M{k}"] = MarkerFrequencies.from_mapping(f"M{k}", dict(zip(labels, w, strict=True)))
    return FrequencyDB(markers.values())


def _father_uncle_unrelated() -> tuple[Pedigree, Pedigree, Pedigree]:
    father = Pedigree([Person("af", sex=1), Person("mo", sex=2), Person("child", "af", "mo", 1)],
                      name="father")  # fmt: skip
    uncle = Pedigree([
        Person("gf", sex=1), Person("gm", sex=2), Person("af", "gf", "gm", 1),
        Person("fa", "gf", "gm", 1), Person("mo", sex=2), Person("child", "fa", "mo", 1),
    ], name="paternal uncle")  # fmt: skip
    unrelated = Pedigree([Person("af", sex=1), Person("fa", sex=1), Person("mo", sex=2),
                          Person("child", "fa", "mo", 1)], name="unrelated")  # fmt: skip
    return father, uncle, unrelated


def _brute(ped: Pedigree, marker: str, db: FrequencyDB, theta: float) -> float:
    """Brute-force likelihood at one marker: every allele of everyone enumerated, one
    connected component at a time (theta applies within a family, not between unrelated ones)."""
    total = 1.0
    for comp in ped.components():
        part = Pedigree([p for pid, p in ped.persons.items() if pid in comp])
        for pid in ped.typed(marker):
            g = ped.genotype(pid, marker)
            if pid in comp and g is not None:
                part.set_genotype(pid, "M", g)
        total *= brute_force(part, db[marker], theta, None)
    return total


@FAST
@given(
    st.lists(st.lists(st.floats(0.1, 1.0), min_size=3, max_size=3), min_size=3, max_size=3),
    st.integers(0, 10_000),
    st.sampled_from([0.0, 0.02]),
    st.booleans(),
)
def test_father_against_paternal_uncle_matches_the_brute_force_sum(
    weights: list[list[float]], seed: int, theta: float, truly_uncle: bool
) -> None:
    db = _db(weights)
    hyps = _father_uncle_unrelated()
    truth = hyps[1] if truly_uncle else hyps[0]
    sim = gene_drop(truth, db, list(db.names()), np.random.default_rng(seed))
    for ped in hyps:
        for pid in ("af", "mo", "child"):
            for m, g in sim[pid].items():
                ped.set_genotype(pid, m, g)
    res = compare_hypotheses(hyps, db, theta=theta)
    assert res.labels == ["father", "paternal uncle", "unrelated"]
    for k, ped in enumerate(hyps):
        for m in res.markers:
            expected = _brute(ped, m, db, theta)
            assert res.per_marker[m][k] == pytest.approx(expected, rel=1e-9, abs=1e-300)
    logs = res.log10_likelihoods
    if all(math.isfinite(v) for v in logs):
        brute = [sum(math.log10(_brute(p, m, db, theta)) for m in res.markers) for p in hyps]
        assert res.log10_lr("father", "paternal uncle") == pytest.approx(brute[0] - brute[1])
        odds = [10 ** (b - max(brute)) for b in brute]
        assert res.posteriors == pytest.approx([o / sum(odds) for o in odds])


def test_lr_between_two_hypotheses_is_kinship_lr() -> None:
    db = _db([[0.2, 0.3, 0.5], [0.6, 0.3, 0.1]])
    hyps = _father_uncle_unrelated()
    for ped in hyps:
        ped.set_genotype("af", "M0", "10/11")
        ped.set_genotype("child", "M0", "11/12")
        ped.set_genotype("mo", "M0", "12/12")
        ped.set_genotype("af", "M1", "10/10")
        ped.set_genotype("child", "M1", "10/11")
    res = compare_hypotheses(hyps, db)
    direct = kinship_lr(hyps[0], hyps[1], db)
    assert res.lr(0, 1) == pytest.approx(direct.lr)
    assert res.marker_lr("M0", 0, 2) == pytest.approx(kinship_lr(hyps[0], hyps[2], db).per_marker["M0"])


def test_priors_weigh_the_posteriors_and_an_exclusion_gets_none() -> None:
    db = _db([[0.2, 0.3, 0.5]])
    hyps = _father_uncle_unrelated()
    for ped in hyps:
        ped.set_genotype("af", "M0", "10/10")
        ped.set_genotype("mo", "M0", "12/12")
        ped.set_genotype("child", "M0", "11/12")
    res = compare_hypotheses(hyps, db, priors=[1, 2, 1])
    assert res.priors == pytest.approx([0.25, 0.5, 0.25])
    assert res.exclusions("father") == ["M0"]
    assert res.posteriors[0] == 0
    lik = res.likelihoods
    assert res.posteriors[1] == pytest.approx(2 * lik[1] / (2 * lik[1] + lik[2]))


def test_hypotheses_over_other_typed_people_are_refused() -> None:
    db = _db([[0.2, 0.3, 0.5]])
    a, b, _ = _father_uncle_unrelated()
    a.set_genotype("af", "M0", "10/11")
    b.set_genotype("af", "M0", "10/12")
    with pytest.raises(KinshipInputError, match="other typed people"):
        compare_hypotheses([a, b], db)
    with pytest.raises(KinshipInputError, match="at least two"):
        compare_hypotheses([a], db)
