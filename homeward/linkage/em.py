"""EM under the one-to-one constraint: m and the match rate fitted to the caseload at hand.

Splink's EM (``training._fit_splink``) treats every candidate pair on its own, so its
latent "match" class also takes in look-alikes: siblings, namesakes of one clan. Here the
E-step is Homeward's own posterior, after the competition discount and sibling evidence
(``Session.predict_one_to_one``): a request seeks one child, so two children fitting it
equally well share one match between them. The M-step counts each field's levels over the
candidate pairs weighted by that posterior (confirmed pairs count 1, rejected ones 0), with
the starting m (Splink's EM, itself seeded by the shipped model) as a Dirichlet prior, and
re-estimates the match rate as the expected number of matches over the smaller side.

Guards keep EM from drifting:

- **fixed priors** on comparisons whose behaviour is known beforehand: sex is recorded
  wrongly or not at all on few records, so its m keeps a prior worth ``STRONG_PRIOR_PAIRS``
  pairs; other fields a prior worth ``M_PRIOR_PAIRS``;
- **degenerate solutions**: a field whose best agreement no longer counts for a match, or
  whose disagreement no longer counts against, goes back to its starting m (and to the
  shipped value if that too is degenerate); a match rate stuck at a bound keeps the one
  it started from. Each guard that fired is named in ``model.provenance["guards"]``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import pyarrow as pa

from homeward.linkage.engine import Session
from homeward.linkage.features import Features
from homeward.linkage.model import M_FLOOR, Model
from homeward.linkage.spec import FIELDS

log = logging.getLogger(__name__)

M_PRIOR_PAIRS = 20.0
STRONG_PRIOR_PAIRS = {"sex": 500.0}
ITERATIONS = 6
#: EM stops when no level's weight moved by more than this many bits
TOLERANCE_BITS = 0.05
RATE_BOUNDS = (0.02, 0.98)

Label = tuple[str, str, bool]


def sample_rate(model: Model, n_full: tuple[int, int], n_sample: tuple[int, int]) -> float:
    """The match rate that gives a sample the prior the full caseload has per pair."""
    (nc, nr), (sc, sr) = n_full, n_sample
    pairs_expected = model.match_rate * min(nc, nr) * (sc / nc) * (sr / nr)
    return min(RATE_BOUNDS[1], max(1e-4, pairs_expected / max(1, min(sc, sr))))


def em_one_to_one(
    model: Model,
    sample_c: Sequence[Features],
    sample_r: Sequence[Features],
    n_full: tuple[int, int],
    labels: Sequence[Label] = (),
    *,
    level_counts_of_labels: dict[tuple[str, str], list[int | None]] | None = None,
) -> int:
    """Refine ``model`` in place; returns the number of EM iterations run."""
    seed = model.copy()
    n_sample = (len(sample_c), len(sample_r))
    verdict = {(c, r): y for c, r, y in labels}
    extra = level_counts_of_labels or {}
    iterations = 0
    for _ in range(ITERATIONS):
        iterations += 1
        working = model.copy()
        working.match_rate = sample_rate(model, n_full, n_sample)
        counts, expected, scored = _e_step(working, sample_c, sample_r, verdict)
        # confirmed pairs blocking did not pair still count, once each
        for pair, levels in extra.items():
            if verdict.get(pair) and pair not in scored:
                expected += 1.0
                for field, j in zip(FIELDS, levels, strict=True):
                    if j is not None:
                        counts[field][j] += 1.0
        moved = 0.0
        for field in FIELDS:
            prior = STRONG_PRIOR_PAIRS.get(field, M_PRIOR_PAIRS)
            total = sum(counts[field])
            for lv, start, k in zip(
                model.levels[field], seed.levels[field], counts[field], strict=True
            ):
                old = lv.weight
                lv.m = max(M_FLOOR, (prior * start.m + k) / (prior + total))
                moved = max(moved, abs(lv.weight - old))
        # the expected matches in the sample, scaled back to the whole caseload
        (nc, nr), (sc, sr) = n_full, n_sample
        share = expected / max(1.0, min(nc, nr) * (sc / nc) * (sr / nr))
        model.match_rate = min(RATE_BOUNDS[1], max(RATE_BOUNDS[0], share))
        if moved < TOLERANCE_BITS:
            break
    _guard(model, seed)
    model.provenance = {
        **model.provenance,
        "em_iterations": iterations,
        "expected_matches_in_sample": round(expected, 1),
    }
    return iterations


def _e_step(
    model: Model,
    sample_c: Sequence[Features],
    sample_r: Sequence[Features],
    verdict: dict[tuple[str, str], bool],
) -> tuple[dict[str, list[float]], float, set[tuple[str, str]]]:
    session = Session(model, sample_c, sample_r)
    try:
        rel = session.predict_one_to_one(1e-3)
        session.con.register(
            "_hw_labels",
            pa.table(
                {
                    "c": [c for c, _ in verdict],
                    "r": [r for _, r in verdict],
                    "y": [float(y) for y in verdict.values()],
                },
                schema=pa.schema([("c", pa.string()), ("r", pa.string()), ("y", pa.float64())]),
            ),
        )
        session.con.register("_hw_post0", rel)
        session.con.execute(
            """CREATE TABLE _hw_post AS SELECT p.*, coalesce(l.y, p.match_probability) AS post
               FROM _hw_post0 p LEFT JOIN _hw_labels l
               ON l.c = p.unique_id_l AND l.r = p.unique_id_r"""
        )
        counts: dict[str, list[float]] = {}
        for field in FIELDS:
            rows = session.con.execute(
                f"SELECT mw_{field}, sum(post) FROM _hw_post GROUP BY 1"
            ).fetchall()
            weights = [lv.weight for lv in model.levels[field]]
            c = [0.0] * len(weights)
            for w, s in rows:
                j = _level(weights, w)
                if j is not None:
                    c[j] += float(s)
            counts[field] = c
        expected = float(
            session.con.execute("SELECT sum(post) FROM _hw_post").fetchall()[0][0] or 0
        )
        scored = {
            (str(a), str(b))
            for a, b in session.con.execute(
                "SELECT unique_id_l, unique_id_r FROM _hw_post JOIN _hw_labels "
                "ON c = unique_id_l AND r = unique_id_r"
            ).fetchall()
        }
    finally:
        session.close()
    return counts, expected, scored


def _level(weights: list[float], weight: float | None) -> int | None:
    if weight is None:
        return None
    j = min(range(len(weights)), key=lambda k: abs(weights[k] - weight))
    return j if abs(weights[j] - weight) < 1e-6 else None


def _degenerate(model: Model, field: str) -> bool:
    levels = model.levels[field]
    return levels[0].weight <= 0.0 or levels[-1].weight >= 0.0


def _guard(model: Model, seed: Model) -> None:
    guards: list[str] = list(model.provenance.get("guards", []))
    shipped = Model.default()
    for field in FIELDS:
        if not _degenerate(model, field):
            continue
        source = seed if not _degenerate(seed, field) else shipped
        for lv, back in zip(model.levels[field], source.levels[field], strict=True):
            lv.m = back.m
        where = "its starting value" if source is seed else "the shipped value"
        guards.append(f"{field}: EM's m was degenerate, kept {where}")
        log.info("linkage EM guard: %s degenerate", field)
    if model.match_rate in RATE_BOUNDS:
        guards.append(f"match rate: EM reached {model.match_rate}, kept {seed.match_rate:.3f}")
        model.match_rate = seed.match_rate
    model.provenance = {**model.provenance, "guards": guards}
