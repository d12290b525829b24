"""Property tests: the engine's routes agree with each other and with probability laws."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from homeward.kinship.engine import (
    RELATIONSHIPS,
    FrequencyDB,
    MarkerFrequencies,
    MutationModel,
    Pedigree,
    Person,
    genotype_posterior,
    identify_lr,
    marker_likelihood,
    pairwise_lr,
    relationship_pedigree,
)

FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def marker_and_pair(draw: st.DrawFn) -> tuple[MarkerFrequencies, tuple[str, str], tuple[str, str]]:
    n = draw(st.integers(2, 6))
    weights = draw(st.lists(st.floats(0.05, 1.0), min_size=n, max_size=n))
    labels = [str(8 + i) for i in range(n)]
    mf = MarkerFrequencies.from_mapping("M", dict(zip(labels, weights, strict=True)))
    pick = st.sampled_from(labels)
    return mf, (draw(pick), draw(pick)), (draw(pick), draw(pick))


@FAST
@given(marker_and_pair(), st.sampled_from(RELATIONSHIPS))
def test_kappa_route_and_pedigree_route_agree_for_every_pair_relationship(
    case: tuple[MarkerFrequencies, tuple[str, str], tuple[str, str]], relationship: str
) -> None:
    mf, ga, gb = case
    db = FrequencyDB([mf])
    kappa = pairwise_lr({"M": ga}, {"M": gb}, relationship, db, method="kappa").lr
    pedigree = pairwise_lr({"M": ga}, {"M": gb}, relationship, db, method="pedigree").lr
    assert kappa == pytest.approx(pedigree, rel=1e-9)


@FAST
@given(marker_and_pair(), st.sampled_from(RELATIONSHIPS), st.randoms(use_true_random=False))
def test_lr_is_invariant_to_relabelling_the_alleles(
    case: tuple[MarkerFrequencies, tuple[str, str], tuple[str, str]], relationship: str, rnd: object
) -> None:
    mf, ga, gb = case
    labels = list(mf.alleles)
    shuffled = labels[:]
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    rename = {a: f"x{b}" for a, b in zip(labels, shuffled, strict=True)}
    renamed = MarkerFrequencies.from_mapping(
        "M", {rename[a]: f for a, f in zip(labels, mf.freqs, strict=True)}
    )
    mut = MutationModel.of("proportional", 0.01)
    for kw in ({}, {"mutation": mut}, {"theta": 0.02}):
        before = pairwise_lr({"M": ga}, {"M": gb}, relationship, FrequencyDB([mf]), **kw).lr  # type: ignore[arg-type]
        after = pairwise_lr(
            {"M": (rename[ga[0]], rename[ga[1]])}, {"M": (rename[gb[0]], rename[gb[1]])},
            relationship, FrequencyDB([renamed]), **kw,  # type: ignore[arg-type]
        ).lr  # fmt: skip
        assert before == pytest.approx(after, rel=1e-9)


@FAST
@given(
    st.integers(2, 5),
    st.sampled_from(["avuncular", "grandparent", "half-sib", "first-cousin"]),
    st.floats(0.0, 0.05),
    st.sampled_from([None, "equal", "stepwise"]),
)
def test_likelihoods_of_all_genotypes_of_one_typed_member_sum_to_one(
    n: int, relationship: str, theta: float, model: str | None
) -> None:
    mf = MarkerFrequencies.from_mapping("M", {str(10 + i): 1 + i for i in range(n)})
    mut = None if model is None else MutationModel.of(model, 0.02)
    ped = relationship_pedigree(relationship, "A", "B")
    total = 0.0
    for i, a in enumerate(mf.alleles):
        for b in mf.alleles[i:]:
            ped.set_genotype("B", "M", (a, b))
            total += marker_likelihood(ped, "M", mf, theta=theta, mutation=mut)
    assert total == pytest.approx(1.0, rel=1e-9)


@FAST
@given(st.integers(2, 5), st.sampled_from([None, "equal", "proportional"]))
def test_posterior_of_a_missing_member_is_a_distribution_matching_the_likelihoods(
    n: int, model: str | None
) -> None:
    mf = MarkerFrequencies.from_mapping("M", {str(10 + i): 2 + i for i in range(n)})
    mut = None if model is None else MutationModel.of(model, 0.03)
    people = [
        Person("gf", sex=1), Person("gm", sex=2), Person("fa", "gf", "gm", 1), Person("uncle", "gf", "gm", 1),
        Person("mo", sex=2), Person("child", "fa", "mo", 1),
    ]  # fmt: skip
    a, b = mf.alleles[0], mf.alleles[-1]
    ped = Pedigree(people, {"gm": {"M": (a, b)}, "uncle": {"M": (b, b)}})
    dist = genotype_posterior(ped, "child", "M", mf, mutation=mut)
    table = dist.table()
    assert sum(p for _, p in table) == pytest.approx(1.0, rel=1e-12)
    fam = marker_likelihood(ped, "M", mf, mutation=mut)
    for g, p in table[:3]:
        joint = marker_likelihood(ped.with_profile("child", {"M": g}), "M", mf, mutation=mut)
        assert p == pytest.approx(joint / fam, rel=1e-9)


def test_several_relatives_are_not_combined_by_multiplying_pairwise_lrs() -> None:
    # Grandmother and uncle of a child, both homozygous for the child's rare allele: jointly
    # they say less than the product of their separate LRs (they share the grandfather's
    # genes), and the engine gives the joint value.
    mf = MarkerFrequencies.from_mapping("M", {"10": 0.05, "11": 0.95})
    db = FrequencyDB([mf])
    people = [
        Person("gf", sex=1), Person("gm", sex=2), Person("fa", "gf", "gm", 1), Person("uncle", "gf", "gm", 1),
        Person("mo", sex=2), Person("child", "fa", "mo", 1),
    ]  # fmt: skip
    ped = Pedigree(people, {"gm": {"M": "10/10"}, "uncle": {"M": "10/10"}})
    joint = identify_lr(ped, "child", {"M": "10/10"}, db).lr
    gm = pairwise_lr({"M": "10/10"}, {"M": "10/10"}, "grandparent", db).lr
    uncle = pairwise_lr({"M": "10/10"}, {"M": "10/10"}, "avuncular", db).lr
    assert joint < gm * uncle
    # By hand: the uncle's 10/10 means the grandfather passed a 10 once, so he passes one
    # again with probability (1 + p) / 2; the father passes 10 with 1/2 + 1/2 (1 + p) / 2;
    # the child's maternal 10 has probability p. LR = that / P(10/10) = that / p^2.
    p = 0.05
    father_passes = 0.5 + 0.5 * (1 + p) / 2
    assert joint == pytest.approx(father_passes * p / p**2, rel=1e-12)


def test_blind_search_table_is_close_to_the_exact_computation_with_theta() -> None:
    rng = np.random.default_rng(3)
    mf = MarkerFrequencies.from_mapping(
        "M", {str(10 + i): float(w) for i, w in enumerate(rng.random(5) + 0.1)}
    )
    db = FrequencyDB([mf])
    ped = relationship_pedigree("half-sib", "H", "X")
    ped.set_genotype("H", "M", (mf.alleles[0], mf.alleles[1]))
    from homeward.kinship.engine import Reference, blind_search

    res = blind_search(
        {"p": {"M": (mf.alleles[1], mf.alleles[2])}}, [Reference(ped, "X")], db, theta=0.03
    )
    exact = identify_lr(ped, "X", {"M": (mf.alleles[1], mf.alleles[2])}, db, theta=0.03).log10_lr
    assert res.log10_lr[0, 0] == pytest.approx(exact, rel=1e-9)
