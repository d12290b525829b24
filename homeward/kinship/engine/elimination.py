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


def eliminate(factors: list[Factor], keep: tuple[int, ...] = ()) -> FloatArray:
    """Multiply all factors and sum out every variable not in ``keep``.

    Returns an array with one axis per variable of ``keep`` (in that order); a 0-d array
    when ``keep`` is empty.
    """
    sizes: dict[int, int] = {}
    for scope, arr in factors:
        if len(scope) != arr.ndim:
            raise ValueError("factor scope and array rank differ")
        for v, n in zip(scope, arr.shape, strict=True):
            if sizes.setdefault(v, n) != n:
                raise ValueError(f"variable {v} has two sizes")
    keep_set = set(keep)
    live = list(factors)
    todo = {v for v in sizes if v not in keep_set}
    while todo:
        # Greedy: eliminate the variable whose merged factor is smallest.
        best_v, best_cost = -1, 0.0
        best_scope: tuple[int, ...] = ()
        for v in todo:
            scope_set: set[int] = set()
            for s, _ in live:
                if v in s:
                    scope_set.update(s)
            cost = float(np.prod([sizes[u] for u in scope_set]))
            if best_v < 0 or cost < best_cost:
                best_v, best_cost, best_scope = v, cost, tuple(sorted(scope_set))
        v = best_v
        todo.discard(v)
        involved = [f for f in live if v in f[0]]
        live = [f for f in live if v not in f[0]]
        out_scope: tuple[int, ...] = tuple(u for u in best_scope if u != v)
        live.append((out_scope, _contract(involved, out_scope)))
    result = _contract(live, tuple(keep)) if live else np.ones(tuple(sizes.get(v, 1) for v in keep))
    return result


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
