"""Small-count suppression for public tables.

A count under the threshold could point at one child ("the only girl aged 14-17 from Ingushetia"),
so public tables hide it ("<5": primary suppression). Hiding one cell is not enough when the table
also shows the total of its row or column: the hidden cell is the total minus the others. So in
every such sum where exactly one cell is hidden, the next smallest cell is hidden as well
(complementary suppression), and this is repeated until no sum has a single hidden cell and no
hidden cell can be worked out by combining sums either (checked by linear algebra).

The module is pure Python: it knows nothing of cases or Django, only numbers and the sums that
tie them together, so it can be tested on its own.
"""

from __future__ import annotations

import enum
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)


class Status(enum.Enum):
    """How a cell is shown in a public table."""

    SHOWN = "shown"
    PRIMARY = "primary"  # under the threshold
    COMPLEMENTARY = "complementary"  # hidden so that a primary cell cannot be worked out


@dataclass(frozen=True)
class Sum(Generic[K]):
    """``total`` is the sum of ``parts``: a row, a column, or a subtotal shown in a table."""

    parts: tuple[K, ...]
    total: K


def suppress(values: Mapping[K, int], sums: Sequence[Sum[K]], threshold: int) -> dict[K, Status]:
    """The status of every cell of a table whose cells are ``values`` tied by ``sums``.

    Counts from 1 to ``threshold - 1`` are hidden. Zero is shown: it identifies nobody, and hiding
    it would hide nothing. Then, while some sum has exactly one hidden member (a part or the
    total), its smallest shown non-zero part is hidden too; the total itself is hidden only when
    no part is left to hide.
    """
    status = {key: Status.PRIMARY if 0 < value < threshold else Status.SHOWN for key, value in values.items()}
    while True:
        _close_single_sums(values, status, sums)
        # Sums can be combined (a column total minus a subtotal gives another subtotal): hide more
        # until no hidden cell follows from any combination of the numbers shown.
        exposed = determined(values, status, sums)
        if not exposed:
            return status
        pick = _widen(values, status, sums, exposed[0])
        if pick is None:
            return status
        status[pick] = Status.COMPLEMENTARY


def _close_single_sums(values: Mapping[K, int], status: dict[K, Status], sums: Sequence[Sum[K]]) -> None:
    changed = True
    while changed:
        changed = False
        for total_of in sums:
            members = (*total_of.parts, total_of.total)
            hidden = [m for m in members if status[m] is not Status.SHOWN]
            if len(hidden) != 1:
                continue
            pick = _complement(values, status, total_of)
            if pick is not None:
                status[pick] = Status.COMPLEMENTARY
                changed = True


def _widen(values: Mapping[K, int], status: Mapping[K, Status], sums: Sequence[Sum[K]], cell: K) -> K | None:
    """A shown cell to hide so that ``cell`` is no longer determined: the smallest next to it."""
    near = [s for s in sums if cell in s.parts or cell == s.total]
    for pool in (near, sums):
        candidates = [m for s in pool for m in (*s.parts, s.total) if status[m] is Status.SHOWN]
        nonzero = [m for m in candidates if values[m] > 0]
        if nonzero or candidates:
            return min(nonzero or candidates, key=lambda m: values[m])
    return None


def determined(values: Mapping[K, int], status: Mapping[K, Status], sums: Sequence[Sum[K]]) -> list[K]:
    """Hidden cells whose value follows from the numbers shown and the sums, combined in any way.

    A hidden cell is determined when every solution of the sums (with the shown numbers fixed)
    gives it the same value: when its coordinate vanishes on the null space of the sums
    restricted to the hidden cells.
    """
    import numpy as np

    hidden = [k for k in values if status[k] is not Status.SHOWN]
    if not hidden:
        return []
    index = {k: i for i, k in enumerate(hidden)}
    rows = []
    for total_of in sums:
        row = np.zeros(len(hidden))
        for member, sign in [*((p, 1.0) for p in total_of.parts), (total_of.total, -1.0)]:
            if member in index:
                row[index[member]] += sign
        if row.any():
            rows.append(row)
    if not rows:
        return []
    matrix = np.array(rows)
    _u, singular, vt = np.linalg.svd(matrix)
    rank = int((singular > 1e-9).sum())
    null_space = vt[rank:]
    return [k for k in hidden if not np.any(np.abs(null_space[:, index[k]]) > 1e-9)]


def _complement(values: Mapping[K, int], status: Mapping[K, Status], total_of: Sum[K]) -> K | None:
    """The cell to hide next to a lone hidden one: the smallest non-zero part, else the total."""
    parts = [p for p in total_of.parts if status[p] is Status.SHOWN]
    nonzero = [p for p in parts if values[p] > 0]
    if nonzero:
        # min() keeps the first of equal values, so the choice is stable from run to run.
        return min(nonzero, key=lambda p: values[p])
    if status[total_of.total] is Status.SHOWN and values[total_of.total] > 0:
        return total_of.total
    if parts:
        return parts[0]
    if status[total_of.total] is Status.SHOWN:
        return total_of.total
    return None


def label(value: int, status: Status, threshold: int) -> str:
    """The text of a cell: the number, ``<5`` for a small count, ``x`` for a complementary one."""
    if status is Status.PRIMARY:
        return f"<{threshold}"
    if status is Status.COMPLEMENTARY:
        return "x"
    return str(value)


def recoverable(values: Mapping[K, int], status: Mapping[K, Status], sums: Sequence[Sum[K]]) -> list[K]:
    """Hidden cells that a reader could work out from one sum alone (see ``determined`` for all)."""
    found: list[K] = []
    for total_of in sums:
        members = (*total_of.parts, total_of.total)
        hidden = [m for m in members if status[m] is not Status.SHOWN]
        if len(hidden) == 1:
            found.append(hidden[0])
    return found
