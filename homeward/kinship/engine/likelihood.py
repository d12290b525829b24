"""Pedigree likelihoods per marker, summed exactly over every untyped member.

The likelihood of a pedigree at one marker is the probability of the observed genotypes,
summing over the genotypes of everyone untyped (see :mod:`.elimination`). Founder alleles are
drawn from the allele frequencies; with ``theta > 0`` they are drawn jointly by the
Balding-Nichols sampling formula (NRC II 4.10), as pedprobr does: within each connected
component, the j-th founder allele (in any order) is ``a`` with probability
``(b*theta + (1-theta)*p_a) / (1 + (j-2)*theta)``, ``b`` being the number of earlier founder
alleles equal to ``a``. Separate components (an "unrelated" hypothesis) get no theta between
them, as in pedprobr's likelihood of a list of pedigrees.

People who are neither typed nor ancestors of a typed person (nor the person asked about) sum
to 1 and are left out. Alleles that nobody in the pedigree carries are merged into one when the
mutation model allows it (strong lumpability; always without mutation), which keeps the
computation small without changing the result.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .elimination import Factor, eliminate
from .errors import ImpossibleComputation, KinshipInputError
from .frequencies import FrequencyDB, MarkerFrequencies
from .markers import marker_key
from .mutation import MutationModel, is_lumpable
from .pedigree import MISSING_ALLELE, Genotype, Pedigree

FloatArray = NDArray[np.float64]

#: Largest joint founder-allele table built for theta correction (number of entries).
THETA_TABLE_LIMIT = 4_000_000
_OTHER = "\x00other"


@dataclass(frozen=True)
class MarkerModel:
    """Everything about one marker that a likelihood needs besides the pedigree."""

    freqs: MarkerFrequencies
    female: FloatArray | None = None  # mutation matrices; None means no mutation
    male: FloatArray | None = None
    theta: float = 0.0

    @classmethod
    def build(
        cls,
        freqs: MarkerFrequencies,
        *,
        theta: float = 0.0,
        mutation: MutationModel | None = None,
    ) -> MarkerModel:
        if not 0 <= theta < 1:
            raise ValueError(f"theta must be in [0, 1): {theta}")
        if mutation is None:
            return cls(freqs, None, None, theta)
        female, male = mutation.matrices(freqs)
        return cls(freqs, female, male, theta)

    def lumped(self, keep: set[str]) -> MarkerModel:
        """Merge the alleles outside ``keep`` into one, if that is exact."""
        alleles = self.freqs.alleles
        block = np.array([a not in keep for a in alleles])
        if block.sum() < 2:
            return self
        for m in (self.female, self.male):
            if m is not None and not is_lumpable(m, block):
                return self
        kept = ~block
        labels = tuple(a for a in alleles if a in keep) + (_OTHER,)
        p = np.append(self.freqs.freqs[kept], self.freqs.freqs[block].sum())
        freqs = MarkerFrequencies(self.freqs.name, labels, p, self.freqs.sample_size)

        def lump(m: FloatArray | None) -> FloatArray | None:
            if m is None:
                return None
            first = int(np.flatnonzero(block)[0])
            rows = np.vstack([m[kept], m[first][None, :]])
            return np.hstack([rows[:, kept], rows[:, block].sum(axis=1, keepdims=True)])

        return MarkerModel(freqs, lump(self.female), lump(self.male), self.theta)


def evidence_matrix(g: Genotype, index: Mapping[str, int], n: int) -> FloatArray:
    """Indicator over ordered (paternal, maternal) allele pairs consistent with ``g``."""
    e = np.zeros((n, n))
    a = index[g[0]]
    if g[1] == MISSING_ALLELE:
        e[a, :] = 1.0
        e[:, a] = 1.0
    else:
        b = index[g[1]]
        e[a, b] = 1.0
        e[b, a] = 1.0
    return e


def _transmission(m: FloatArray | None, n: int) -> FloatArray:
    """T[a, b, c]: probability that a parent with alleles (a, b) passes on c."""
    if m is None:
        eye = np.eye(n)
        return 0.5 * (eye[:, None, :] + eye[None, :, :])
    return 0.5 * (m[:, None, :] + m[None, :, :])


def theta_founder_table(p: FloatArray, n_alleles: int, theta: float) -> FloatArray:
    """Joint probability of ``n_alleles`` founder alleles under the Balding-Nichols formula."""
    a = len(p)
    if a**n_alleles > THETA_TABLE_LIMIT:
        raise ImpossibleComputation(
            f"theta correction with {n_alleles // 2} founders and {a} alleles at one marker "
            "is too large to compute exactly; reduce the pedigree or use theta = 0"
        )
    table = np.ones(())
    eye = np.eye(a)
    for j in range(n_alleles):
        counts = np.zeros((a,) * (j + 1))
        for i in range(j):
            shape = [1] * (j + 1)
            shape[i] = a
            shape[j] = a
            counts = counts + eye.reshape(shape)
        new = (counts * theta + (1 - theta) * p) / (1 + (j - 1) * theta)
        table = table[..., None] * new
    return table


def _kept_people(ped: Pedigree, typed: Iterable[str], target: str | None) -> list[str]:
    wanted = set(typed)
    if target is not None:
        wanted.add(target)
    keep = ped.ancestors(wanted)
    return [pid for pid in ped.order() if pid in keep]


def marker_joint(
    ped: Pedigree,
    model: MarkerModel,
    evidence: Sequence[Mapping[str, Genotype]],
    *,
    target: str | None = None,
) -> FloatArray:
    """Likelihood of each evidence set in ``evidence`` (all over the same typed people).

    Returns shape ``(len(evidence),)``, or with ``target`` shape ``(len(evidence), A, A)``:
    the joint probability of the evidence and the target's ordered (paternal, maternal)
    alleles, indexed like ``model.freqs.alleles``.
    """
    if not evidence:
        raise ValueError("no evidence sets")
    typed = list(evidence[0])
    kept = _kept_people(ped, typed, target)
    pos = {pid: k for k, pid in enumerate(kept)}
    n = len(model.freqs.alleles)
    index = model.freqs.index()
    p = model.freqs.freqs
    batch = -1
    factors: list[Factor] = []
    # Evidence, stacked over the batch.
    for pid in typed:
        stack = np.stack([evidence_matrix(ev[pid], index, n) for ev in evidence])
        factors.append(((batch, 2 * pos[pid], 2 * pos[pid] + 1), stack))
    if not typed:
        factors.append(((batch,), np.ones(len(evidence))))
    t_male = _transmission(model.male, n)
    t_female = _transmission(model.female, n)
    founders: list[str] = []
    for pid in kept:
        person = ped.persons[pid]
        if person.father is None or person.mother is None:
            founders.append(pid)
            continue
        f, m = pos[person.father], pos[person.mother]
        factors.append(((2 * f, 2 * f + 1, 2 * pos[pid]), t_male))
        factors.append(((2 * m, 2 * m + 1, 2 * pos[pid] + 1), t_female))
    if model.theta > 0:
        kept_set = set(kept)
        for comp in ped.components():
            comp_founders = [pid for pid in founders if pid in comp and pid in kept_set]
            if not comp_founders:
                continue
            scope = tuple(v for pid in comp_founders for v in (2 * pos[pid], 2 * pos[pid] + 1))
            factors.append((scope, theta_founder_table(p, len(scope), model.theta)))
    else:
        for pid in founders:
            factors.append(((2 * pos[pid],), p))
            factors.append(((2 * pos[pid] + 1,), p))
    keep: tuple[int, ...] = (batch,)
    if target is not None:
        keep = (batch, 2 * pos[target], 2 * pos[target] + 1)
    return eliminate(factors, keep)


def _marker_model(
    freqs: FrequencyDB | MarkerFrequencies,
    marker: str,
    alleles: set[str],
    theta: float,
    mutation: MutationModel | None,
) -> MarkerModel:
    if isinstance(freqs, MarkerFrequencies):
        mf = freqs.extended(alleles)
    else:
        mf = freqs.for_alleles(marker, alleles)
    return MarkerModel.build(mf, theta=theta, mutation=mutation)


def _observed(ped: Pedigree, marker: str) -> dict[str, Genotype]:
    key = marker_key(marker)
    return {pid: per[key] for pid, per in ped.genotypes.items() if key in per}


def _alleles(evidence: Mapping[str, Genotype]) -> set[str]:
    return {a for g in evidence.values() for a in g if a != MISSING_ALLELE}


def marker_likelihood(
    ped: Pedigree,
    marker: str,
    freqs: FrequencyDB | MarkerFrequencies,
    *,
    theta: float = 0.0,
    mutation: MutationModel | None = None,
) -> float:
    """The likelihood of ``ped``'s genotypes at one marker (1 when nobody is typed)."""
    evidence = _observed(ped, marker)
    if not evidence:
        return 1.0
    alleles = _alleles(evidence)
    model = _marker_model(freqs, marker, alleles, theta, mutation).lumped(alleles)
    return float(marker_joint(ped, model, [evidence])[0])


