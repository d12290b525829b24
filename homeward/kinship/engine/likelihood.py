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

from .elimination import BATCH as _BATCH
from .elimination import Factor, eliminate
from .errors import ImpossibleComputation, KinshipInputError
from .frequencies import FrequencyDB, MarkerFrequencies
from .markers import marker_key
from .mutation import MutationModel, is_lumpable
from .pedigree import MISSING_ALLELE, Genotype, Pedigree
from .theta import (
    THETA_TABLE_LIMIT,
    bell,
    copy_runs,
    freq_factor,
    restrict,
    sum_over_copies,
    sum_over_partitions,
    theta_factor,
    theta_table_size,
)

FloatArray = NDArray[np.float64]

_OTHER = "\x00other"
#: Forces one way of summing theta-corrected founder alleles ("partitions" or "copies");
#: None chooses the cheapest. For tests.
THETA_ROUTE: str | None = None


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
    batch_freqs: FloatArray | None = None,
) -> FloatArray:
    """Likelihood of each evidence set in ``evidence`` (all over the same typed people).

    Returns shape ``(len(evidence),)``, or with ``target`` shape ``(len(evidence), A, A)``:
    the joint probability of the evidence and the target's ordered (paternal, maternal)
    alleles, indexed like ``model.freqs.alleles``. ``batch_freqs`` (shape
    ``(len(evidence), A)``) gives each evidence set its own allele frequencies over the same
    labels (used for per-family lumped alleles); without it ``model.freqs`` is used.
    """
    if not evidence:
        raise ValueError("no evidence sets")
    typed = [pid for pid in evidence[0] if pid != target]
    kept = _kept_people(ped, typed, target)
    pos = {pid: k for k, pid in enumerate(kept)}
    n = len(model.freqs.alleles)
    index = model.freqs.index()
    size = len(evidence)
    p = model.freqs.freqs if batch_freqs is None else batch_freqs
    if batch_freqs is not None and batch_freqs.shape != (size, n):
        raise ValueError("batch_freqs must have one row of allele frequencies per evidence set")
    factors: list[Factor] = []
    # A person typed with a complete genotype has only two possible alleles per variable:
    # their variables range over two "slots" holding that person's alleles (per batch item).
    domains: dict[int, NDArray[np.int64]] = {}
    for pid in typed:
        genotypes = [ev[pid] for ev in evidence]
        vp, vm = 2 * pos[pid], 2 * pos[pid] + 1
        if all(MISSING_ALLELE not in g for g in genotypes):
            slots = np.array([[index[g[0]], index[g[1]]] for g in genotypes], dtype=np.int64)
            domains[vp] = domains[vm] = slots
            hom = (slots[:, 0] == slots[:, 1]).astype(np.float64)
            e = np.zeros((size, 2, 2))
            e[:, 0, 0] = hom
            e[:, 0, 1] = e[:, 1, 0] = 1.0 - hom
            factors.append(((_BATCH, vp, vm), e))
        else:
            stack = np.stack([evidence_matrix(g, index, n) for g in genotypes])
            factors.append(((_BATCH, vp, vm), stack))
    if not typed:
        factors.append(((_BATCH,), np.ones(size)))
    kids = {pid: 0 for pid in kept}
    for pid in kept:
        person = ped.persons[pid]
        if person.father is not None and person.mother is not None:
            kids[person.father] += 1
            kids[person.mother] += 1
    typed_set = set(typed)

    def one_allele(pid: str) -> bool:
        # An untyped founder with one child matters only through the allele passed on; the
        # other allele sums out exactly (also under theta, by exchangeability).
        person = ped.persons[pid]
        return person.father is None and pid not in typed_set and pid != target and kids[pid] == 1

    def add(scope: tuple[int, ...], base: FloatArray) -> None:
        factors.append(restrict(scope, base, domains, n, size))

    trans = {1: _transmission(model.male, n), 2: _transmission(model.female, n)}
    single = {
        1: model.male if model.male is not None else np.eye(n),
        2: model.female if model.female is not None else np.eye(n),
    }
    founder_vars: list[tuple[str, list[int]]] = []
    for pid in kept:
        person = ped.persons[pid]
        k = pos[pid]
        if person.father is None or person.mother is None:
            founder_vars.append((pid, [2 * k] if one_allele(pid) else [2 * k, 2 * k + 1]))
            continue
        for parent, role, var in ((person.father, 1, 2 * k), (person.mother, 2, 2 * k + 1)):
            j = pos[parent]
            if one_allele(parent):
                add((2 * j, var), single[role])
            else:
                add((2 * j, 2 * j + 1, var), trans[role])
    keep: tuple[int, ...] = (_BATCH,)
    if target is not None:
        keep = (_BATCH, 2 * pos[target], 2 * pos[target] + 1)
    if model.theta > 0:
        # Balding-Nichols founder alleles: one joint table per component when it is small
        # enough, otherwise a sum over which founder alleles are identical by descent.
        scopes = [
            scope
            for comp in ped.components()
            if (scope := tuple(v for pid, vs in founder_vars if pid in comp for v in vs))
        ]
        def table_size(scope: tuple[int, ...]) -> int:
            # With frequencies per batch item every joint table has the batch axis.
            total = theta_table_size(scope, domains, n, size)
            per_item = batch_freqs is not None and not any(v in domains for v in scope)
            return total * size if per_item else total

        totals = [table_size(scope) for scope in scopes]
        per_item = max((t // size if t >= size else t for t in totals), default=0)
        if (
            size > 1
            and max(totals, default=0) > THETA_TABLE_LIMIT
            and per_item <= THETA_TABLE_LIMIT // 4
        ):
            # Joint tables are cheaper than partitions; build them for part of the batch at a time.
            step = max(1, THETA_TABLE_LIMIT // max(1, per_item))
            parts = [
                marker_joint(
                    ped, model, evidence[i : i + step], target=target,
                    batch_freqs=None if batch_freqs is None else batch_freqs[i : i + step],
                )  # fmt: skip
                for i in range(0, size, step)
            ]
            return np.concatenate(parts)
        by_partition = []
        for scope in scopes:
            if (
                THETA_ROUTE is None
                and table_size(scope) <= THETA_TABLE_LIMIT
            ):
                factors.append(theta_factor(scope, domains, p, model.theta, size))
            else:
                by_partition.append(scope)
        if len(by_partition) == 1 and THETA_ROUTE != "partitions":
            # Founders passing on one allele can be drawn last, each as a fresh allele or a
            # copy of an earlier one: a few runs on a smaller joint table, if that is cheaper.
            scope = by_partition[0]
            passed_on = {vs[0] for _, vs in founder_vars if len(vs) == 1}
            core = tuple(v for v in scope if v not in passed_on)
            peel = tuple(v for v in scope if v in passed_on)
            # Rough costs: each run multiplies the joint table into the pedigree (about one
            # allele range more), each partition run costs about a transmission table.
            core_size = theta_table_size(core, domains, n, size)
            core_size *= 1 if any(v in domains for v in core) else size
            cheaper = (
                copy_runs(len(core), len(peel)) * core_size * n < bell(len(scope)) * size * n**3
            )
            if peel and (THETA_ROUTE == "copies" or (core_size <= THETA_TABLE_LIMIT and cheaper)):
                return sum_over_copies(factors, core, peel, domains, p, model.theta, size, keep)
        if by_partition:
            return sum_over_partitions(factors, by_partition, domains, p, model.theta, size, keep)
    else:
        for _, vs in founder_vars:
            for v in vs:
                factors.append(freq_factor(v, p, domains, n, size))
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
