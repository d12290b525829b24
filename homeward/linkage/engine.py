"""Scoring: feature tables into DuckDB, candidate pairs and match weights out of Splink."""

from __future__ import annotations

import logging
import math
import os
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import fields
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from homeward.linkage.blocking import prune_lone_name_keys
from homeward.linkage.features import Features
from homeward.linkage.model import Model
from homeward.linkage.records import CandidatePair
from homeward.linkage.spec import FIELDS, TF_PARTS, base_settings

CHILDREN = "children"
REQUESTS = "requests"

_LIST = pa.list_(pa.string())
SCHEMA = pa.schema(
    [
        ("unique_id", pa.string()),
        ("given_canon", pa.string()),
        ("given_forms", _LIST),
        ("given_keys", _LIST),
        ("surname_canon", pa.string()),
        ("surname_forms", _LIST),
        ("surname_keys", _LIST),
        ("father_canon", pa.string()),
        ("father_forms", _LIST),
        ("father_keys", _LIST),
        ("mother_canon", pa.string()),
        ("mother_forms", _LIST),
        ("mother_keys", _LIST),
        ("mother_surname_canon", pa.string()),
        ("mother_surname_forms", _LIST),
        ("mother_surname_keys", _LIST),
        ("mother_father_canon", pa.string()),
        ("mother_father_forms", _LIST),
        ("mother_father_keys", _LIST),
        ("mother_year", pa.int32()),
        ("sex", pa.string()),
        ("birth_full", pa.string()),
        ("year_min", pa.int32()),
        ("year_max", pa.int32()),
        ("region", pa.string()),
        ("block_keys", _LIST),
        ("age_keys", _LIST),
        ("name_only", pa.bool_()),
        ("family", pa.string()),
        *[(f"tf_{part}_canon", pa.float64()) for part in TF_PARTS],
    ]
)

#: Fields that tell one child from its siblings; the rest (surname, parents, region) are
#: the family's and say nothing more once a sibling has linked the two families.
CHILD_FIELDS: tuple[str, ...] = ("given_name", "birth", "sex")
#: Chance that a child of a found family linked to a request's family is one of the
#: children that request names (the others may not be sought, or not in it).
SIBLING_HIT = 0.9
#: The fields two siblings share: together they say the family is the same, not the child.
FAMILY_FIELDS: tuple[str, ...] = tuple(f for f in FIELDS if f not in CHILD_FIELDS)
#: Odds, in bits, that two records of one family are the same child before that child's
#: own fields are compared: a brother or sister is as likely (1:2, a family of three).
#: The prior and the family's fields together never go past it (``family`` contribution):
#: Fellegi-Sunter adds surname, father, mother and her names as if independent, and for
#: siblings they all agree, which would outweigh a different given name.
FAMILY_CAP_BITS = -1.0

# Term frequencies are shrunk towards the model's average chance agreement with this many
# pseudo-records, so that in a caseload of five children no name looks common or rare.
_TF_PSEUDO_RECORDS = 50.0


def term_frequencies(values: Iterable[str | None], average: float) -> dict[str, float]:
    """Smoothed relative frequency of each canonical value across both sides."""
    counts = Counter(v for v in values if v)
    total = sum(counts.values())
    return {
        v: (c + _TF_PSEUDO_RECORDS * average) / (total + _TF_PSEUDO_RECORDS)
        for v, c in counts.items()
    }


def exact_u(model: Model, field: str) -> float:
    """The u of a field's exact level: the average its term frequencies are smoothed toward."""
    return model.levels[field][0].u


def session_term_frequencies(
    model: Model, children: Sequence[Features], requests: Sequence[Features]
) -> dict[str, dict[str, float]]:
    """The smoothed frequency of each canonical name part across both sides of a session."""
    return {
        part: term_frequencies(
            (getattr(f, f"{part}_canon") for seq in (children, requests) for f in seq),
            exact_u(model, field),
        )
        for part, (field, _) in TF_PARTS.items()
    }