def marker_likelihoods(
    ped: Pedigree,
    freqs: FrequencyDB,
    *,
    markers: Iterable[str] | None = None,
    theta: float = 0.0,
    mutation: MutationModel | None = None,
) -> dict[str, float]:
    """Likelihood per marker (default: every marker typed in ``ped``)."""
    names = list(ped.markers() if markers is None else markers)
    return {m: marker_likelihood(ped, m, freqs, theta=theta, mutation=mutation) for m in names}


def pedigree_likelihood(
    ped: Pedigree,
    freqs: FrequencyDB,
    *,
    markers: Iterable[str] | None = None,
    theta: float = 0.0,
    mutation: MutationModel | None = None,
    log10: bool = False,
) -> float:
    """The likelihood of all of ``ped``'s genotypes: the product over (independent) markers."""
    per = marker_likelihoods(ped, freqs, markers=markers, theta=theta, mutation=mutation)
    values = np.array(list(per.values()), dtype=np.float64)
    if log10:
        with np.errstate(divide="ignore"):
            return float(np.sum(np.log10(values)))
    return float(np.prod(values))


@dataclass(frozen=True)
class GenotypeDistribution:
    """Probabilities of the unordered genotypes of one person at one marker."""

    marker: str
    alleles: tuple[str, ...]
    probs: FloatArray  # symmetric (A, A): probs[i, j] + probs[j, i] is P({i, j}) for i != j

    def probability(self, g: Genotype | str) -> float:
        """P(genotype), e.g. ``dist.probability("12/13")``."""
        from .pedigree import normalise_genotype

        pair = normalise_genotype(g)
        if pair is None or MISSING_ALLELE in pair:
            raise ValueError("a complete genotype is needed")
        index = {a: i for i, a in enumerate(self.alleles)}
        if pair[0] not in index or pair[1] not in index:
            return 0.0
        i, j = index[pair[0]], index[pair[1]]
        return float(self.probs[i, j] if i == j else self.probs[i, j] + self.probs[j, i])

    def table(self) -> list[tuple[Genotype, float]]:
        """Every genotype with non-zero probability, most probable first."""
        rows = []
        for i, a in enumerate(self.alleles):
            for j in range(i, len(self.alleles)):
                pr = self.probs[i, i] if i == j else self.probs[i, j] + self.probs[j, i]
                if pr > 0:
                    rows.append(((a, self.alleles[j]), float(pr)))
        return sorted(rows, key=lambda r: -r[1])


def genotype_posterior(
    ped: Pedigree,
    person: str,
    marker: str,
    freqs: FrequencyDB | MarkerFrequencies,
    *,
    theta: float = 0.0,
    mutation: MutationModel | None = None,
    extra_alleles: Iterable[str] = (),
) -> GenotypeDistribution:
    """The distribution of ``person``'s genotype given everyone else's at ``marker``.

    ``person``'s own genotype, if any, is ignored. The distribution covers every allele of the
    frequency table plus ``extra_alleles`` (alleles of a person to be compared later).
    """
    if person not in ped.persons:
        raise KinshipInputError(f"{person!r} is not in pedigree {ped.name!r}")
    evidence = {pid: g for pid, g in _observed(ped, marker).items() if pid != person}
    alleles = _alleles(evidence) | set(extra_alleles)
    model = _marker_model(freqs, marker, alleles, theta, mutation)
    joint = marker_joint(ped, model, [evidence], target=person)[0]
    total = float(joint.sum())
    if total <= 0:
        raise ImpossibleComputation(
            f"the genotypes at {marker} are impossible in pedigree {ped.name!r}"
        )
    return GenotypeDistribution(model.freqs.name, model.freqs.alleles, joint / total)
