"""Laboratory quality control: identical and near-identical profiles (sample swaps, duplicates).

Two profiles of different people that agree at every shared marker (or all but ``max_mismatch``
of at least ``min_shared`` markers) are almost surely one person typed twice: a swapped tube, a
duplicate sample, or contamination by a member of staff (checked against the staff elimination
set). First-degree relatives share a whole genotype at a marker only about a quarter to a half of
the time, so over ten or more markers they do not come near.

Every profile is compared with every other at once: genotypes become integer codes per marker
and the comparison is one NumPy broadcast per block of profiles (linear in the number of pairs,
with no Python loop over markers or pairs).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .markers import marker_key


@dataclass(frozen=True)
class ProfileMatch:
    """Two profiles that agree at ``shared - mismatches`` of the ``shared`` markers both have."""

    a: str
    b: str
    shared: int
    mismatches: int

    @property
    def identical(self) -> bool:
        return self.mismatches == 0


def _encode(
    profiles: Mapping[str, Mapping[str, str]], columns: dict[str, int], codes: dict[str, int]
) -> NDArray[np.int64]:
    out = np.full((len(profiles), len(columns)), -1, dtype=np.int64)
    for i, prof in enumerate(profiles.values()):
        for marker, g in prof.items():
            if "-" in g.split("/"):
                continue  # a partial genotype: neither agrees nor disagrees
            key = marker_key(marker)
            if key not in columns:
                continue
            out[i, columns[key]] = codes.setdefault(g, len(codes))
    return out


def matching_profiles(
    new: Mapping[str, Mapping[str, str]],
    others: Mapping[str, Mapping[str, str]],
    *,
    min_shared: int = 8,
    max_mismatch: int = 1,
    block: int = 256,
) -> list[ProfileMatch]:
    """Pairs (a new profile, another profile) that are identical or nearly so.

    ``new`` and ``others`` map an id to marker -> ``"a/b"``; pairs within ``new`` are compared too
    (each once). Pairs with the same id are skipped.
    """
    keys = sorted({marker_key(m) for group in (new, others) for p in group.values() for m in p})
    columns = {k: i for i, k in enumerate(keys)}
    codes: dict[str, int] = {}
    a = _encode(new, columns, codes)
    b = _encode(others, columns, codes)
    new_ids, other_ids = list(new), list(others)
    found: list[ProfileMatch] = []
    pools = [(b, other_ids, False), (a, new_ids, True)]
    for start in range(0, len(new_ids), block):
        chunk = a[start : start + block]
        for pool, ids, within in pools:
            if not len(ids):
                continue
            both = (chunk[:, None, :] >= 0) & (pool[None, :, :] >= 0)
            shared = both.sum(axis=2)
            differ = (both & (chunk[:, None, :] != pool[None, :, :])).sum(axis=2)
            hit = (shared >= min_shared) & (differ <= max_mismatch)
            for i, j in zip(*np.nonzero(hit), strict=True):
                x, y = new_ids[start + int(i)], ids[int(j)]
                if x == y or (within and start + int(i) >= int(j)):
                    continue
                found.append(ProfileMatch(x, y, int(shared[i, j]), int(differ[i, j])))
    return found
