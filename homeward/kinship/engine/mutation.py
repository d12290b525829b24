"""Mutation models for parent-child transmission, as pedmut (and Familias) define them.

A mutation matrix ``M`` has one row per parental allele and one column per transmitted allele;
each row sums to 1. :class:`MutationModel` holds the model name and parameters and builds the
female and male matrices for the alleles of a marker:

* ``equal``: ``M[i, i] = 1 - rate``, every other allele ``rate / (n - 1)``.
* ``proportional``: ``M = (1 - a) I + a 1 p^T`` with ``a = rate / sum(p (1 - p))``, so the
  overall mutation rate is ``rate`` and mutations go to alleles in proportion to frequency.
* ``stepwise``: integer alleles and microvariants (``9.3``) form groups by their decimal digit.
  Within a group the probability of an ``n``-step mutation is proportional to ``range ** n``
  and the group's share is ``rate``; moving to another group has total probability ``rate2``,
  spread evenly. This follows pedmut's ``mutationMatrix(model = "stepwise")`` exactly.
* ``stationary=True`` applies the "PM" transformation of Simonsson and Mostad (2016), pedmut's
  ``makeStationary()`` / ``stabilize()``: ``S = I + diag(d) (M - I)`` such that the allele
  frequencies are the stationary distribution and the overall mutation rate is kept.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .errors import KinshipInputError
from .frequencies import MarkerFrequencies

FloatArray = NDArray[np.float64]

MODELS = ("equal", "proportional", "stepwise")


def mutation_matrix(
    model: str,
    alleles: tuple[str, ...],
    freqs: FloatArray | None = None,
    *,
    rate: float,
    rate2: float = 0.0,
    range_: float = 0.5,
) -> FloatArray:
    """The mutation matrix of ``model`` over ``alleles`` (rows: parent allele, columns: child)."""
    n = len(alleles)
    if rate < 0 or rate2 < 0:
        raise ValueError("mutation rates must be non-negative")
    if n <= 1:
        return np.ones((n, n))
    if model == "equal":
        if rate > 1:
            raise ValueError(f"mutation rate must be at most 1: {rate}")
        m = np.full((n, n), rate / (n - 1))
        np.fill_diagonal(m, 1.0 - rate)
        return m
    if model == "proportional":
        if freqs is None:
            raise ValueError("the proportional model needs allele frequencies")
        p = np.asarray(freqs, dtype=np.float64)
        alpha = rate / float(np.sum(p * (1 - p)))
        m = (1 - alpha) * np.eye(n) + alpha * np.tile(p, (n, 1))
        if np.any(m > 1) or np.any(m < 0):
            raise ValueError("impossible proportional mutation matrix; reduce the rate")
        return m
    if model == "stepwise":
        return _stepwise(alleles, rate, rate2, range_)
    raise ValueError(f"unknown mutation model {model!r}; choose one of {', '.join(MODELS)}")


def _stepwise(alleles: tuple[str, ...], rate: float, rate2: float, range_: float) -> FloatArray:
    if rate + rate2 > 1:
        raise ValueError(f"the total mutation rate rate + rate2 must be at most 1: {rate + rate2}")
    if range_ <= 0:
        raise ValueError(f"range must be positive: {range_}")
    try:
        values = np.array([float(a) for a in alleles])
    except ValueError:
        raise KinshipInputError(
            "the stepwise mutation model needs numeric allele labels: " + ", ".join(alleles)
        ) from None
    if np.any(np.round(values, 1) != values):
        raise KinshipInputError(
            "microvariants must have one decimal (like 9.3): " + ", ".join(alleles)
        )
    # The decimal digit names the group; rounding avoids 9.3 - 9 != 13.3 - 13 in floating point.
    group = np.rint((values - np.round(values)) * 10).astype(int)
    n = len(alleles)
    m = np.zeros((n, n))
    for i in range(n):
        same = group == group[i]
        n_same = int(same.sum())
        if n_same == n:
            m[i, i] = 1 - rate
        elif n_same == 1:
            m[i, i] = 1 - rate2
        else:
            m[i, i] = 1 - rate - rate2
        others = same.copy()
        others[i] = False
        if others.any():
            w = range_ ** np.abs(values[others] - values[i])
            m[i, others] = w / w.sum() * rate
        if n_same < n:
            m[i, ~same] = rate2 / (n - n_same)
    return m


def make_stationary(m: FloatArray, p: FloatArray) -> FloatArray:
    """pedmut's "PM" transformation: a matrix close to ``m`` with ``p`` as stationary law."""
    n = m.shape[0]
    if n <= 1:
        return m.copy()
    diag = np.diag(m)
    overall = 1.0 - float(np.sum(diag * p))
    x = m.T - np.eye(n)
    x[n - 1, :] = 1.0
    rhs = np.zeros(n)
    rhs[n - 1] = 1.0
    v = np.linalg.solve(x, rhs)
    denom = 1.0 - float(np.sum(diag * v))
    if denom == 0:
        return m.copy()  # no mutation at all: the identity is already stationary
    d = overall * v / (denom * p)
    if np.any(d * (1 - diag) > 1):
        raise ValueError("PM stabilisation does not exist for this matrix and these frequencies")
    return (m - np.eye(n)) * d[:, None] + np.eye(n)


@dataclass(frozen=True)
class MutationModel:
    """A mutation model with separate female and male rates (the same by default).

    ``rate2`` and ``range`` are used by the stepwise model only (pedmut's parameters; the
    defaults follow common Familias practice). ``stationary`` applies pedmut's PM
    transformation to both matrices.
    """

    model: str = "equal"
    rate_female: float = 0.001
    rate_male: float = 0.001
    rate2: float = 1e-6
    range: float = 0.5
    stationary: bool = False

    @classmethod
    def of(
        cls,
        model: str,
        rate: float,
        *,
        rate_male: float | None = None,
        rate2: float = 1e-6,
        range: float = 0.5,
        stationary: bool = False,
    ) -> MutationModel:
        """A model with female rate ``rate`` and male rate ``rate_male`` (default: ``rate``)."""
        if model not in MODELS:
            raise ValueError(f"unknown mutation model {model!r}; choose one of {', '.join(MODELS)}")
        return cls(model, rate, rate if rate_male is None else rate_male, rate2, range, stationary)

    def matrices(self, freqs: MarkerFrequencies) -> tuple[FloatArray, FloatArray]:
        """The (female, male) mutation matrices over the alleles of ``freqs``."""
        out = []
        for rate in (self.rate_female, self.rate_male):
            m = mutation_matrix(
                self.model,
                freqs.alleles,
                freqs.freqs,
                rate=rate,
                rate2=self.rate2,
                range_=self.range,
            )
            if self.stationary:
                m = make_stationary(m, freqs.freqs)
            out.append(m)
        return out[0], out[1]


def is_lumpable(m: FloatArray, block: NDArray[np.bool_], tol: float = 1e-12) -> bool:
    """True if merging the alleles in ``block`` into one keeps the chain Markov (strong lumpability).

    Every row of the block must give the same probability to each allele outside the block
    (and hence to the block itself).
    """
    rows = m[block]
    if rows.shape[0] <= 1:
        return True
    outside = rows[:, ~block]
    return bool(np.all(np.abs(outside - outside[0]) <= tol))
