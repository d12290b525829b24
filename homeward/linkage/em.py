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
import math
from collections.abc import Iterable, Sequence
from typing import Any

import pyarrow as pa

from homeward.linkage.engine import Session
from homeward.linkage.features import Features
from homeward.linkage.model import M_FLOOR, Model
from homeward.linkage.spec import FIELDS, TF_PARTS, comparisons

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
    """Refine ``model`` in place; returns the number of EM iterations run.

    The comparison levels of every candidate pair are computed once (``LevelSession``):
    m changes between iterations, the pairs and their levels do not, so each E-step is
    one pass of SQL over a table of small integers rather than a fresh Splink run.
    """
    seed = model.copy()
    n_sample = (len(sample_c), len(sample_r))
    verdict = {(c, r): y for c, r, y in labels}
    extra = level_counts_of_labels or {}
    iterations = 0
    expected = 0.0
    session = LevelSession(model, sample_c, sample_r)
    try:
        _register_labels(session, verdict)
        for _ in range(ITERATIONS):
            iterations += 1
            working = model.copy()
            working.match_rate = sample_rate(model, n_full, n_sample)
            counts, expected, scored = _e_step(session, working)
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
    finally:
        session.close()
    _guard(model, seed)
    model.provenance = {
        **model.provenance,
        "em_iterations": iterations,
        "expected_matches_in_sample": round(expected, 1),
    }
    return iterations


class LevelSession(Session):
    """A session whose candidate pairs are compared once and re-weighted in SQL.

    ``hw_levels`` holds, per candidate pair, each field's comparison level (Splink's
    ``gamma_*``) and its term-frequency adjustment; the latter depends on u and ``tf_u``
    alone, which EM under the one-to-one constraint does not move. ``predict_one_to_one`` then takes
    the weights of ``self.model`` as it is at the call, with no Splink run.
    """

    def __init__(
        self, model: Model, children: Sequence[Features], requests: Sequence[Features]
    ) -> None:
        # Splink gives a pair's levels only with every compared column beside them (rows
        # of block-key lists, gigabytes at 20,000 a side); so the pairs are scored once
        # with a probe model whose level i weighs exactly -(i + 1) bits, and the level is
        # read back from the weight. u and tf_u are the model's own, so the term-frequency
        # adjustments (which depend on them alone) are the model's too.
        probe = model.copy()
        for levels in probe.levels.values():
            for i, lv in enumerate(levels):
                lv.m = lv.u * 2.0 ** -(i + 1)
        super().__init__(probe, children, requests)
        self.model = model
        self._predict_into("hw_levels", None, f"{_LEVEL_COLUMNS}, true AS blocked")

    def _weights_sql(self) -> str:
        prior = self.model.prior(self.n_children, self.n_requests)
        parts = [f"{math.log2(prior / (1 - prior))!r}"]
        cols: list[str] = []
        for field in FIELDS:
            levels = self.model.levels[field]
            top = len(levels) - 1
            cases = " ".join(f"WHEN {top - i} THEN {lv.weight!r}" for i, lv in enumerate(levels))
            cols.append(f"CASE gamma_{field} {cases} ELSE 0.0 END AS mw_{field}")
            parts.append(f"mw_{field}")
        parts += [f"coalesce(mw_tf_adj_{f}, 0)" for f in _TF_FIELDS]
        weight = " + ".join(parts)
        return f"""SELECT *, 1.0 / (1.0 + pow(2.0, -match_weight)) AS match_probability
            FROM (SELECT *, {weight} AS match_weight
                  FROM (SELECT * EXCLUDE (blocked), {", ".join(cols)}, blocked FROM hw_levels))"""

    def _raw_table(self, table: str, floor: float) -> None:
        self.con.execute(
            f"""CREATE OR REPLACE TABLE {table} AS SELECT * EXCLUDE (blocked)
                FROM ({self._weights_sql()}) WHERE blocked AND match_probability >= {floor!r}"""
        )

    def _insert_scored(self, pairs: Iterable[tuple[str, str]], table: str) -> None:
        wanted = sorted(set(pairs))
        self.con.register(
            "_hw_wanted",
            pa.table({"l": [c for c, _ in wanted], "r": [r for _, r in wanted]}),
        )
        new = self.con.execute(
            """SELECT l, r FROM _hw_wanted w WHERE NOT EXISTS (SELECT 1 FROM hw_levels h
               WHERE h.unique_id_l = w.l AND h.unique_id_r = w.r)"""
        ).fetchall()
        if new:
            # siblings of linked families that blocking did not pair: compared once, kept
            self._register_pairs((str(c), str(r)) for c, r in new)
            try:
                frame = self.linker.inference.predict(warning_mode="never")
                self.con.register("_hw_scored", frame.as_duckdbpyrelation())
                self.con.execute(
                    f"INSERT INTO hw_levels SELECT {_LEVEL_COLUMNS}, false FROM _hw_scored"
                )
                self.con.unregister("_hw_scored")
            finally:
                management: Any = self.linker.table_management
                management.invalidate_cache()
        self.con.execute(
            f"""INSERT INTO {table} BY NAME SELECT * EXCLUDE (blocked)
                FROM ({self._weights_sql()}) s
                WHERE EXISTS (SELECT 1 FROM _hw_wanted w
                              WHERE w.l = s.unique_id_l AND w.r = s.unique_id_r)"""
        )
        self.con.unregister("_hw_wanted")