def arrow_table(features: Sequence[Features], tf: dict[str, dict[str, float]]) -> pa.Table:
    """A feature table with its term-frequency columns, typed even when empty."""
    names = [f.name for f in fields(Features)]
    columns: dict[str, list[Any]] = {name: [getattr(f, name) for f in features] for name in names}
    for part, freq in tf.items():
        columns[f"tf_{part}_canon"] = [freq.get(c) if c else None for c in columns[f"{part}_canon"]]
    return pa.table(columns, schema=SCHEMA)


#: DuckDB's share of memory; beyond it, joins and sorts spill to disk. The default keeps a
#: 100k x 100k run (DuckDB plus Python's own tables) under 4 GB.
DEFAULT_MEMORY_LIMIT = os.environ.get("HOMEWARD_LINKAGE_MEMORY", "2GB")
#: DuckDB threads of every connection ``connect`` opens (None: one per core)
_DEFAULT_THREADS: list[int | None] = [None]
_MEMORY_LIMIT: list[str] = [DEFAULT_MEMORY_LIMIT]


def configure(threads: int | None = None, memory_limit: str | None = None) -> None:
    """Threads and memory limit of the connections this process opens from now on,
    training's included (a benchmark's ``--threads 2 --memory-limit 6GB``)."""
    _DEFAULT_THREADS[0] = threads
    _MEMORY_LIMIT[0] = memory_limit or DEFAULT_MEMORY_LIMIT


def connect(
    threads: int | None = None, memory_limit: str | None = None
) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection set up for linkage."""
    con = duckdb.connect(":memory:")
    con.execute("SET enable_progress_bar = false")
    threads = threads or _DEFAULT_THREADS[0]
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    con.execute(f"SET memory_limit = '{memory_limit or _MEMORY_LIMIT[0]}'")
    # one spill directory per process: concurrent jobs must not share temporary files
    spill = Path(tempfile.gettempdir()) / f"homeward-linkage-{os.getpid()}"
    con.execute(f"SET temp_directory = '{spill}'")
    con.execute("SET preserve_insertion_order = false")
    return con


#: A blocking key shared by more pairs than this is dropped: "Magomed, son of Magomed" or
#: "Magomedov born 2012" would otherwise bring millions of pairs. Records keep their more
#: specific three-part keys, which is where such children are told apart anyway.
MAX_PAIRS_PER_KEY = 20_000


def prune_keys(con: duckdb.DuckDBPyConnection, left: str, right: str) -> int:
    """Drop over-frequent blocking keys from both tables; returns how many were dropped."""
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE hw_stop_keys AS
        WITH l AS (SELECT k, count(*) AS n FROM (SELECT unnest(block_keys) AS k FROM {left})
                   GROUP BY k),
             r AS (SELECT k, count(*) AS n FROM (SELECT unnest(block_keys) AS k FROM {right})
                   GROUP BY k)
        SELECT k FROM l JOIN r USING (k) WHERE l.n * r.n > {MAX_PAIRS_PER_KEY}
        """
    )
    dropped = int(con.execute("SELECT count(*) FROM hw_stop_keys").fetchall()[0][0])
    if dropped:
        for table in (left, right):
            con.execute(
                f"""
                UPDATE {table} SET block_keys = (
                    SELECT list(k) FROM (SELECT unnest({table}.block_keys) AS k)
                    WHERE k NOT IN (SELECT k FROM hw_stop_keys)
                )
                WHERE block_keys IS NOT NULL
                """
            )
    return dropped


