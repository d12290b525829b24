"""Published values of the R pedsuite (pedprobr, pedmut, forrel), reproduced.

Each test names its source file; the expected values are the ones the R tests assert (R's
``expect_equal`` uses a relative tolerance of 1.5e-8; we use 1e-12 where the value is exact).
"""

from __future__ import annotations

import numpy as np
import pytest
from kinship_helpers import (
    afreq,
    ancestral_ped_2,
    freqs,
    full_sib_mating,
    linear_ped_2,
    nuclear_ped,
    three_generations,
    with_genotypes,
)

from homeward.kinship.engine import (
    FrequencyDB,
    MarkerFrequencies,
    MarkerModel,
    MutationModel,
    Pedigree,
    Person,
    kinship_lr,
    marker_likelihood,
    mutation_matrix,
    relationship_pedigree,
    singletons,
)
from homeward.kinship.engine.likelihood import marker_joint


def lik(ped: Pedigree, mf: MarkerFrequencies, **kw: object) -> float:
    return marker_likelihood(ped, "M", mf, **kw)  # type: ignore[arg-type]


class TestPedprobrLikelihood:
    """magnusdv/pedprobr tests/testthat/test-likelihood.R"""

    def test_nuclear_likelihoods_are_correct_hw_like(self) -> None:
        p = 0.1
        q = 1 - p
        mf = afreq([p, q])
        x = nuclear_ped(1)
        assert lik(with_genotypes(x, _1="1/1"), mf) == pytest.approx(p**2, rel=1e-12)
        assert lik(with_genotypes(x, _1="1/2"), mf) == pytest.approx(2 * p * q, rel=1e-12)
        assert lik(with_genotypes(x, _3="1/1"), mf) == pytest.approx(p**2, rel=1e-12)
        assert lik(with_genotypes(x, _3="2/1"), mf) == pytest.approx(2 * p * q, rel=1e-12)
        assert lik(with_genotypes(x, _1="1/1", _2="2/2"), mf) == pytest.approx(
            p**2 * q**2, rel=1e-12
        )
        assert lik(with_genotypes(x, _1="1/1", _2="2/2", _3="1/2"), mf) == pytest.approx(
            p**2 * q**2, rel=1e-12
        )
        assert lik(with_genotypes(x, _1="1/1", _2="1/1", _3="2/2"), mf) == 0
        assert lik(with_genotypes(x, _1="1/1", _3="2/2"), mf) == 0

    def test_nuclear_likelihoods_are_correct_multiallelic(self) -> None:
        p = 0.1
        q = 1 - p
        x = nuclear_ped(1)
        assert lik(with_genotypes(x), afreq([p, q, 0])) == 1
        assert lik(with_genotypes(x, _1="1/1"), afreq([p, q, 0])) == pytest.approx(p**2, rel=1e-12)
        assert lik(with_genotypes(x, _1="2/2"), afreq([p, p, q - p])) == pytest.approx(
            p**2, rel=1e-12
        )
        uniform = afreq([0.1] * 10)
        assert lik(with_genotypes(x, _1="1/1", _2="10/10"), uniform) == pytest.approx(
            0.1**4, rel=1e-12
        )

    def test_trio_snp_examples(self) -> None:
        p = 0.2
        q = 1 - p
        mf = afreq([p, q])
        x = nuclear_ped(1)
        assert lik(with_genotypes(x, _1="1/2", _2="1/2", _3="1/2"), mf) == pytest.approx(
            2 * p**2 * q**2, rel=1e-12
        )
        assert lik(with_genotypes(x, _1="1/2", _3="1/2"), mf) == pytest.approx(p * q, rel=1e-12)

    def test_sibling_snp_example(self) -> None:
        p = 0.2
        q = 1 - p
        ped = with_genotypes(nuclear_ped(2), _3="2/2", _4="2/2")
        assert lik(ped, afreq([p, q])) == pytest.approx(0.25 * q**2 * (1 + q) ** 2, rel=1e-12)

    def test_three_generation_snp_example(self) -> None:
        p = 0.2
        q = 1 - p
        ped = with_genotypes(three_generations(), _4="1/2", _7="1/2", _3="1/2")
        assert lik(ped, afreq([p, q])) == pytest.approx(
            (2 * p * q) ** 2 * (3 / 8 + p * q / 2), rel=1e-12
        )

    def test_looped_pedigree_is_unchanged_by_splitting_an_allele(self) -> None:
        p, q = 0.1, 0.2
        r = 1 - p - q
        x = full_sib_mating()
        het = with_genotypes(x, _5="1/2", _6="1/2")
        assert lik(het, afreq([p, q, r])) == pytest.approx(
            lik(het, afreq([p, q, r / 2, r / 2])), rel=1e-12
        )
        hom = with_genotypes(x, _5="2/2", _6="2/2")
        reordered = afreq([r / 2, r / 2, q, p], ["4", "3", "2", "1"])
        assert lik(hom, afreq([p, q, r])) == pytest.approx(lik(hom, reordered), rel=1e-12)
        assert lik(hom, afreq([p, q, r])) > 0

    def test_partial_genotypes(self) -> None:
        p = 0.8
        q = 1 - p
        mf = afreq([p, q])
        single = Pedigree([Person("a")], {"a": {"M": "2/-"}})
        assert lik(single, mf) == pytest.approx(q * (q + 2 * p), rel=1e-12)
        nuclear = Pedigree(
            [Person("fa", sex=1), Person("mo", sex=2), Person("a", "fa", "mo")], {"a": {"M": "2/-"}}
        )
        assert lik(nuclear, mf) == pytest.approx(q * (q + 2 * p), rel=1e-12)


