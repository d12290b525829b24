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
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray
from tqdm import tqdm

from .errors import ImpossibleComputation, KinshipInputError
from .frequencies import FrequencyDB, MarkerFrequencies
from .likelihood import MarkerModel, _kept_people, marker_joint
from .markers import marker_key
from .mutation import MutationModel
from .pedigree import MISSING_ALLELE, Genotype, Pedigree, Person, normalise_genotype

FloatArray = NDArray[np.float64]

#: Compute each family on its own alleles (all others merged) where that is exact. False forces
#: the computation over every allele at the marker (the reference route; for checks).
LUMP_ALLELES = True

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

    def posterior(self, prior: float | None = None) -> FloatArray:
        """P(identity | DNA) of every pair at ``prior`` (default 1 / number of references)."""
        pi = 1.0 / max(1, len(self.references)) if prior is None else prior
        if not 0 < pi <= 1:
            raise KinshipInputError(f"the prior must be between 0 and 1: {pi}")
        if pi == 1:
            return np.where(np.isneginf(self.log10_lr), 0.0, 1.0)
        with np.errstate(over="ignore"):
            odds_against = np.power(10.0, math.log10((1 - pi) / pi) - self.log10_lr)
        return np.asarray(1.0 / (1.0 + odds_against), dtype=np.float64)

    def ranking(
        self, by: str, n: int | None = None, prior: float | None = None
    ) -> dict[str, NDArray[Any]]:
        """The best ``n`` pairs of each missing member (``by="family"``) or each person of
        interest (``by="person"``), as columns, highest LR first (ties: fewer exclusions, then
        input order). ``n=None`` keeps every pair. People and families are given by index
        (``poi_index`` into ``pois``, ``reference_index`` into ``references``)."""
        if by not in ("family", "person"):
            raise ValueError(f"rank by 'family' or 'person', not {by!r}")
        lr, ex = self.log10_lr, self.exclusions
        if by == "person":
            lr, ex = lr.T, ex.T
        # Axis 0 is ranked within each column; lexsort is stable, so ties keep input order.
        order = np.lexsort((ex, -lr), axis=0)
        top = order if n is None else order[:n]
        ranks, cols = np.indices(top.shape)
        rows = top.ravel()
        cols_flat = cols.ravel()
        poi_i, ref_i = (rows, cols_flat) if by == "family" else (cols_flat, rows)
        ordering = np.lexsort((ranks.ravel(), cols_flat))  # grouped by column, then rank
        poi_i, ref_i = poi_i[ordering], ref_i[ordering]
        log_lr = self.log10_lr[poi_i, ref_i]
        with np.errstate(over="ignore"):
            lr_values = np.where(np.isneginf(log_lr), 0.0, np.power(10.0, log_lr))
        return {
            "poi_index": poi_i,
            "reference_index": ref_i,
            "rank": ranks.ravel()[ordering] + 1,
            "LR": lr_values,
            "log10_LR": log_lr,
            "posterior": self.posterior(prior)[poi_i, ref_i],
            "exclusions": self.exclusions[poi_i, ref_i],
            "markers": self.markers_used[poi_i, ref_i],
        }

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
    on_marker: Callable[[int, int], None] | None = None,
) -> SearchResult:
    """LR of every person of interest being the missing member of every reference family.

    ``pois`` maps an id to a profile (marker -> genotype). Markers default to every marker of
    the frequency table typed in some person of interest. A person of interest untyped (or only
    partly typed) at a marker, or a family with nobody typed there, gets LR 1 at that marker.
    ``on_marker(done, total)`` is called before each marker (for a progress bar).
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
    cache: dict[tuple[int, frozenset[str]], tuple[list[str], Signature]] = {}
    for done, name in enumerate(tqdm(names, desc="markers", unit="marker", disable=not show, file=sys.stderr)):
        if on_marker is not None:
            on_marker(done, len(names))
        key = marker_key(name)
        table = _marker_table(
            name, key, profiles, references, freqs, theta, mutation, warnings, cache
        )
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
    cache: dict[tuple[int, frozenset[str]], tuple[list[str], Signature]],
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
    kept_sig: dict[int, tuple[list[str], Signature]] = {}
    for r, (ref, ev) in enumerate(zip(references, evidences, strict=True)):
        if not ev:
            continue
        # The same family typed at the same people has the same shape at every marker.
        shape_key = (r, frozenset(ev))
        if shape_key not in cache:
            kept = _kept_people(ref.pedigree, ev, ref.missing)
            cache[shape_key] = (
                kept, _signature(ref.pedigree, kept, set(ev), ref.missing, mutation is not None)
            )
        kept_sig[r] = cache[shape_key]
        groups.setdefault(kept_sig[r][1], []).append(r)
    for sig, members in groups.items():
        first = references[members[0]]
        kept = kept_sig[members[0]][0]
        canon = _canonical(sig)
        batch = []
        for r in members:
            ref_kept = kept_sig[r][0]
            batch.append(
                {
                    f"p{k}": evidences[r][pid]
                    for k, pid in enumerate(ref_kept)
                    if pid in evidences[r]
                }
            )
        target = f"p{kept.index(first.missing)}"
        try:
            joint = None
            if LUMP_ALLELES and mutation is None and not _inbred(canon, target):
                joint = _lumped_joint(canon, model, batch, target)
            if joint is None:
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


def _inbred(ped: Pedigree, target: str) -> bool:
    """Whether the target's parents share an ancestor (its two alleles may be identical by descent)."""
    person = ped.persons[target]
    if person.father is None or person.mother is None:
        return False
    return bool(ped.ancestors([person.father]) & ped.ancestors([person.mother]))