class Session:
    """Two feature tables in one DuckDB database and a Splink linker over them."""

    def __init__(
        self,
        model: Model,
        children: Sequence[Features],
        requests: Sequence[Features],
        *,
        con: duckdb.DuckDBPyConnection | None = None,
        fix_m: frozenset[str] = frozenset(),
        detail: bool = False,
        training: bool = False,
    ) -> None:
        from splink import DuckDBAPI, Linker

        logging.getLogger("splink").setLevel(logging.ERROR)
        self.model = model
        self.n_children = len(children)
        self.n_requests = len(requests)
        tf = session_term_frequencies(model, children, requests)
        self.con = con or connect()
        self.db = DuckDBAPI(self.con)
        self.con.register("_hw_children_arrow", arrow_table(children, tf))
        self.con.register("_hw_requests_arrow", arrow_table(requests, tf))
        self.con.execute("CREATE TABLE hw_children AS SELECT * FROM _hw_children_arrow")
        self.con.execute("CREATE TABLE hw_requests AS SELECT * FROM _hw_requests_arrow")
        self.con.unregister("_hw_children_arrow")
        self.con.unregister("_hw_requests_arrow")
        prune_keys(self.con, "hw_children", "hw_requests")
        prune_lone_name_keys(self.con, "hw_children", "hw_requests")
        self.left = self.db.register("hw_children", dataset_display_name=CHILDREN)
        self.right = self.db.register("hw_requests", dataset_display_name=REQUESTS)
        settings = model.splink_settings(
            self.n_children, self.n_requests, fix_m, centre_tf=not training
        )
        # with detail, Splink keeps each pair's comparison levels (gamma_*) and the compared
        # columns: exact explanations, but rows ten times wider than a large run can afford
        settings["retain_matching_columns"] = detail
        self.detail = detail
        # Splink's settings validation only logs warnings (below ERROR, so never shown) and
        # parses every comparison's SQL to do so: a second per session on a small caseload
        self.linker = Linker([self.left, self.right], settings, log_level=logging.ERROR,
                             validate_settings=False)
        #: seconds spent in the phases of ``predict_one_to_one`` (for benchmarks)
        self.timings: dict[str, float] = {}
        self._serial = 0

    def block(self) -> str:
        """Materialise the candidate pairs (``join_key_l``, ``join_key_r``) as a table, whose
        name is returned; the next ``predict`` scores these instead of blocking again."""
        rel = self.linker.inference.compute_blocked_pairs_for_predict().as_duckdbpyrelation()
        self.con.register("_hw_blocked0", rel)
        self.con.execute("CREATE OR REPLACE TABLE hw_blocked AS SELECT * FROM _hw_blocked0")
        self.con.unregister("_hw_blocked0")
        self.linker.table_management.register_blocked_pairs_for_predict(
            self.db.register("hw_blocked")
        )
        return "hw_blocked"

    def predict(self, threshold: float | None) -> duckdb.DuckDBPyRelation:
        """Every blocked candidate pair whose pairwise probability is at least ``threshold``."""
        frame = self.linker.inference.predict(
            threshold_match_probability=threshold, warning_mode="never"
        )
        return frame.as_duckdbpyrelation()

    def predict_one_to_one(self, threshold: float) -> duckdb.DuckDBPyRelation:
        """Candidate pairs scored, then discounted for competing candidates.

        Splink scores each pair on its own. But a request seeks one child: when two
        children fit a request equally well, each is at most an even bet. With Bayes
        factors B (pairwise weight minus the prior), prior lambda and r the chance that a
        request has a counterpart at all (lambda times the number of children), the
        posterior of child k for request j is ``lambda*B_k / ((1 - r) + lambda * sum B)``
        over the request's candidates. The other way round does not hold (several relatives
        may file for the same child), so children are not discounted for their candidate
        requests in general; but one request names each of the siblings it seeks once, so
        among the sought children of one ``family`` a child is discounted the same way
        (this is what keeps a child from matching its brother's entry). The change, in
        bits, is the ``competition`` contribution, so the waterfall still adds up.

        Before that, sibling evidence: where a pass without it links (>= 0.5, probability
        s) a sibling of the child, found in the same ``family``, to a sibling in the
        request's ``family``, the pair's probability becomes s times the chance that the
        child is this one of the request's k children (odds 0.9/(k-1), times the Bayes
        factor of the fields that tell siblings apart) plus (1 - s) times its own. Pairs of
        linked families that blocking missed are scored first. The change is the
        ``siblings`` contribution.
        """
        lam = self.model.prior(self.n_children, self.n_requests)
        r_request = min(0.99, lam * self.n_children)
        # the chance that one child is named in a given family request at all
        r_family = min(0.99, lam * self.n_requests)
        # pairs far below the threshold barely move a denominator; keep the table small
        floor = min(threshold, 1e-3) / 10
        started = time.perf_counter()
        self._raw_table("_hw_raw", floor)
        one_minus = 1.0 - lam
        self.timings["scoring"] = time.perf_counter() - started
        started = time.perf_counter()
        child_level = " + ".join(_contribution_sql(f) for f in CHILD_FIELDS)
        prior_bits = math.log2(lam / one_minus)
        family_level = " + ".join(_contribution_sql(f) for f in FAMILY_FIELDS)
        family_cap = f"least(0.0, {FAMILY_CAP_BITS - prior_bits!r} - ({family_level}))"
        compete = f"""least(
                    lb / ({1.0 - r_request!r} + sum(lb) OVER (PARTITION BY unique_id_r)),
                    CASE WHEN _hw_q IS NULL THEN 1.0
                         ELSE lb / ({1.0 - r_family!r}
                                   + sum(lb) OVER (PARTITION BY unique_id_l, _hw_q)) END)"""
        linked = f"""
            WITH base AS (
                SELECT b.*, 1.0 / (1.0 + pow(2.0, -(match_weight + mw_family))) AS _hw_pf
                FROM (SELECT p.*, q.family AS _hw_q, c.family AS _hw_f,
                             {family_cap} AS mw_family
                      FROM _hw_raw p
                      LEFT JOIN hw_requests q ON q.unique_id = p.unique_id_r
                      LEFT JOIN hw_children c ON c.unique_id = p.unique_id_l) b
            ), first AS (
                SELECT unique_id_l, unique_id_r, _hw_f, _hw_q, {compete} AS p1
                FROM (SELECT *, 0.0 AS mw_siblings,
                             pow(2.0, match_weight + mw_family) * {one_minus!r} AS lb FROM base)
            ), links AS (
                SELECT unique_id_l AS c2, unique_id_r AS r2, _hw_f, _hw_q, p1 FROM first
                WHERE p1 >= 0.5 AND _hw_f IS NOT NULL AND _hw_q IS NOT NULL
            )"""
        # siblings of linked families that blocking did not pair are scored as well
        missing = self.con.execute(
            f"""{linked}, fams AS (SELECT DISTINCT _hw_f, _hw_q FROM links)
            SELECT c.unique_id, q.unique_id FROM fams
            JOIN hw_children c ON c.family = fams._hw_f
            JOIN hw_requests q ON q.family = fams._hw_q
            WHERE NOT EXISTS (SELECT 1 FROM _hw_raw p
                              WHERE p.unique_id_l = c.unique_id AND p.unique_id_r = q.unique_id)
            """
        ).fetchall()
        if missing:
            self._insert_scored([(str(c), str(r)) for c, r in missing], "_hw_raw")
        sql = f"""{linked}, support AS (
                SELECT b.unique_id_l, b.unique_id_r, max(k.p1) AS s
                FROM base b JOIN links k ON k._hw_f = b._hw_f AND k._hw_q = b._hw_q
                    AND k.c2 <> b.unique_id_l AND k.r2 <> b.unique_id_r
                GROUP BY b.unique_id_l, b.unique_id_r
            ), sizes AS (
                SELECT family AS _hw_q, count(*) AS q_size FROM hw_requests
                WHERE family IS NOT NULL GROUP BY family
            ), boosted AS (
                SELECT b.*, CASE WHEN b.s IS NULL THEN 0.0 ELSE log2(mix / (1 - mix))
                    - match_weight - mw_family END AS mw_siblings
                FROM (
                    SELECT b.*, s.s, least(1 - 1e-12, greatest(1e-12,
                        s.s / (1 + ((z.q_size - 1) / {SIBLING_HIT!r}) * pow(2.0, -({child_level})))
                        + (1 - s.s) * b._hw_pf)) AS mix
                    FROM base b
                    LEFT JOIN support s USING (unique_id_l, unique_id_r)
                    LEFT JOIN sizes z ON z._hw_q = b._hw_q
                ) b
            ), adjusted AS (
                SELECT *, {compete} AS p_adj
                FROM (SELECT *,
                             pow(2.0, match_weight + mw_family + mw_siblings) * {one_minus!r} AS lb
                      FROM boosted)
            )
            SELECT * EXCLUDE (lb, _hw_q, _hw_f, _hw_pf, s, mix, p_adj, match_probability),
                p_adj AS match_probability,
                CASE WHEN p_adj <= 0 THEN -1e9 WHEN p_adj >= 1 THEN 1e9
                     ELSE log2(p_adj / (1 - p_adj)) - match_weight - mw_family - mw_siblings
                END AS mw_competition
            FROM adjusted WHERE p_adj >= {float(threshold)!r}
        """
        self._serial += 1
        table = f"hw_pairs_{self._serial}"
        self.con.execute(f"CREATE OR REPLACE TABLE {table} AS {sql}")
        self.con.execute("DROP TABLE _hw_raw")
        self.timings["one_to_one"] = time.perf_counter() - started
        return self.con.table(table)

    def _raw_table(self, table: str, floor: float) -> None:
        """Create ``table``: every candidate pair of pairwise probability >= ``floor``, with
        Splink's prediction columns (``match_weight``, ``match_probability``, ``mw_*``)."""
        self._predict_into(table, floor, "*")

    def _predict_into(self, table: str, threshold: float | None, columns: str) -> None:
        """Splink's prediction, ``columns`` of it, as ``table``; Splink's own copy of the
        prediction is dropped at once (at scale, two copies of every pair is gigabytes)."""
        frame = self.linker.inference.predict(
            threshold_match_probability=threshold, warning_mode="never"
        )
        self.con.register("_hw_pred0", frame.as_duckdbpyrelation())
        self.con.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT {columns} FROM _hw_pred0")
        self.con.unregister("_hw_pred0")
        frame.drop_table_from_database_and_remove_from_cache()

    def score_pairs(self, pairs: Iterable[tuple[str, str]], select: str) -> list[tuple[Any, ...]]:
        """Score exactly these (child_id, request_id) pairs, whatever the blocking says,
        and return the ``select`` columns of Splink's prediction for them."""
        self._register_pairs(pairs)
        try:
            frame = self.linker.inference.predict(warning_mode="never")
            return frame.as_duckdbpyrelation().select(select).fetchall()
        finally:
            management: Any = self.linker.table_management
            management.invalidate_cache()

    def _insert_scored(self, pairs: Iterable[tuple[str, str]], table: str) -> None:
        """Score exactly these pairs and append Splink's prediction rows to ``table``."""
        self._register_pairs(pairs)
        try:
            frame = self.linker.inference.predict(warning_mode="never")
            self.con.register("_hw_scored", frame.as_duckdbpyrelation())
            self.con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _hw_scored")
            self.con.unregister("_hw_scored")
        finally:
            management: Any = self.linker.table_management
            management.invalidate_cache()

    def _register_pairs(self, pairs: Iterable[tuple[str, str]]) -> None:
        rows = sorted(set(pairs))
        self.con.register(
            "_hw_pairs_arrow",
            pa.table(
                {
                    "match_key": ["0"] * len(rows),
                    "join_key_l": [f"{CHILDREN}-__-{c}" for c, _ in rows],
                    "join_key_r": [f"{REQUESTS}-__-{r}" for _, r in rows],
                }
            ),
        )
        self.con.execute("CREATE OR REPLACE TABLE hw_pairs AS SELECT * FROM _hw_pairs_arrow")
        self.con.unregister("_hw_pairs_arrow")
        table = self.db.register("hw_pairs")
        self.linker.table_management.register_blocked_pairs_for_predict(table)

    def close(self) -> None:
        self.con.close()


