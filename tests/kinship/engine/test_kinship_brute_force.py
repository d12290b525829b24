"""The engine against a brute-force sum over every allele of every person.

The brute force enumerates all ordered genotypes of everyone and applies the definitions
directly: founder alleles by pedprobr's ``thetaCorr`` formula (magnusdv/pedprobr
R/thetaCorrection.R), transmission ``(M[a, c] + M[b, c]) / 2``, and genotype indicators. The
three theta routes of the engine (joint table, sum over identity-by-descent partitions, and
founder alleles drawn last as fresh or copied) are checked.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from kinship_helpers import full_sib_mating, linear_ped_2, nuclear_ped

import homeward.kinship.engine.likelihood as likelihood_module
from homeward.kinship.engine import (
    MarkerFrequencies,
    MutationModel,
    Pedigree,
    Person,
    genotype_posterior,
    marker_likelihood,
)

SHAPES = {
    "siblings": nuclear_ped(2),
    "linear": linear_ped_2(),
    "loop": full_sib_mating(),
    "half-sibs": [
        Person("f", sex=1), Person("m1", sex=2), Person("m2", sex=2),
        Person("a", "f", "m1", 1), Person("b", "f", "m2", 2),
    ],
}  # fmt: skip


def brute_force(
    ped: Pedigree, mf: MarkerFrequencies, theta: float, mutation: MutationModel | None
) -> float:
    ids = ped.order()
    n = len(mf.alleles)
    index = mf.index()
    female, male = mutation.matrices(mf) if mutation else (np.eye(n), np.eye(n))
    grid = np.indices((n,) * (2 * len(ids))).reshape(2 * len(ids), -1)
    var = {pid: (grid[2 * k], grid[2 * k + 1]) for k, pid in enumerate(ids)}
    prob = np.ones(grid.shape[1])
    founder_alleles = [a for pid in ids if ped.persons[pid].is_founder for a in var[pid]]
    for j, aj in enumerate(founder_alleles):
        b = sum((ai == aj).astype(float) for ai in founder_alleles[:j]) if j else 0.0
        prob *= (b * theta + (1 - theta) * mf.freqs[aj]) / (1 + (j - 1) * theta)
    for pid in ids:
        person = ped.persons[pid]
        if person.father is not None and person.mother is not None:
            fp, fm = var[person.father]
            mp, mm = var[person.mother]
            cp, cm = var[pid]
            prob *= 0.5 * (male[fp, cp] + male[fm, cp]) * 0.5 * (female[mp, cm] + female[mm, cm])
        g = ped.genotype(pid, "M")
        if g is not None:
            x, y = index[g[0]], index[g[1]]
            a, b = var[pid]
            prob *= ((a == x) & (b == y)) | ((a == y) & (b == x))
    return float(prob.sum())


@st.composite
def cases(draw: st.DrawFn) -> tuple[Pedigree, MarkerFrequencies]:
    shape = draw(st.sampled_from(sorted(SHAPES)))
    people = SHAPES[shape]
    n = 2 if shape == "loop" else draw(st.integers(2, 3))
    weights = draw(st.lists(st.floats(0.1, 1.0), min_size=n, max_size=n))
    mf = MarkerFrequencies.from_mapping("M", {str(10 + i): w for i, w in enumerate(weights)})
    typed = draw(
        st.lists(st.sampled_from([p.id for p in people]), min_size=1, max_size=3, unique=True)
    )
    allele = st.sampled_from(mf.alleles)
    genotypes = {pid: {"M": (draw(allele), draw(allele))} for pid in typed}
    return Pedigree(people, genotypes), mf


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    cases(),
    st.sampled_from([0.0, 0.05]),
    st.sampled_from([None, "equal", "proportional", "stepwise"]),
    st.sampled_from([None, "partitions", "copies"]),
)
def test_likelihood_equals_the_brute_force_sum(
    case: tuple[Pedigree, MarkerFrequencies], theta: float, model: str | None, route: str | None
) -> None:
    ped, mf = case
    mutation = None if model is None else MutationModel.of(model, 0.05, rate_male=0.1, rate2=0.01)
    expected = brute_force(ped, mf, theta, mutation)
    try:
        likelihood_module.THETA_ROUTE = route
        got = marker_likelihood(ped, "M", mf, theta=theta, mutation=mutation)
    finally:
        likelihood_module.THETA_ROUTE = None
    assert got == pytest.approx(expected, rel=1e-9, abs=1e-15)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(), st.sampled_from([None, "stepwise"]), st.sampled_from(["partitions", "copies"]))
def test_genotype_distribution_is_the_same_by_every_theta_route(
    case: tuple[Pedigree, MarkerFrequencies], model: str | None, route: str
) -> None:
    ped, mf = case
    mutation = None if model is None else MutationModel.of(model, 0.05, rate2=0.01)
    # A founder and a non-founder as the person asked about.
    for person in (ped.order()[0], ped.order()[-1]):
        rest = ped.with_profile(person, {})
        if marker_likelihood(rest, "M", mf, mutation=mutation) == 0:
            continue  # the others' genotypes are impossible: no distribution to compare
        dense = genotype_posterior(ped, person, "M", mf, theta=0.05, mutation=mutation)
        try:
            likelihood_module.THETA_ROUTE = route
            parts = genotype_posterior(ped, person, "M", mf, theta=0.05, mutation=mutation)
        finally:
            likelihood_module.THETA_ROUTE = None
        np.testing.assert_allclose(parts.probs, dense.probs, rtol=1e-9, atol=1e-15)
