"""Simulated genotypes by gene dropping, for tests, benchmarks and power studies."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from .frequencies import FrequencyDB
from .mutation import MutationModel
from .pedigree import Genotype, Pedigree


def random_profile(
    freqs: FrequencyDB, markers: Iterable[str], rng: np.random.Generator
) -> dict[str, Genotype]:
    """An unrelated person's genotypes, drawn in Hardy-Weinberg proportions."""
    out: dict[str, Genotype] = {}
    for m in markers:
        mf = freqs[m]
        a, b = rng.choice(len(mf.alleles), size=2, p=mf.freqs)
        out[m] = (mf.alleles[a], mf.alleles[b])
    return out


def gene_drop(
    ped: Pedigree,
    freqs: FrequencyDB,
    markers: Iterable[str],
    rng: np.random.Generator,
    *,
    mutation: MutationModel | None = None,
) -> dict[str, dict[str, Genotype]]:
    """Genotypes for everyone in ``ped``: founders drawn from the frequencies, children from
    a random allele of each parent (mutated by ``mutation`` if given)."""
    order = ped.order()
    out: dict[str, dict[str, Genotype]] = {pid: {} for pid in order}
    for m in markers:
        mf = freqs[m]
        n = len(mf.alleles)
        female = male = None
        if mutation is not None:
            # Cumulative rows: a uniform draw then picks the mutated allele by bisection.
            female, male = (np.cumsum(m, axis=1) for m in mutation.matrices(mf))
        alle: dict[str, tuple[int, int]] = {}
        for pid in order:
            person = ped.persons[pid]
            if person.father is None or person.mother is None:
                a, b = rng.choice(n, size=2, p=mf.freqs)
                alle[pid] = (int(a), int(b))
                continue
            pat = alle[person.father][int(rng.integers(2))]
            mat = alle[person.mother][int(rng.integers(2))]
            if male is not None and female is not None:
                pat = min(n - 1, int(np.searchsorted(male[pat], rng.random(), side="right")))
                mat = min(n - 1, int(np.searchsorted(female[mat], rng.random(), side="right")))
            alle[pid] = (pat, mat)
        for pid, (a, b) in alle.items():
            out[pid][m] = (mf.alleles[a], mf.alleles[b])
    return out