def level_labels(model: Model) -> dict[str, list[tuple[float, str]]]:
    """For each field, (match weight, label) of its levels.

    Splink reports a pair's level only through the weight it gave (keeping the level
    itself would drag every compared column into the output), so the label is read back
    from the weight; a weight of exactly zero with no level of that weight is "missing".
    """
    return {name: [(lv.weight, lv.label) for lv in levels] for name, levels in model.levels.items()}


def level_gammas() -> dict[str, dict[int, str]]:
    """For each field, Splink's comparison-vector value -> label of the level."""
    out: dict[str, dict[int, str]] = {}
    for comparison in base_settings()["comparisons"]:
        levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        labels = {len(levels) - 1 - i: str(lv["label_for_charts"]) for i, lv in enumerate(levels)}
        labels[-1] = "missing"
        out[comparison["output_column_name"]] = labels
    return out


def _label_for(levels: list[tuple[float, str]], weight: float | None) -> str:
    if weight is None:
        return "missing"
    best = min(levels, key=lambda wl: abs(wl[0] - weight))
    if abs(best[0] - weight) > 1e-6:
        return "missing"
    return best[1]


def _contribution_sql(field: str) -> str:
    if field in {f for f, _ in TF_PARTS.values()}:
        return f"coalesce(mw_{field}, 0) + coalesce(mw_tf_adj_{field}, 0)"
    return f"coalesce(mw_{field}, 0)"


