"""Looped pedigrees and one-person genotype distributions, against pedprobr's published values."""

from __future__ import annotations

import pytest
from kinship_helpers import afreq, nuclear_ped

from homeward.kinship.engine import Pedigree, Person, genotype_posterior, marker_likelihood

P_LIST = (0.2, 0.3)


def ped_from_columns(
    fid: list[int], mid: list[int], sex: list[int], genotypes: dict[str, str]
) -> Pedigree:
    people = [
        Person(str(i + 1), str(f) if f else None, str(m) if m else None, s)
        for i, (f, m, s) in enumerate(zip(fid, mid, sex, strict=True))
    ]
    return Pedigree(people, {k: {"M": v} for k, v in genotypes.items()})


class TestPedprobrLoops:
    """magnusdv/pedprobr tests/testthat/test-loops.R (autosomal cases; loops need no breaking here)."""

    @pytest.mark.parametrize("p", P_LIST)
    def test_father_daughter_loop(self, p: float) -> None:
        x = ped_from_columns(
            [0, 0, 1, 1, 1, 5], [0, 0, 2, 2, 3, 3], [1, 2, 2, 2, 1, 1], {"6": "1/1"}
        )
        expected = p**2 + 3 / 8 * p * (1 - p)
        assert marker_likelihood(x, "M", afreq([p, 1 - p])) == pytest.approx(expected, rel=1e-12)

    def test_half_sib_mating_loop(self) -> None:
        cols = ([0, 0, 0, 1, 1, 4], [0, 0, 0, 2, 3, 5], [1, 2, 2, 1, 2, 1])
        p1, p2 = P_LIST
        hom = ped_from_columns(*cols, {"6": "1/1"})
        het = ped_from_columns(*cols, {"6": "1/2"})
        assert marker_likelihood(hom, "M", afreq([p1, 1 - p1])) == pytest.approx(
            p1**2 + 1 / 8 * p1 * (1 - p1), rel=1e-12
        )
        assert marker_likelihood(het, "M", afreq([p2, 1 - p2])) == pytest.approx(
            2 * p2 * (1 - p2) * 7 / 8, rel=1e-12
        )

    def test_theta_counts_each_founder_once_in_a_loop(self) -> None:
        p, theta = 0.3, 0.05
        x = ped_from_columns(
            [0, 0, 0, 1, 1, 4], [0, 0, 0, 2, 3, 5], [1, 2, 2, 1, 2, 1], {"1": "1/1"}
        )
        mf = afreq([p, 1 - p])
        assert marker_likelihood(x, "M", mf) == pytest.approx(p**2, rel=1e-12)
        assert marker_likelihood(x, "M", mf, theta=theta) == pytest.approx(
            p * (theta + (1 - theta) * p), rel=1e-12
        )


class TestPedprobrOneMarkerDistribution:
    """magnusdv/pedprobr tests/testthat/test-oneMarkerDist.R (autosomal cases)."""

    p = 0.2
    q = 1 - p

    def test_empty_nuclear_family_gives_hardy_weinberg(self) -> None:
        x = Pedigree(nuclear_ped(1))
        mf = afreq([self.p, self.q])
        for pid in ("1", "3"):
            dist = genotype_posterior(x, pid, "M", mf)
            assert dist.probability("1/1") == pytest.approx(self.p**2, rel=1e-12)
            assert dist.probability("1/2") == pytest.approx(2 * self.p * self.q, rel=1e-12)
            assert dist.probability("2/2") == pytest.approx(self.q**2, rel=1e-12)

    def test_father_of_a_homozygous_child(self) -> None:
        people = [Person("1", sex=1), Person("2", sex=2), Person("3", "1", "2", 2)]
        x = Pedigree(people, {"3": {"M": "2/2"}})
        dist = genotype_posterior(x, "1", "M", afreq([self.p, self.q]))
        assert dist.probability("1/1") == 0
        assert dist.probability("1/2") == pytest.approx(self.p, rel=1e-12)
        assert dist.probability("2/2") == pytest.approx(self.q, rel=1e-12)
