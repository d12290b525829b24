"""Figures of a linkage run against the truth: F1 at 0.5 and at the best threshold,
blocking recall, a reliability table and the Brier score.

Pure functions over ``(child_id, request_id) -> probability`` so they can be tested.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

Pair = tuple[str, str]


def prf(pred: set[Pair], truth: set[Pair]) -> tuple[float, float, float]:
    """Precision, recall and F1 of a set of predicted pairs."""
    tp = len(pred & truth)
    p = tp / len(pred) if pred else 0.0
    r = tp / len(truth) if truth else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def at_threshold(
    probs: Mapping[Pair, float], truth: set[Pair], t: float
) -> tuple[float, float, float]:
    return prf({k for k, p in probs.items() if p >= t}, truth)


def best_threshold(probs: Mapping[Pair, float], truth: set[Pair]) -> tuple[float, float]:
    """The threshold with the highest F1 and that F1 (one sweep over sorted scores)."""
    ranked = sorted(probs.items(), key=lambda kv: -kv[1])
    tp = 0
    best_f, best_t = 0.0, 0.5
    n_truth = len(truth)
    for i, (pair, p) in enumerate(ranked, start=1):
        tp += pair in truth
        if i < len(ranked) and ranked[i][1] == p:
            continue  # ties move together
        f = 2 * tp / (i + n_truth) if n_truth else 0.0
        if f > best_f:
            best_f, best_t = f, p
    return best_t, best_f


def blocking_recall(candidates: Iterable[Pair], truth: set[Pair]) -> float:
    """Share of true pairs that became candidate pairs."""
    if not truth:
        return 1.0
    return len(truth & set(candidates)) / len(truth)


@dataclass(frozen=True)
class Bin:
    lo: float
    hi: float
    pairs: int
    mean_p: float
    observed: float


def reliability(probs: Mapping[Pair, float], truth: set[Pair], bins: int = 10) -> list[Bin]:
    """Pairs by predicted probability band: mean prediction beside the observed share true.

    True pairs that were never scored count as predicted 0 (the first band).
    """
    items = list(probs.items()) + [(t, 0.0) for t in truth if t not in probs]
    out: list[Bin] = []
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        sel = [(k, p) for k, p in items if lo <= p < hi or (b == bins - 1 and p == 1.0)]
        if not sel:
            out.append(Bin(lo, hi, 0, 0.0, 0.0))
            continue
        mean_p = sum(p for _, p in sel) / len(sel)
        obs = sum(1 for k, _ in sel if k in truth) / len(sel)
        out.append(Bin(lo, hi, len(sel), mean_p, obs))
    return out


def brier(probs: Mapping[Pair, float], truth: set[Pair]) -> float:
    """Mean squared error of the probabilities over scored pairs and missed true pairs.

    Pairs never scored are taken as predicted 0; among them only missed true pairs add
    error, so the score is over the candidate pairs returned plus the true pairs.
    """
    keys = set(probs) | truth
    if not keys:
        return 0.0
    return sum((probs.get(k, 0.0) - (k in truth)) ** 2 for k in keys) / len(keys)


def expected_calibration_error(table: list[Bin]) -> float:
    n = sum(b.pairs for b in table)
    return sum(b.pairs * abs(b.mean_p - b.observed) for b in table) / n if n else 0.0
