"""Theta (Balding-Nichols, NRC II 4.10) correction of founder alleles, and slot domains.

Founder alleles of a pedigree component are drawn jointly: the j-th (in any order) is ``a``
with probability ``(b*theta + (1-theta)*p_a) / (1 + (j-2)*theta)``, ``b`` counting earlier
founder alleles equal to ``a`` (pedprobr's ``thetaCorr``). Two exact ways to sum over them:

* a joint table over the founder allele variables, built on their (possibly restricted)
  domains, when it is small enough (:data:`THETA_TABLE_LIMIT` entries);
* otherwise, the same distribution written as a Chinese-restaurant mixture: the alleles are
  partitioned into blocks identical by descent (the j-th joins a block of size s with weight
  ``s*theta``, opens a new one with weight ``1-theta``, both over ``1 + (j-2)*theta``) and each
  block gets an independent allele from the frequencies. Summing over partitions costs one
  ordinary likelihood per partition (Bell(n) of them for n founder alleles);
* or, when some founders pass on a single allele (an untyped parent of one child), a joint
  table for the other founder alleles and those single alleles drawn after them, each either
  fresh (weight ``1-theta``) or a copy of one earlier allele (weight ``theta``).

The engine picks the cheapest; all three give the same value.

Typed people's allele variables range over two "slots" holding their own alleles (per batch
item); :func:`restrict` turns a table over full allele ranges into one over slots.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping

import numpy as np
from numpy.typing import NDArray

from .elimination import BATCH, Factor, eliminate
from .errors import ImpossibleComputation

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

#: Largest joint founder-allele table built for theta correction (number of entries).
THETA_TABLE_LIMIT = 4_000_000
#: Most founder-allele partitions summed over when the joint table is too large.
PARTITION_LIMIT = 25_000


def index_arrays(
    scope: tuple[int, ...], domains: Mapping[int, IntArray], n: int, size: int
) -> list[IntArray]:
    """Broadcastable allele-index arrays, one per variable, over (batch, *scope)."""
    arrays = []
    for k, v in enumerate(scope):
        shape = [1] * (len(scope) + 1)
        if v in domains:
            shape[0] = size
            shape[k + 1] = 2
            arrays.append(domains[v].reshape(shape))
        else:
            shape[k + 1] = n
            arrays.append(np.arange(n).reshape(shape))
    return arrays


def restrict(
    scope: tuple[int, ...], base: FloatArray, domains: Mapping[int, IntArray], n: int, size: int
) -> Factor:
    """``base`` over ``scope``, with slot-domain variables replaced by their alleles."""
    if not any(v in domains for v in scope):
        return scope, base
    idx = index_arrays(scope, domains, n, size)
    return (BATCH, *scope), np.asarray(base[tuple(idx)], dtype=np.float64)


def theta_table_size(
    scope: tuple[int, ...], domains: Mapping[int, IntArray], n: int, size: int
) -> int:
    """Entries of the joint founder table over ``scope``."""
    batched = any(v in domains for v in scope)
    total = size if batched else 1
    for v in scope:
        total *= 2 if v in domains else n
    return total


def theta_factor(
    scope: tuple[int, ...], domains: Mapping[int, IntArray], p: FloatArray, theta: float, size: int
) -> Factor:
    """Joint probability of the founder alleles in ``scope`` (the Balding-Nichols formula).

    ``p`` is one frequency vector, or one per batch item (shape ``(size, n)``).
    """
    idx = index_arrays(scope, domains, p.shape[-1], size)
    per_item = p.ndim == 2
    batched = per_item or any(v in domains for v in scope)
    shape = np.broadcast_shapes(*(a.shape for a in idx))
    if per_item:
        items = np.arange(size).reshape((size,) + (1,) * len(scope))
        shape = np.broadcast_shapes(shape, items.shape)
    elif not batched:
        idx = [a.reshape(a.shape[1:]) for a in idx]
        shape = shape[1:]
    table = np.ones(shape)
    for j, vj in enumerate(idx):
        counts = np.zeros(shape)
        for vi in idx[:j]:
            counts = counts + (vi == vj)
        freq = p[items, vj] if per_item else p[vj]
        table = table * (counts * theta + (1 - theta) * freq) / (1 + (j - 1) * theta)
    return ((BATCH, *scope) if batched else scope), table


def freq_factor(
    v: int, p: FloatArray, domains: Mapping[int, IntArray], n: int, size: int
) -> Factor:
    """Frequencies of one founder allele variable (``p`` shared, or one row per batch item)."""
    if p.ndim == 1:
        return restrict((v,), p, domains, n, size)
    if v in domains:
        return (BATCH, v), np.take_along_axis(p, domains[v], axis=1)
    return (BATCH, v), p


def set_partitions(n: int) -> Iterator[tuple[int, ...]]:
    """Every partition of ``range(n)`` as a restricted growth string (block label per item)."""
    labels = [0] * n

    def grow(i: int, blocks: int) -> Iterator[tuple[int, ...]]:
        if i == n:
            yield tuple(labels)
            return
        for b in range(blocks + 1):
            labels[i] = b
            yield from grow(i + 1, max(blocks, b + 1))

    if n == 0:
        yield ()
        return
    yield from grow(1, 1)


def partition_weight(labels: tuple[int, ...], theta: float) -> float:
    """Probability of this identity-by-descent partition of the founder alleles."""
    sizes: dict[int, int] = {}
    weight = 1.0
    for j, b in enumerate(labels):
        s = sizes.get(b, 0)
        weight *= (s * theta if s else 1 - theta) / (1 + (j - 1) * theta)
        sizes[b] = s + 1
    return weight


def _renamed(factor: Factor, rename: Mapping[int, int]) -> Factor:
    """``factor`` with variables renamed; two axes that become one variable keep their diagonal."""
    scope, arr = factor
    new = [rename.get(v, v) for v in scope]
    if len(set(new)) == len(new):
        return tuple(new), arr
    letters = {v: chr(97 + k) for k, v in enumerate(dict.fromkeys(new))}
    out = tuple(dict.fromkeys(new))
    spec = "".join(letters[v] for v in new) + "->" + "".join(letters[v] for v in out)
    return out, np.asarray(np.einsum(spec, arr), dtype=np.float64)


def bell(n: int) -> int:
    """The number of partitions of a set of ``n`` items."""
    row = [1]
    for _ in range(n):
        nxt = [row[-1]]
        for x in row:
            nxt.append(nxt[-1] + x)
        row = nxt
    return row[0]


def sum_over_partitions(
    factors: list[Factor],
    scopes: list[tuple[int, ...]],
    domains: Mapping[int, IntArray],
    p: FloatArray,
    theta: float,
    size: int,
    keep: tuple[int, ...],
) -> FloatArray:
    """Sum of the likelihood over identity-by-descent partitions of the founder alleles."""
    count = 1
    for scope in scopes:
        count *= bell(len(scope))
    if count > PARTITION_LIMIT:
        raise ImpossibleComputation(
            f"theta correction over {sum(len(s) for s in scopes)} founder alleles is too large to "
            "compute exactly; reduce the pedigree or use theta = 0"
        )
    n = p.shape[-1]
    eye = np.eye(n)
    fresh = max([abs(v) for f in factors for v in f[0]] + [0]) + 1
    total: FloatArray | None = None
    combos: list[list[tuple[int, ...]]] = [[()]]
    for scope in scopes:
        combos = [c + [labels] for c in combos for labels in set_partitions(len(scope))]
    for combo in combos:
        extra: list[Factor] = []
        rename: dict[int, int] = {}
        weight = 1.0
        var = fresh
        for scope, labels in zip(scopes, combo[1:], strict=True):
            weight *= partition_weight(labels, theta)
            for block in range(max(labels) + 1):
                members = [v for v, label in zip(scope, labels, strict=True) if label == block]
                # Unrestricted members become one variable (an output variable if there is
                # one); slot-domain members and any second output variable are tied to it.
                free = [v for v in members if v not in domains]
                kept = [v for v in free if v in keep]
                head = kept[0] if kept else free[0] if free else var
                var += 0 if free else 1
                for v in free:
                    if v not in keep:
                        rename[v] = head
                extra.append(freq_factor(head, p, domains, n, size))
                for v in members:
                    if v != head and (v in domains or v in keep):
                        extra.append(restrict((head, v), eye, domains, n, size))
        merged = [_renamed(f, rename) for f in factors]
        result = weight * eliminate(merged + extra, keep)
        total = result if total is None else total + result
    assert total is not None
    return total


def copy_runs(n_core: int, n_peel: int) -> int:
    """Likelihood runs of :func:`sum_over_copies`: each peeled allele is fresh or a copy."""
    runs = 1
    for k in range(n_peel):
        runs *= n_core + k + 1
    return runs


def sum_over_copies(
    factors: list[Factor],
    core: tuple[int, ...],
    peel: tuple[int, ...],
    domains: Mapping[int, IntArray],
    p: FloatArray,
    theta: float,
    size: int,
    keep: tuple[int, ...],
) -> FloatArray:
    """Founder alleles ``core`` by a joint table, then ``peel`` drawn after them one by one.

    The j-th allele drawn is a fresh draw from the frequencies (weight ``1-theta``) or a copy
    of one given earlier allele (weight ``theta``), over ``1 + (j-2)*theta``: the
    Balding-Nichols formula written as a sum of products. ``peel`` alleles must be free
    (neither slot-restricted nor output variables).
    """
    if any(v in domains or v in keep for v in peel):
        raise ValueError("peeled founder alleles must be unrestricted, non-output variables")
    if copy_runs(len(core), len(peel)) > PARTITION_LIMIT:
        raise ImpossibleComputation(
            f"theta correction over {len(core) + len(peel)} founder alleles is too large to "
            "compute exactly; reduce the pedigree or use theta = 0"
        )
    n = p.shape[-1]
    eye = np.eye(n)
    base = factors + [theta_factor(core, domains, p, theta, size)] if core else list(factors)
    order = list(core) + list(peel)
    choices = [range(-1, len(core) + k) for k in range(len(peel))]
    total: FloatArray | None = None
    for combo in itertools.product(*choices):
        rename: dict[int, int] = {}
        extra: list[Factor] = []
        weight = 1.0
        for k, choice in enumerate(combo):
            v = peel[k]
            j = len(core) + k  # alleles drawn before this one
            weight /= 1 + (j - 1) * theta
            if choice < 0:
                weight *= 1 - theta
                extra.append(freq_factor(v, p, domains, n, size))
                continue
            weight *= theta
            source = order[choice]
            source = rename.get(source, source)
            if source in domains:
                extra.append(restrict((source, v), eye, domains, n, size))
            else:
                rename[v] = source
        merged = [_renamed(f, rename) for f in base] + [_renamed(f, rename) for f in extra]
        result = weight * eliminate(merged, keep)
        total = result if total is None else total + result
    assert total is not None
    return total