_TF_FIELDS = tuple(field for field, _ in TF_PARTS.values())
_LEVELS = {
    c["output_column_name"]: sum(1 for lv in c["comparison_levels"] if not lv.get("is_null_level"))
    for c in comparisons()
}


def _gamma_sql(field: str) -> str:
    # Splink's numbering: the strongest level is the highest, a missing value -1
    top = _LEVELS[field] - 1
    return (
        f"(CASE WHEN mw_{field} = 0 THEN -1 "
        f"ELSE {top + 1} - round(-mw_{field})::INTEGER END)::TINYINT AS gamma_{field}"
    )


_LEVEL_COLUMNS = ", ".join(
    ["unique_id_l", "unique_id_r"]
    + [_gamma_sql(f) for f in FIELDS]
    + [f"mw_tf_adj_{f}" for f in _TF_FIELDS]
)


def _register_labels(session: Session, verdict: dict[tuple[str, str], bool]) -> None:
    table = pa.table(
        {
            "c": [c for c, _ in verdict],
            "r": [r for _, r in verdict],
            "y": [float(y) for y in verdict.values()],
        },
        schema=pa.schema([("c", pa.string()), ("r", pa.string()), ("y", pa.float64())]),
    )
    session.con.register("_hw_labels0", table)
    session.con.execute("CREATE TABLE _hw_labels AS SELECT * FROM _hw_labels0")
    session.con.unregister("_hw_labels0")


def _e_step(
    session: LevelSession, model: Model
) -> tuple[dict[str, list[float]], float, set[tuple[str, str]]]:
    session.model = model
    rel = session.predict_one_to_one(1e-3)
    con = session.con
    con.execute(
        f"""CREATE OR REPLACE TABLE _hw_post AS
            SELECT p.*, coalesce(l.y, p.match_probability) AS post
            FROM {rel.alias} p LEFT JOIN _hw_labels l
            ON l.c = p.unique_id_l AND l.r = p.unique_id_r"""
    )
    con.execute(f"DROP TABLE {rel.alias}")
    counts: dict[str, list[float]] = {}
    # each field's posterior mass per comparison level (gamma: the top level is highest)
    for field in FIELDS:
        top = len(model.levels[field]) - 1
        c = [0.0] * (top + 1)
        rows = con.execute(f"SELECT gamma_{field}, sum(post) FROM _hw_post GROUP BY 1").fetchall()
        for g, total in rows:
            if g is not None and int(g) >= 0:
                c[top - int(g)] += float(total or 0.0)
        counts[field] = c
    expected = float(con.execute("SELECT sum(post) FROM _hw_post").fetchall()[0][0] or 0)
    scored = {
        (str(a), str(b))
        for a, b in con.execute(
            "SELECT unique_id_l, unique_id_r FROM _hw_post JOIN _hw_labels "
            "ON c = unique_id_l AND r = unique_id_r"
        ).fetchall()
    }
    return counts, expected, scored


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
