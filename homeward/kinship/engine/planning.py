"""Sampling plans: whom to sample, on which panel, for a kinship test to reach the threshold.

Families are simulated by gene dropping through one pedigree holding every relative a plan may
use (:data:`FAMILY`: the father's parents and siblings, the mother, her parents and siblings,
full siblings of the child). For each candidate set of relatives to sample, each simulated
family's test is computed exactly (the child as the family's missing member, the other members
untyped and summed over), once with the true child and once with an unrelated child. The
figures: the chance of reaching the LR threshold with the true child (power), the chance of an
unrelated child reaching it (false inclusion) and the median log10 LR.

The same random draws serve every candidate set (common random numbers), so sets are compared
on the same families; ``homeward kinship_power`` and ``homeward kinship plan`` call
:func:`simulate_power` and give the same figures for the same sets and seed.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from .errors import KinshipInputError
from .frequencies import FrequencyDB
from .mutation import MutationModel
from .pedigree import Pedigree, Person
from .search import Reference, blind_search
from .simulate import gene_drop, random_profile

#: Every relative a sampling plan may choose, by the name it goes by in a plan.
FAMILY = Pedigree([
    Person("paternal grandfather", sex=1), Person("paternal grandmother", sex=2),
    Person("father", "paternal grandfather", "paternal grandmother", 1),
    Person("paternal uncle", "paternal grandfather", "paternal grandmother", 1),
    Person("paternal aunt", "paternal grandfather", "paternal grandmother", 2),
    Person("maternal grandfather", sex=1), Person("maternal grandmother", sex=2),
    Person("mother", "maternal grandfather", "maternal grandmother", 2),
    Person("maternal uncle", "maternal grandfather", "maternal grandmother", 1),
    Person("maternal aunt", "maternal grandfather", "maternal grandmother", 2),
    Person("child", "father", "mother", 1),
    Person("brother", "father", "mother", 1), Person("sister", "father", "mother", 2),
], name="family")  # fmt: skip
RELATIVES: tuple[str, ...] = tuple(p for p in FAMILY.persons if p != "child")


@dataclass(frozen=True)
class PlanRow:
    """The simulated figures of one set of relatives on one panel."""

    relatives: tuple[str, ...]
    families: int
    power: float  # P(LR >= threshold | the true child)
    false_inclusion: float  # P(LR >= threshold | an unrelated child)
    exclusion: float  # P(LR <= 1/threshold | the true child): a false exclusion
    median_log10_lr: float

    @property
    def label(self) -> str:
        return " + ".join(self.relatives)


def candidate_sets(available: Iterable[str], *, max_size: int = 4) -> list[tuple[str, ...]]:
    """Every non-empty set of up to ``max_size`` of the available relatives."""
    people = [r for r in RELATIVES if r in set(available)]
    unknown = set(available) - set(RELATIVES)
    if unknown:
        raise KinshipInputError(f"no such relative in a plan: {', '.join(sorted(unknown))}; "
                                f"choose from {', '.join(RELATIVES)}")  # fmt: skip
    return [c for k in range(1, min(max_size, len(people)) + 1) for c in itertools.combinations(people, k)]


def simulate_power(
    sets: Sequence[Sequence[str]],
    freqs: FrequencyDB,
    markers: Sequence[str],
    *,
    families: int = 40,
    seed: int = 1,
    threshold: float = 10_000,
    theta: float = 0.0,
    mutation: MutationModel | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[PlanRow]:
    """Simulated power and false inclusion of each set of relatives (in the order given)."""
    if families < 1:
        raise KinshipInputError("simulate at least one family")
    if not threshold > 1:
        raise KinshipInputError("the LR threshold must be above 1")
    for s in sets:
        candidate_sets(s)  # names checked
    rng = np.random.default_rng(seed)
    truth = [gene_drop(FAMILY, freqs, markers, rng, mutation=mutation) for _ in range(families)]
    strangers = [random_profile(freqs, markers, rng) for _ in range(families)]
    pois = {f"true{i}": t["child"] for i, t in enumerate(truth)}
    pois |= {f"stranger{i}": s for i, s in enumerate(strangers)}
    limit = math.log10(threshold)
    rows = []
    for done, relatives in enumerate(sets):
        refs = []
        for i, t in enumerate(truth):
            ped = FAMILY.copy(name=f"family{i}")
            for who in relatives:
                for m, g in t[who].items():
                    ped.set_genotype(who, m, g)
            refs.append(Reference(ped, "child"))
        result = blind_search(pois, refs, freqs, markers=markers, theta=theta, mutation=mutation,
                              progress=False)  # fmt: skip
        diag = np.arange(families)
        true_lr = result.log10_lr[diag, diag]
        false_lr = result.log10_lr[families + diag, diag]
        rows.append(PlanRow(
            tuple(relatives), families, float(np.mean(true_lr >= limit)), float(np.mean(false_lr >= limit)),
            float(np.mean(true_lr <= -limit)), float(np.median(true_lr)),
        ))  # fmt: skip
        if progress is not None:
            progress(done + 1, len(sets))
    return rows


def rank(rows: Iterable[PlanRow]) -> list[PlanRow]:
    """Best first: highest power, then fewest relatives to sample, then lowest false inclusion."""
    return sorted(rows, key=lambda r: (-r.power, len(r.relatives), r.false_inclusion, -r.median_log10_lr))