class TestPedprobrMutations:
    """magnusdv/pedprobr tests/testthat/test-mutations.R"""

    def test_founders_only_with_mutation(self) -> None:
        p = 0.1
        q = 1 - p
        mut = MutationModel.of("equal", 0.1)
        x = nuclear_ped(1)
        assert lik(with_genotypes(x, _1="1/1"), afreq([p, q]), mutation=mut) == pytest.approx(
            p**2, rel=1e-12
        )
        assert lik(with_genotypes(x, _1="1/2"), afreq([p, q]), mutation=mut) == pytest.approx(
            2 * p * q, rel=1e-12
        )
        three = afreq([p, q, 0])
        assert lik(with_genotypes(x, _1="1/1", _2="1/2"), three, mutation=mut) == pytest.approx(
            p**2 * 2 * p * q, rel=1e-12
        )

    def test_trio_some_typed_with_mutation(self) -> None:
        p = 0.9
        q = 1 - p
        mf = afreq([p, q])
        eq = MutationModel.of("equal", 0.1)
        rr = eq.matrices(mf)[1][0, 1]
        ped = with_genotypes(nuclear_ped(1), _1="1/1", _2="1/1", _3="2/2")
        assert lik(ped, mf, mutation=eq) == pytest.approx(p**4 * rr**2, rel=1e-12)
        prop = MutationModel.of("proportional", 0.1)
        rr = prop.matrices(mf)[1][0, 1]
        ped = with_genotypes(nuclear_ped(1), _1="1/1", _3="2/2")
        assert lik(ped, mf, mutation=prop) == pytest.approx(p**2 * q * rr, rel=1e-12)

    def test_looped_pedigree_with_mutation_gives_the_same_likelihood_with_alleles_merged(
        self,
    ) -> None:
        # The R test's markers carry no mutation model; here the engine's merging of unseen
        # alleles (exact for lumpable models) is checked against the unmerged computation.
        mf = afreq([0.1, 0.2, 0.3, 0.25, 0.15])
        ped = with_genotypes(full_sib_mating(), _5="1/2", _6="1/2")
        for mut in (
            MutationModel.of("proportional", 0.05),
            MutationModel.of("equal", 0.05, rate_male=0.1),
        ):
            full = MarkerModel.build(mf, mutation=mut)
            evidence = {"5": ("1", "2"), "6": ("1", "2")}
            unmerged = float(marker_joint(ped, full, [evidence])[0])
            assert full.lumped({"1", "2"}).freqs.alleles[-1] != "3"
            assert lik(ped, mf, mutation=mut) == pytest.approx(unmerged, rel=1e-12)

    def test_ancestral_pedigree_with_non_stationary_mutation(self) -> None:
        # Every allele mutates into allele 2: two typed 2/2 non-founders have likelihood 1.
        mf = afreq([0.5, 0.5])
        always_two = np.array([[0.0, 1.0], [0.0, 1.0]])
        ped = with_genotypes(linear_ped_2(), _3="2/2", _5="2/2")
        model = MarkerModel(mf, always_two, always_two)
        evidence = {"3": ("2", "2"), "5": ("2", "2")}
        assert float(marker_joint(ped, model, [evidence])[0]) == pytest.approx(1.0, rel=1e-12)

    def test_lumped_mutation_model_is_robust_to_allele_ordering(self) -> None:
        mf = afreq([0.1, 0.2, 0.3, 0.4])
        prop = MutationModel.of("proportional", 0.5)
        x = nuclear_ped(2)
        assert lik(with_genotypes(x, _3="3/4"), mf, mutation=prop) == lik(
            with_genotypes(x, _3="4/3"), mf, mutation=prop
        )
        a = lik(with_genotypes(x, _3="3/3", _4="4/4"), mf, mutation=prop)
        b = lik(with_genotypes(x, _3="4/4", _4="3/3"), mf, mutation=prop)
        assert a == pytest.approx(b, rel=1e-12)