def result_columns_sql(detail: bool) -> str:
    """SELECT list turning Splink's prediction columns into Homeward's pair columns."""
    cols = [
        "unique_id_l AS child_id",
        "unique_id_r AS request_id",
        "match_probability",
        "match_weight",
    ]
    cols += [f"{_contribution_sql(f)} AS w_{f}" for f in FIELDS]
    cols += [
        "mw_family AS w_family",
        "mw_siblings AS w_siblings",
        "mw_competition AS w_competition",
    ]
    if detail:
        cols += [f"gamma_{f} AS b_{f}" for f in FIELDS]
    else:
        cols += [f"mw_{f} AS b_{f}" for f in FIELDS]
    return ", ".join(cols)


def to_pairs(
    relation: duckdb.DuckDBPyRelation,
    exclude: set[tuple[str, str]],
    model: Model,
    detail: bool = False,
    prior: float = 0.0,
) -> list[CandidatePair]:
    """Candidate pairs, most probable first, leaving out the ``exclude``d ones.

    ``prior`` is the prior's match weight (``prior_weight``), given as the first
    contribution so that the contributions of a pair add up to its match weight.
    """
    labels = level_labels(model)
    rows = relation.select(result_columns_sql(detail)).fetchall()
    by_gamma = level_gammas()
    n = len(FIELDS)
    pairs: list[CandidatePair] = []
    for row in rows:
        child_id, request_id = str(row[0]), str(row[1])
        if (child_id, request_id) in exclude:
            continue
        weights = row[4 : 4 + n]
        family = float(row[4 + n])
        siblings = float(row[5 + n])
        competition = float(row[6 + n])
        base_weights = row[7 + n : 7 + 2 * n]
        pairs.append(
            CandidatePair(
                child_id=child_id,
                request_id=request_id,
                match_probability=float(row[2]),
                match_weight=float(row[3]) + family + siblings + competition,
                contributions={
                    "prior": prior,
                    **{f: float(w) for f, w in zip(FIELDS, weights, strict=True)},
                    "family": family,
                    "siblings": siblings,
                    "competition": competition,
                },
                explanations={
                    f: (
                        by_gamma[f].get(int(b), "missing")
                        if detail and b is not None
                        else _label_for(labels[f], b)
                    )
                    for f, b in zip(FIELDS, base_weights, strict=True)
                },
            )
        )
    pairs.sort(key=lambda p: (-p.match_probability, p.child_id, p.request_id))
    return pairs


def prior_weight(model: Model, n_children: int, n_requests: int) -> float:
    """Match weight of the prior, the first bar of a waterfall chart."""
    lam = model.prior(n_children, n_requests)
    return math.log2(lam / (1 - lam))