def _lumped_joint(
    ped: Pedigree, model: MarkerModel, batch: list[dict[str, Genotype]], target: str
) -> FloatArray | None:
    """The target's joint table over all alleles, computed on each family's own alleles.

    Each family's alleles are relabelled to ``c0, c1, ...`` and every other allele merged into
    one, ``R`` (exact without mutation, also under theta: Balding-Nichols draws are a Polya urn,
    and merging categories of it is exact). Then one batched computation over ``k + 1`` labels
    serves every family, each with its own frequencies. An allele the family does not carry can
    reach the (non-inbred) target only as a fresh founder allele, drawn with probability
    proportional to its frequency (a Polya urn with no earlier copy of it), so the table over
    the real alleles follows from the merged one:

    * ``(a, u)``, ``a`` carried, ``u`` not: ``J[a, R] * p_u / p_R``;
    * ``(u, v)``, neither carried, ``u != v``: ``J[R, R] * (1-theta) p_u p_v / D``;
    * ``(u, u)``: ``J[R, R] * p_u (theta + (1-theta) p_u) / D``, with
      ``D = p_R (theta + (1-theta) p_R)``.

    Returns None when the merged computation would not be smaller.
    """
    alleles = model.freqs.alleles
    pf = model.freqs.freqs
    n = len(alleles)
    index = {a: i for i, a in enumerate(alleles)}
    seen = [sorted({a for g in ev.values() for a in g if a != MISSING_ALLELE}, key=index.__getitem__)
            for ev in batch]  # fmt: skip
    k = max(len(s) for s in seen)
    if k + 1 >= n:
        return None
    labels = tuple(f"c{i}" for i in range(k)) + ("R",)
    freqs = np.zeros((len(batch), k + 1))
    relabelled: list[dict[str, Genotype]] = []
    carried = np.zeros((len(batch), n), dtype=bool)
    for b, (ev, own) in enumerate(zip(batch, seen, strict=True)):
        code = {a: f"c{i}" for i, a in enumerate(own)}
        code[MISSING_ALLELE] = MISSING_ALLELE
        relabelled.append({pid: (code[g[0]], code[g[1]]) for pid, g in ev.items()})
        idx = [index[a] for a in own]
        carried[b, idx] = True
        freqs[b, : len(own)] = pf[idx]
        freqs[b, k] = pf[~carried[b]].sum()
        if freqs[b, k] <= 0:
            return None
    mf = MarkerFrequencies(model.freqs.name, labels, freqs[0], model.freqs.sample_size)
    small = marker_joint(
        ped, MarkerModel(mf, None, None, model.theta), relabelled, target=target, batch_freqs=freqs
    )
    theta = model.theta
    size = len(batch)
    cidx = np.full((size, n), k, dtype=np.int64)
    for b, own in enumerate(seen):
        cidx[b, [index[a] for a in own]] = np.arange(len(own))
    pr = freqs[:, k][:, None, None]
    unseen = ~carried
    scale = np.where(unseen, pf[None, :] / freqs[:, k][:, None], 1.0)
    items = np.arange(size)[:, None, None]
    out = small[items, cidx[:, :, None], cidx[:, None, :]] * scale[:, :, None] * scale[:, None, :]
    d = pr * (theta + (1 - theta) * pr)
    rr = small[:, k, k][:, None, None]
    both = unseen[:, :, None] & unseen[:, None, :]
    hom_diag = (rr / d)[:, :, 0] * (pf * (theta + (1 - theta) * pf))[None, :]
    hom = hom_diag[:, :, None] * np.eye(n)[None]
    het = rr * (1 - theta) * np.outer(pf, pf)[None] / d * (1 - np.eye(n))[None]
    return np.where(both, het + hom, out)


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