class TestPedprobrTheta:
    """magnusdv/pedprobr tests/testthat/test-theta-correction.R"""

    def test_theta_works_in_two_generation_pedigrees(self) -> None:
        mf = freqs(A=0.3, B=0.7)
        x = with_genotypes(linear_ped_2(), _5="A/A")
        assert lik(x, mf, theta=0) == pytest.approx(0.09, rel=1e-12)
        assert lik(x, mf, theta=0.01) == pytest.approx(0.0921, rel=1e-12)
        y = with_genotypes(ancestral_ped_2(), _7="A/A")
        assert lik(y, mf, theta=0.01) == pytest.approx(0.0921, rel=1e-12)


class TestPedmutReadme:
    """magnusdv/pedmut README.md (the printed matrices and the likelihood example)."""

    def test_father_and_son_homozygous_for_different_alleles(self) -> None:
        x = Pedigree(
            [Person("fa", sex=1), Person("mo", sex=2), Person("boy", "fa", "mo", 1)],
            {"fa": {"M": "1/1"}, "boy": {"M": "2/2"}},
        )
        mf = afreq([0.5, 0.5])
        assert lik(x, mf) == 0
        assert lik(x, mf, mutation=MutationModel.of("equal", 0.1)) == pytest.approx(
            0.0125, rel=1e-12
        )

    def test_equal_and_proportional_matrices(self) -> None:
        eq = mutation_matrix("equal", ("a", "b", "c"), rate=0.1)
        np.testing.assert_allclose(eq, [[0.9, 0.05, 0.05], [0.05, 0.9, 0.05], [0.05, 0.05, 0.9]])
        prop = mutation_matrix("proportional", ("a", "b", "c"), np.array([0.7, 0.2, 0.1]), rate=0.1)
        printed = [
            [0.93478261, 0.04347826, 0.02173913],
            [0.15217391, 0.82608696, 0.02173913],
            [0.15217391, 0.04347826, 0.80434783],
        ]
        np.testing.assert_allclose(prop, printed, atol=5e-9)

    def test_stepwise_matrix_of_simonsson_and_mostad(self) -> None:
        m = mutation_matrix(
            "stepwise", ("16", "17", "18", "16.1", "17.1"), rate=0.003, rate2=0.001, range_=0.5
        )
        third = 0.0003333333
        printed = [
            [0.996, 0.002, 0.001, 0.0005, 0.0005],
            [0.0015, 0.996, 0.0015, 0.0005, 0.0005],
            [0.001, 0.002, 0.996, 0.0005, 0.0005],
            [third, third, third, 0.996, 0.003],
            [third, third, third, 0.003, 0.996],
        ]
        np.testing.assert_allclose(m, printed, atol=5e-11)


