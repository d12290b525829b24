"""How reliable past match probabilities were: reviewed pairs by probability band.

A probability of 0.8 should be confirmed about 80% of the time. Reviewed pairs are not a
random sample (caseworkers open the likely ones first), so the table says how the
decisions went for the pairs that were decided, band by band, with the Brier score of
those decisions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from homeward.tracing.models import CandidateMatch, MatchModel

BANDS = 10


@dataclass(frozen=True)
class Band:
    lo: float
    hi: float
    pairs: int
    confirmed: int
    mean_probability: float

    @property
    def observed(self) -> float | None:
        return self.confirmed / self.pairs if self.pairs else None


@dataclass(frozen=True)
class Reliability:
    bands: list[Band]
    decided: int
    brier: float | None


def reliability(candidates: QuerySet[CandidateMatch]) -> Reliability:
    """Bands of the decided pairs among ``candidates`` (probability at scoring time)."""
    decided = list(
        candidates.exclude(status=CandidateMatch.Status.POTENTIAL).values_list("match_probability", "status")
    )
    sums = [[0, 0, 0.0] for _ in range(BANDS)]
    squared = 0.0
    for p, status in decided:
        k = min(BANDS - 1, max(0, int(float(p) * BANDS)))
        y = 1.0 if status == CandidateMatch.Status.CONFIRMED else 0.0
        sums[k][0] += 1
        sums[k][1] += int(y)
        sums[k][2] += float(p)
        squared += (float(p) - y) ** 2
    bands = [
        Band(k / BANDS, (k + 1) / BANDS, int(n), int(c), (s / n) if n else 0.0)
        for k, (n, c, s) in enumerate(sums)
    ]
    return Reliability(bands, len(decided), squared / len(decided) if decided else None)


def latest_fit() -> dict[str, Any] | None:
    """The fitted parameters of the latest matching run, as ``linkage.report`` gives them."""
    row = MatchModel.objects.order_by("-id").first()
    if row is None:
        return None
    fitted = (row.provenance or {}).get("fitted")
    if not isinstance(fitted, dict):
        return None
    return {"version": row.version, "created_at": row.created_at, **fitted}
