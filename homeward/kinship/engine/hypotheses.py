"""Competing hypotheses: two or more pedigrees over the same typed people, weighed together.

As Familias does: each hypothesis (a pedigree) gets its likelihood, the product over markers
of the pedigree likelihood summed over every untyped member; any two are compared by their
likelihood ratio; with prior probabilities (default equal) each gets a posterior probability
``prior_i L_i / sum_j prior_j L_j``. Typical questions: the alleged father against the
paternal uncle against unrelated; full against half siblings; which of two sisters is the
mother. Everything is kept in log10 so that 20+ markers do not underflow.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from .errors import KinshipInputError
from .frequencies import FrequencyDB
from .likelihood import marker_likelihood
from .mutation import MutationModel
from .pedigree import Pedigree


@dataclass(frozen=True)
class Comparison:
    """The likelihood of each hypothesis, per marker and in total, and their posteriors."""

    labels: list[str]
    markers: list[str]
    per_marker: dict[str, list[float]]  # marker -> likelihood under each hypothesis
    priors: list[float]
    skipped: list[str] = field(default_factory=list)  # typed, but not in the frequency table

    @property
    def log10_likelihoods(self) -> list[float]:
        """log10 of each hypothesis's likelihood (-inf when some marker excludes it)."""
        out = []
        for k in range(len(self.labels)):
            values = [self.per_marker[m][k] for m in self.markers]
            out.append(
                -math.inf if any(v == 0 for v in values) else sum(math.log10(v) for v in values)
            )
        return out

    @property
    def likelihoods(self) -> list[float]:
        return [0.0 if v == -math.inf else 10.0**v for v in self.log10_likelihoods]

    def log10_lr(self, i: int | str, j: int | str) -> float:
        """log10 of the LR of hypothesis ``i`` against ``j`` (by index or label)."""
        a, b = self._index(i), self._index(j)
        la, lb = self.log10_likelihoods[a], self.log10_likelihoods[b]
        if lb == -math.inf:
            if la == -math.inf:
                raise KinshipInputError(
                    f"both {self.labels[a]!r} and {self.labels[b]!r} are excluded; no LR between them"
                )
            return math.inf
        return la - lb

    def lr(self, i: int | str, j: int | str) -> float:
        value = self.log10_lr(i, j)
        return math.inf if value == math.inf else 0.0 if value == -math.inf else 10.0**value

    def marker_lr(self, marker: str, i: int | str, j: int | str) -> float:
        """The LR of ``i`` against ``j`` at one marker."""
        a, b = self._index(i), self._index(j)
        la, lb = self.per_marker[marker][a], self.per_marker[marker][b]
        return math.inf if lb == 0 else la / lb

    @property
    def posteriors(self) -> list[float]:
        """P(hypothesis | DNA) under the priors."""
        logs = np.array(self.log10_likelihoods) + np.log10(np.array(self.priors))
        if np.all(np.isneginf(logs)):
            raise KinshipInputError("the genotypes are impossible under every hypothesis")
        weights = np.power(10.0, logs - logs.max())
        return [float(w) for w in weights / weights.sum()]

    def exclusions(self, i: int | str) -> list[str]:
        """Markers whose genotypes are impossible under hypothesis ``i``."""
        k = self._index(i)
        return [m for m in self.markers if self.per_marker[m][k] == 0]

    def _index(self, key: int | str) -> int:
        if isinstance(key, int):
            return key
        try:
            return self.labels.index(key)
        except ValueError:
            raise KinshipInputError(f"no hypothesis {key!r}") from None


def _typed_at(ped: Pedigree, marker: str) -> dict[str, object]:
    return {pid: ped.genotype(pid, marker) for pid in ped.typed(marker)}


def compare_hypotheses(
    hypotheses: Sequence[Pedigree | tuple[str, Pedigree]],
    freqs: FrequencyDB,
    *,
    priors: Sequence[float] | None = None,
    markers: Iterable[str] | None = None,
    theta: float = 0.0,
    mutation: MutationModel | None = None,
) -> Comparison:
    """Weigh two or more pedigrees over the same typed people and genotypes.

    ``hypotheses`` are pedigrees (labelled by their name) or ``(label, pedigree)`` pairs.
    Every hypothesis must have the same people typed with the same genotypes at every marker;
    priors (default equal) must be positive and are normalised to sum to 1.
    """
    pairs: list[tuple[str, Pedigree]] = []
    for k, h in enumerate(hypotheses):
        if isinstance(h, Pedigree):
            pairs.append((h.name or f"H{k + 1}", h))
        else:
            pairs.append((h[0], h[1]))
    if len(pairs) < 2:
        raise KinshipInputError("give at least two hypotheses to compare")
    labels = [label for label, _ in pairs]
    if len(set(labels)) != len(labels):
        raise KinshipInputError("every hypothesis needs its own label")
    if priors is None:
        weights = [1.0 / len(pairs)] * len(pairs)
    else:
        if len(priors) != len(pairs) or any(not (p > 0 and math.isfinite(p)) for p in priors):
            raise KinshipInputError("give one positive prior per hypothesis")
        total = float(sum(priors))
        weights = [float(p) / total for p in priors]
    first = pairs[0][1]
    if markers is None:
        typed = first.markers()
        names = [m for m in typed if m in freqs]
        skipped = [m for m in typed if m not in freqs]
    else:
        names, skipped = list(markers), []
    for m in names:
        ref = _typed_at(first, m)
        for label, ped in pairs[1:]:
            if _typed_at(ped, m) != ref:
                raise KinshipInputError(
                    f"hypothesis {label!r} has other typed people or genotypes than "
                    f"{labels[0]!r}", marker=m,
                )  # fmt: skip
    per: dict[str, list[float]] = {}
    for m in names:
        per[m] = [
            marker_likelihood(ped, m, freqs, theta=theta, mutation=mutation) for _, ped in pairs
        ]
    return Comparison(labels, names, per, weights, skipped)