class TestPedmutStationary:
    """magnusdv/pedmut R/makeStationary.R (PM method) and tests/testthat/test-stabilize.R."""

    def test_stationary_model_keeps_the_frequencies(self) -> None:
        mf = afreq([0.2, 0.3, 0.5])
        model = MutationModel("stepwise", 0.1, 0.1, 0.01, 0.1, stationary=True)
        female, _ = model.matrices(mf)
        np.testing.assert_allclose(mf.freqs @ female, mf.freqs, atol=1e-12)
        np.testing.assert_allclose(female.sum(axis=1), 1.0, atol=1e-12)
        raw, _ = MutationModel("stepwise", 0.1, 0.1, 0.01, 0.1).matrices(mf)
        # The overall mutation rate is kept.
        assert float(mf.freqs @ np.diag(female)) == pytest.approx(
            float(mf.freqs @ np.diag(raw)), rel=1e-12
        )

    def test_stationary_equal_model_is_unchanged_with_uniform_frequencies(self) -> None:
        mf = afreq([0.25] * 4)
        stat, _ = MutationModel("equal", 0.1, 0.1, stationary=True).matrices(mf)
        raw, _ = MutationModel("equal", 0.1, 0.1).matrices(mf)
        np.testing.assert_allclose(stat, raw, atol=1e-12)


class TestForrelKinshipLR:
    """magnusdv/forrel tests/testthat/test-kinshipLR.R"""

    def test_kinship_lr_computes_correctly_in_paternity_case(self) -> None:
        db = FrequencyDB(
            [
                MarkerFrequencies.from_mapping("M1", {"A": 0.05, "B": 0.95}),
                MarkerFrequencies.from_mapping("M2", {"A": 0.1, "B": 0.9}),
            ]
        )
        typed = {"fa": {"M1": "A/A", "M2": "A/A"}, "ch": {"M1": "A/A", "M2": "A/A"}}
        h1 = relationship_pedigree("parent-child", "fa", "ch")
        for pid, prof in typed.items():
            for m, g in prof.items():
                h1.set_genotype(pid, m, g)
        h2 = singletons(typed)
        assert kinship_lr(h1, h2, db).lr == pytest.approx(20 * 10, rel=1e-12)
        assert kinship_lr(h1, h2, db, markers=["M1"]).lr == pytest.approx(20, rel=1e-12)
        assert kinship_lr(h1, h2, db, markers=["M2"]).lr == pytest.approx(10, rel=1e-12)


class TestPedmutMutationMatrix:
    """magnusdv/pedmut tests/testthat/test-mutationMatrix.R"""

    def test_equal_model(self) -> None:
        np.testing.assert_array_equal(mutation_matrix("equal", ("1", "2", "3"), rate=0), np.eye(3))
        m = mutation_matrix("equal", ("1", "2", "3"), rate=0.1)
        np.testing.assert_allclose(np.diag(m), 0.9)
        np.testing.assert_allclose(m.sum(axis=1), 1.0)

    def test_proportional_model(self) -> None:
        afr = np.array([0.2, 0.3, 0.5])
        labels = ("1", "2", "3")
        np.testing.assert_allclose(mutation_matrix("proportional", labels, afr, rate=0), np.eye(3))
        m = mutation_matrix("proportional", labels, afr, rate=0.1)
        np.testing.assert_allclose(m.sum(axis=1), 1.0)
        np.testing.assert_allclose([m[1, 0], m[0, 1], m[0, 2]], [m[2, 0], m[2, 1], m[1, 2]])

    def test_impossible_proportional_rate_is_refused(self) -> None:
        with pytest.raises(ValueError, match="impossible proportional mutation matrix"):
            mutation_matrix("proportional", ("1", "2"), np.array([0.5, 0.5]), rate=2)

    def test_stepwise_model_without_mutation_is_the_identity(self) -> None:
        m = mutation_matrix("stepwise", ("1", "2", "3"), rate=0, rate2=0, range_=0.5)
        np.testing.assert_array_equal(m, np.eye(3))
