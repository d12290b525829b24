"""Exact summation over untyped people: variable elimination on allele variables.

Each person contributes two variables, the paternal and the maternal allele. Factors are
founder frequencies, transmission tables (child's allele given a parent's two alleles) and
genotype evidence. Summing variables out one at a time, cheapest first, is exact on any
pedigree, loops and inbreeding included (peeling over nuclear families is a special order of
the same sums); the cost grows with the pedigree's treewidth, which is small for the
family-sized pedigrees of kinship casework.
"""

from __future__ import annotations

import string

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
Factor = tuple[tuple[int, ...], FloatArray]

_LETTERS = string.ascii_letters

#: Variable id of the batch axis (several evidence sets computed at once); never summed out.
BATCH = -1


#: Largest intermediate table (entries) before a batch is split into smaller batches.
MAX_ENTRIES = 20_000_000


def _sizes(factors: list[Factor]) -> dict[int, int]:
    sizes: dict[int, int] = {}
    for scope, arr in factors:
        if len(scope) != arr.ndim:
            raise ValueError("factor scope and array rank differ")
        for v, n in zip(scope, arr.shape, strict=True):
            if sizes.setdefault(v, n) != n:
                raise ValueError(f"variable {v} has two sizes")
    return sizes


def _plan(
    scopes: list[tuple[int, ...]], sizes: dict[int, int], keep: tuple[int, ...]
) -> tuple[list[int], float, bool]:
    """Greedy elimination order (smallest merged table first), its largest table, and
    whether that table has the batch axis."""
    live = [set(s) for s in scopes]
    todo = {v for v in sizes if v not in set(keep)}
    order: list[int] = []
    peak, peak_batched = 0.0, False
    while todo:
        best_v, best_cost = -1, 0.0
        best_scope: set[int] = set()
        for v in todo:
            merged: set[int] = set()
            for s in live:
                if v in s:
                    merged |= s
            cost = float(np.prod([sizes[u] for u in merged]))
            if best_v < 0 or cost < best_cost:
                best_v, best_cost, best_scope = v, cost, merged
        order.append(best_v)
        todo.discard(best_v)
        if best_cost > peak:
            peak, peak_batched = best_cost, BATCH in best_scope
        live = [s for s in live if best_v not in s] + [best_scope - {best_v}]
    return order, peak, peak_batched


def eliminate(factors: list[Factor], keep: tuple[int, ...] = ()) -> FloatArray:
    """Multiply all factors and sum out every variable not in ``keep``.

    Returns an array with one axis per variable of ``keep`` (in that order); a 0-d array
    when ``keep`` is empty. When ``keep`` has the batch axis and the largest table would
    exceed :data:`MAX_ENTRIES`, the batch is computed in parts.
    """
    sizes = _sizes(factors)
    order, peak, batched = _plan([s for s, _ in factors], sizes, keep)
    size = sizes.get(BATCH, 1)
    if batched and size > 1 and peak > MAX_ENTRIES and BATCH in keep:
        step = max(1, int(MAX_ENTRIES // (peak / size)))
        axis = keep.index(BATCH)
        parts = []
        for start in range(0, size, step):
            chunk = [
                (
                    s,
                    np.take(a, range(start, min(size, start + step)), axis=s.index(BATCH))
                    if BATCH in s
                    else a,
                )
                for s, a in factors
            ]
            parts.append(_run(chunk, order, keep, sizes))
        return np.concatenate(parts, axis=axis)
    return _run(factors, order, keep, sizes)


def _run(
    factors: list[Factor], order: list[int], keep: tuple[int, ...], sizes: dict[int, int]
) -> FloatArray:
    live = list(factors)
    for v in order:
        involved = [f for f in live if v in f[0]]
        live = [f for f in live if v not in f[0]]
        merged = sorted({u for s, _ in involved for u in s} - {v})
        live.append((tuple(merged), _contract(involved, tuple(merged))))
    if not live:
        return np.ones(tuple(sizes.get(v, 1) for v in keep))
    return _contract(live, tuple(keep))


def _contract(factors: list[Factor], out_scope: tuple[int, ...]) -> FloatArray:
    if len(factors) == 1 and factors[0][0] == out_scope:
        return factors[0][1]
    letters: dict[int, str] = {}
    for scope, _ in factors:
        for v in scope:
            if v not in letters:
                letters[v] = _LETTERS[len(letters)]
    for v in out_scope:
        if v not in letters:
            raise ValueError(f"output variable {v} is in no factor")
    spec = ",".join("".join(letters[v] for v in s) for s, _ in factors)
    spec += "->" + "".join(letters[v] for v in out_scope)
    arrays = [a for _, a in factors]
    if len(arrays) > 2:
        return np.asarray(np.einsum(spec, *arrays, optimize="greedy"), dtype=np.float64)
    return np.asarray(np.einsum(spec, *arrays), dtype=np.float64)
