"""Likelihood ratios: two pedigree hypotheses, pairs by kinship coefficients, identification.

Several relatives are always combined through one pedigree likelihood (never by multiplying
pairwise LRs): :func:`kinship_lr` and :func:`identify_lr` sum over every untyped member of the
hypothesised pedigree jointly.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np

from .errors import KinshipInputError
from .frequencies import FrequencyDB, MarkerFrequencies
from .likelihood import marker_likelihood
from .markers import marker_key
from .mutation import MutationModel
from .pedigree import MISSING_ALLELE, Genotype, Pedigree, Person, normalise_genotype

#: Kinship (kappa) coefficients (k0, k1, k2) of the pair relationships.
KAPPA: dict[str, tuple[float, float, float]] = {
    "parent-child": (0.0, 1.0, 0.0),
    "full-sib": (0.25, 0.5, 0.25),
    "half-sib": (0.5, 0.5, 0.0),
    "grandparent": (0.5, 0.5, 0.0),
    "avuncular": (0.5, 0.5, 0.0),
    "first-cousin": (0.75, 0.25, 0.0),
    "unrelated": (1.0, 0.0, 0.0),
}
RELATIONSHIPS = tuple(k for k in KAPPA if k != "unrelated")


@dataclass(frozen=True)
class LRResult:
    """A likelihood ratio, in total and per marker (markers are independent)."""

    per_marker: dict[str, float]
    excluded: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # typed but not in the frequency table

    @property
    def lr(self) -> float:
        return float(np.prod(list(self.per_marker.values()))) if self.per_marker else 1.0

    @property
    def log10_lr(self) -> float:
        if any(v == 0 for v in self.per_marker.values()):
            return -math.inf
        return float(sum(math.log10(v) for v in self.per_marker.values()))

    @property
    def exclusions(self) -> int:
        """Number of markers whose genotypes are impossible under the hypothesis (LR 0)."""
        return len(self.excluded)


def _result(per_marker: dict[str, float], skipped: list[str] | None = None) -> LRResult:
    return LRResult(per_marker, [m for m, v in per_marker.items() if v == 0], skipped or [])


def relationship_pedigree(
    relationship: str, a: str = "A", b: str = "B", *, sex_a: int = 1
) -> Pedigree:
    """A small pedigree in which ``a`` and ``b`` have ``relationship``.

    ``a`` is the older relative where there is one: the parent, grandparent, uncle/aunt;
    half-siblings share their father (``sex_a`` only matters with sex-specific mutation rates).
    """
    fe, ma = 2, 1
    other = fe if sex_a == 1 else ma
    if relationship == "parent-child":
        people = [
            Person(a, sex=sex_a),
            Person("_p", sex=other),
            Person(b, *_parents(sex_a, a, "_p")),
        ]
    elif relationship == "full-sib":
        people = [
            Person("_f", sex=ma),
            Person("_m", sex=fe),
            Person(a, "_f", "_m", sex_a),
            Person(b, "_f", "_m"),
        ]
    elif relationship == "half-sib":
        people = [
            Person("_f", sex=ma), Person("_m1", sex=fe), Person("_m2", sex=fe),
            Person(a, "_f", "_m1", sex_a), Person(b, "_f", "_m2"),
        ]  # fmt: skip
    elif relationship == "grandparent":
        people = [
            Person(a, sex=sex_a), Person("_s", sex=other), Person("_p", *_parents(sex_a, a, "_s"), sex=ma),
            Person("_o", sex=fe), Person(b, "_p", "_o"),
        ]  # fmt: skip
    elif relationship == "avuncular":
        people = [
            Person("_gf", sex=ma), Person("_gm", sex=fe), Person(a, "_gf", "_gm", sex_a),
            Person("_p", "_gf", "_gm", ma), Person("_o", sex=fe), Person(b, "_p", "_o"),
        ]  # fmt: skip
    elif relationship == "first-cousin":
        people = [
            Person("_gf", sex=ma), Person("_gm", sex=fe),
            Person("_p1", "_gf", "_gm", ma), Person("_s1", sex=fe),
            Person("_p2", "_gf", "_gm", ma), Person("_s2", sex=fe),
            Person(a, "_p1", "_s1", sex_a), Person(b, "_p2", "_s2"),
        ]  # fmt: skip
    elif relationship == "unrelated":
        people = [Person(a, sex=sex_a), Person(b)]
    else:
        raise KinshipInputError(
            f"unknown relationship {relationship!r}; choose one of {', '.join(RELATIONSHIPS)}"
        )
    return Pedigree(people, name=relationship)


def _parents(sex_a: int, a: str, other: str) -> tuple[str, str]:
    return (a, other) if sex_a == 1 else (other, a)


def _genotype_prob(g: Genotype, index: Mapping[str, int], p: np.ndarray) -> float:
    i, j = index[g[0]], index[g[1]]
    return float(p[i] ** 2) if i == j else float(2 * p[i] * p[j])


def kappa_marker_lr(
    g_a: Genotype, g_b: Genotype, kappa: tuple[float, float, float], freqs: MarkerFrequencies
) -> float:
    """LR of a pair relationship with kappa coefficients against unrelated, at one marker.

    ``P(g_a, g_b) = k0 P0 + k1 P1 + k2 P2`` where ``P_i`` is the probability of the two
    genotypes when the pair shares exactly ``i`` alleles identical by descent.
    """
    k0, k1, k2 = kappa
    index = freqs.index()
    p = freqs.freqs
    pa = _genotype_prob(g_a, index, p)
    pb = _genotype_prob(g_b, index, p)
    p0 = pa * pb
    same = sorted(g_a) == sorted(g_b)
    p2 = pa if same else 0.0
    # One allele IBD: b gets one of a's alleles (each with probability 1/2) plus a random one.
    cond = 0.0
    c, d = g_b
    for x in g_a:
        if c == d:
            cond += 0.5 * (p[index[c]] if x == c else 0.0)
        else:
            cond += 0.5 * ((p[index[d]] if x == c else 0.0) + (p[index[c]] if x == d else 0.0))
    p1 = pa * cond
    return float((k0 * p0 + k1 * p1 + k2 * p2) / p0)


def _profile(profile: Mapping[str, Genotype | str]) -> dict[str, Genotype]:
    out: dict[str, Genotype] = {}
    for marker, g in profile.items():
        try:
            value = normalise_genotype(g)
        except ValueError as exc:
            raise KinshipInputError(str(exc), marker=marker) from None
        if value is not None:
            out[marker] = value
    return out


def pairwise_lr(
    profile_a: Mapping[str, Genotype | str],
    profile_b: Mapping[str, Genotype | str],
    relationship: str,
    freqs: FrequencyDB,
    *,
    theta: float = 0.0,
    mutation: MutationModel | None = None,
    sex_a: int = 1,
    method: str = "auto",
) -> LRResult:
    """LR that ``a`` and ``b`` have ``relationship`` rather than being unrelated.

    Profiles map marker name -> genotype; markers typed in both are used. ``method`` is
    ``"kappa"`` (kinship coefficients), ``"pedigree"`` (pedigree likelihood, which also
    handles theta, mutation and partial genotypes) or ``"auto"`` (kappa when it is exact).
    """
    if relationship not in KAPPA:
        raise KinshipInputError(
            f"unknown relationship {relationship!r}; choose one of {', '.join(RELATIONSHIPS)}"
        )
    pa, pb = _profile(profile_a), _profile(profile_b)
    keys_b = {marker_key(m): m for m in pb}
    both = [(m, keys_b[marker_key(m)]) for m in pa if marker_key(m) in keys_b]
    shared = [(ma, mb) for ma, mb in both if ma in freqs]
    skipped = [ma for ma, _ in both if ma not in freqs]
    partial = any(MISSING_ALLELE in pa[m] or MISSING_ALLELE in pb[mb] for m, mb in shared)
    use_kappa = method == "kappa" or (
        method == "auto" and theta == 0 and mutation is None and not partial
    )
    per: dict[str, float] = {}
    if use_kappa:
        if partial:
            raise KinshipInputError("the kappa method needs complete genotypes")
        for ma, mb in shared:
            mf = freqs.for_alleles(ma, set(pa[ma]) | set(pb[mb]))
            per[ma] = kappa_marker_lr(pa[ma], pb[mb], KAPPA[relationship], mf)
        return _result(per, skipped)
    h1 = relationship_pedigree(relationship, "A", "B", sex_a=sex_a)
    h2 = relationship_pedigree("unrelated", "A", "B", sex_a=sex_a)
    for ped in (h1, h2):
        for ma, mb in shared:
            ped.set_genotype("A", ma, pa[ma])
            ped.set_genotype("B", ma, pb[mb])
    res = kinship_lr(h1, h2, freqs, theta=theta, mutation=mutation)
    return LRResult(res.per_marker, res.excluded, skipped)


def kinship_lr(
    h1: Pedigree,
    h2: Pedigree,
    freqs: FrequencyDB,
    *,
    markers: Iterable[str] | None = None,
    theta: float = 0.0,
    mutation: MutationModel | None = None,
) -> LRResult:
    """LR of hypothesis ``h1`` against ``h2``: two pedigrees over the same typed people.

    Each marker's LR is the ratio of the two pedigree likelihoods (summed over all untyped
    members jointly); the total is their product over markers.
    """
    skipped: list[str] = []
    if markers is None:
        names = [m for m in h1.markers() if m in freqs]
        skipped = [m for m in h1.markers() if m not in freqs]
    else:
        names = list(markers)
    for m in names:
        g1 = {pid: h1.genotype(pid, m) for pid in h1.typed(m)}
        g2 = {pid: h2.genotype(pid, m) for pid in h2.typed(m)}
        if g1 != g2:
            raise KinshipInputError(
                "the two hypotheses have different typed people or genotypes", marker=m
            )
    per: dict[str, float] = {}
    for m in names:
        l1 = marker_likelihood(h1, m, freqs, theta=theta, mutation=mutation)
        l2 = marker_likelihood(h2, m, freqs, theta=theta, mutation=mutation)
        if l2 == 0:
            raise KinshipInputError(
                f"the genotypes are impossible under the alternative hypothesis {h2.name!r}",
                marker=m,
            )
        per[m] = l1 / l2
    return _result(per, skipped)


def identify_lr(
    reference: Pedigree,
    missing: str,
    poi: Mapping[str, Genotype | str],
    freqs: FrequencyDB,
    *,
    theta: float = 0.0,
    mutation: MutationModel | None = None,
) -> LRResult:
    """LR that the person of interest (profile ``poi``) is ``missing`` in ``reference``.

    Against the hypothesis that the person of interest is unrelated to the family. Markers
    typed in the person of interest are used; a marker where the family has no data gives 1.
    """
    if missing not in reference.persons:
        raise KinshipInputError(f"{missing!r} is not in the reference pedigree {reference.name!r}")
    if reference.typed() == [] or reference.typed() == [missing]:
        raise KinshipInputError(f"the reference pedigree {reference.name!r} has nobody typed")
    profile = _profile(poi)
    h1 = reference.with_profile(missing, profile)
    fam = reference.with_profile(missing, {})
    per: dict[str, float] = {}
    skipped = [m for m in profile if m not in freqs]
    for m, g in profile.items():
        if m in skipped:
            continue
        single = Pedigree([Person("poi")], {"poi": {m: g}})
        l_fam = marker_likelihood(fam, m, freqs, theta=theta, mutation=mutation)
        if l_fam == 0:
            raise KinshipInputError(
                f"the reference family's genotypes are impossible in pedigree {reference.name!r}",
                marker=m,
            )
        l1 = marker_likelihood(h1, m, freqs, theta=theta, mutation=mutation)
        per[m] = l1 / (l_fam * marker_likelihood(single, m, freqs, theta=theta, mutation=mutation))
    return _result(per, skipped)
