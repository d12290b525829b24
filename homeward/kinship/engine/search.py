"""Blind search (DVI style): every person of interest against every reference family.

For each reference family and marker, the distribution of the missing member's genotype given
the family is computed once; every person of interest's LR is then a table look-up:
``LR = P(g | family) / P(g)``. Families whose (pruned) pedigree shape and typed members are
the same at a marker are computed together as one batch, so the cost grows with the number of
distinct family shapes, not the number of families.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray
from tqdm import tqdm

from .errors import ImpossibleComputation, KinshipInputError
from .frequencies import FrequencyDB
from .likelihood import MarkerModel, _kept_people, marker_joint
from .markers import marker_key
from .mutation import MutationModel
from .pedigree import MISSING_ALLELE, Genotype, Pedigree, Person, normalise_genotype

FloatArray = NDArray[np.float64]

# Per kept person: (parent positions, sex, typed, is the missing member).
Signature = tuple[tuple[tuple[int, int] | None, int, bool, bool], ...]


@dataclass(frozen=True)
class Reference:
    """A reference family and the id of its missing member."""

    pedigree: Pedigree
    missing: str

    @property
    def family(self) -> str:
        return self.pedigree.name


@dataclass(frozen=True)
class SearchRow:
    """One person of interest against one reference family."""

    poi: str
    family: str
    missing: str
    log10_lr: float
    exclusions: int
    markers: int

    @property
    def lr(self) -> float:
        return 0.0 if self.log10_lr == -math.inf else float(10.0**self.log10_lr)


@dataclass
class SearchResult:
    """LRs of every person of interest (rows) against every reference (columns)."""

    pois: list[str]
    references: list[Reference]
    log10_lr: FloatArray  # (pois, references); -inf where some marker excludes
    exclusions: NDArray[np.int64]  # markers with LR 0
    markers_used: NDArray[np.int64]  # markers typed in both
    warnings: list[str] = field(default_factory=list)

    def rows(self) -> list[SearchRow]:
        """Every pair, highest LR first (ties: fewer exclusions, then input order)."""
        c, r = np.meshgrid(
            np.arange(len(self.pois)), np.arange(len(self.references)), indexing="ij"
        )
        order = np.lexsort((c.ravel(), self.exclusions.ravel(), -self.log10_lr.ravel()))
        return [self._row(int(c.ravel()[k]), int(r.ravel()[k])) for k in order]

    def top(self, per_poi: int = 1) -> list[SearchRow]:
        """The best ``per_poi`` families for each person of interest."""
        out: list[SearchRow] = []
        for i in range(len(self.pois)):
            order = np.lexsort((self.exclusions[i], -self.log10_lr[i]))[:per_poi]
            out.extend(self._row(i, int(j)) for j in order)
        return out

    def rank_of(self, poi: int, reference: int) -> int:
        """1-based rank of ``reference`` among all references for person ``poi``."""
        row = self.log10_lr[poi]
        return int(np.sum(row > row[reference])) + 1

    def _row(self, i: int, j: int) -> SearchRow:
        ref = self.references[j]
        return SearchRow(
            self.pois[i], ref.family, ref.missing, float(self.log10_lr[i, j]),
            int(self.exclusions[i, j]), int(self.markers_used[i, j]),
        )  # fmt: skip


def default_missing(ped: Pedigree) -> list[str]:
    """Untyped members who have parents but no children, in a pedigree with someone typed."""
    if not ped.typed() or len(ped.persons) < 2:
        return []
    return [
        p.id
        for p in ped.persons.values()
        if p.father is not None and not ped.genotypes.get(p.id) and not ped.children(p.id)
    ]


def _signature(
    ped: Pedigree, kept: list[str], typed: set[str], missing: str, sex_matters: bool
) -> Signature:
    pos = {pid: k for k, pid in enumerate(kept)}
    sig: list[tuple[tuple[int, int] | None, int, bool, bool]] = []
    for pid in kept:
        p = ped.persons[pid]
        parents = (
            (pos[p.father], pos[p.mother])
            if p.father is not None and p.mother is not None
            else None
        )
        sig.append((parents, p.sex if sex_matters else 0, pid in typed, pid == missing))
    return tuple(sig)


def _singleton_probs(p: FloatArray, theta: float) -> FloatArray:
    """P(unordered genotype) of an unrelated person, as a symmetric (A, A) table."""
    outer = np.outer(p, p) * (1 - theta) * 2
    np.fill_diagonal(outer, p * (theta + (1 - theta) * p))
    return outer


def blind_search(
    pois: Mapping[str, Mapping[str, Genotype | str]],
    references: Sequence[Reference],
    freqs: FrequencyDB,
    *,
    markers: Iterable[str] | None = None,
    theta: float = 0.0,
    mutation: MutationModel | None = None,
    progress: bool | None = None,
) -> SearchResult:
    """LR of every person of interest being the missing member of every reference family.

    ``pois`` maps an id to a profile (marker -> genotype). Markers default to every marker of
    the frequency table typed in some person of interest. A person of interest untyped (or only
    partly typed) at a marker, or a family with nobody typed there, gets LR 1 at that marker.
    """
    poi_ids = list(pois)
    profiles: list[dict[str, Genotype]] = []
    for pid in poi_ids:
        prof: dict[str, Genotype] = {}
        for m, g in pois[pid].items():
            try:
                value = normalise_genotype(g)
            except ValueError as exc:
                raise KinshipInputError(f"{pid}: {exc}", marker=m) from None
            if value is not None and MISSING_ALLELE not in value:
                prof[marker_key(m)] = value
        profiles.append(prof)
    for ref in references:
        if ref.missing not in ref.pedigree.persons:
            raise KinshipInputError(f"{ref.missing!r} is not in pedigree {ref.family!r}")
    if markers is None:
        keys = {k for prof in profiles for k in prof}
        names = [name for name in freqs.names() if marker_key(name) in keys]
    else:
        names = list(markers)
    n_poi, n_ref = len(poi_ids), len(references)
    log_lr = np.zeros((n_poi, n_ref))
    excl = np.zeros((n_poi, n_ref), dtype=np.int64)
    used = np.zeros((n_poi, n_ref), dtype=np.int64)
    warnings: list[str] = []
    show = sys.stderr.isatty() if progress is None else progress
    for name in tqdm(names, desc="markers", unit="marker", disable=not show, file=sys.stderr):
        key = marker_key(name)
        table = _marker_table(name, key, profiles, references, freqs, theta, mutation, warnings)
        if table is None:
            continue
        alleles, lr_tables, informative = table
        index = {a: i for i, a in enumerate(alleles)}
        n = len(alleles)
        gidx = np.full(n_poi, -1, dtype=np.int64)
        for c, prof in enumerate(profiles):
            pair = prof.get(key)
            if pair is not None:
                gidx[c] = index[pair[0]] * n + index[pair[1]]
        has = gidx >= 0
        if not has.any():
            continue
        values = lr_tables.reshape(n_ref, n * n)[:, gidx[has]].T  # (pois typed, refs)
        with np.errstate(divide="ignore"):
            log_lr[has] += np.log10(values)
        excl[has] += values == 0
        used[has] += informative[None, :]
    return SearchResult(poi_ids, list(references), log_lr, excl, used, warnings)


def _marker_table(
    name: str,
    key: str,
    profiles: list[dict[str, Genotype]],
    references: Sequence[Reference],
    freqs: FrequencyDB,
    theta: float,
    mutation: MutationModel | None,
    warnings: list[str],
) -> tuple[tuple[str, ...], FloatArray, NDArray[np.bool_]] | None:
    """Per reference, the LR of every genotype of the missing member at one marker."""
    alleles: set[str] = {a for prof in profiles if key in prof for a in prof[key]}
    evidences: list[dict[str, Genotype]] = []
    for ref in references:
        ev = {
            pid: per[key]
            for pid, per in ref.pedigree.genotypes.items()
            if key in per and pid != ref.missing
        }
        evidences.append(ev)
        alleles.update(a for g in ev.values() for a in g if a != MISSING_ALLELE)
    if key not in freqs:
        warnings.append(f"marker {name} is not in the frequency table; skipped")
        return None
    mf = freqs.for_alleles(name, alleles)
    model = MarkerModel.build(mf, theta=theta, mutation=mutation)
    n = len(mf.alleles)
    base = _singleton_probs(mf.freqs, theta)
    lr_tables = np.ones((len(references), n, n))
    informative = np.zeros(len(references), dtype=bool)
    groups: dict[Signature, list[int]] = {}
    for r, (ref, ev) in enumerate(zip(references, evidences, strict=True)):
        if not ev:
            continue
        kept = _kept_people(ref.pedigree, ev, ref.missing)
        sig = _signature(ref.pedigree, kept, set(ev), ref.missing, mutation is not None)
        groups.setdefault(sig, []).append(r)
    for sig, members in groups.items():
        first = references[members[0]]
        kept = _kept_people(first.pedigree, evidences[members[0]], first.missing)
        canon = _canonical(sig)
        batch = []
        for r in members:
            ref_kept = _kept_people(references[r].pedigree, evidences[r], references[r].missing)
            batch.append(
                {
                    f"p{k}": evidences[r][pid]
                    for k, pid in enumerate(ref_kept)
                    if pid in evidences[r]
                }
            )
        target = f"p{kept.index(first.missing)}"
        try:
            joint = marker_joint(canon, model, batch, target=target)
        except ImpossibleComputation:
            try:
                joint = np.stack(
                    [_joint_by_genotype(references[r], evidences[r], model, name) for r in members]
                )
            except ImpossibleComputation as exc:
                raise ImpossibleComputation(
                    f"marker {name}, family {first.family}: {exc}"
                ) from None
        for b, r in enumerate(members):
            total = float(joint[b].sum())
            if total <= 0:
                warnings.append(
                    f"family {references[r].family}: genotypes impossible at {name}; marker skipped"
                )
                continue
            post = joint[b] / total
            sym = post + post.T
            np.fill_diagonal(sym, np.diag(post))
            lr_tables[r] = sym / base
            informative[r] = True
    return mf.alleles, lr_tables, informative


def _canonical(sig: Signature) -> Pedigree:
    people = []
    for k, (parents, sex, _, _) in enumerate(sig):
        if parents is None:
            people.append(Person(f"p{k}", sex=sex))
        else:
            people.append(Person(f"p{k}", f"p{parents[0]}", f"p{parents[1]}", sex))
    # Parents of unknown sex in the signature are given their role's sex.
    fixed = []
    fathers = {p.father for p in people if p.father}
    mothers = {p.mother for p in people if p.mother}
    for p in people:
        sex = 1 if p.id in fathers else 2 if p.id in mothers else p.sex
        fixed.append(Person(p.id, p.father, p.mother, sex))
    return Pedigree(fixed)


def _joint_by_genotype(
    ref: Reference, ev: dict[str, Genotype], model: MarkerModel, name: str
) -> FloatArray:
    """Fallback when the batched computation is too large (theta with many founders).

    Each genotype of the missing member is put in the pedigree in turn and the likelihood
    computed with unseen alleles merged, which keeps the theta table small.
    """
    alleles = model.freqs.alleles
    n = len(alleles)
    out = np.zeros((n, n))
    ped = ref.pedigree.copy()
    for pid in list(ped.genotypes):
        if pid not in ev:
            ped.genotypes.pop(pid)
    for i in range(n):
        for j in range(i, n):
            ped.set_genotype(ref.missing, name, (alleles[i], alleles[j]))
            lik = _lik_with_matrices(ped, name, model)
            if i == j:
                out[i, i] = lik
            else:
                out[i, j] = out[j, i] = lik / 2
    return out


def _lik_with_matrices(ped: Pedigree, name: str, model: MarkerModel) -> float:
    key = marker_key(name)
    ev = {pid: per[key] for pid, per in ped.genotypes.items() if key in per}
    seen = {a for g in ev.values() for a in g if a != MISSING_ALLELE}
    return float(marker_joint(ped, model.lumped(seen), [ev])[0])
