"""Scoring on Spark: the same model, comparisons and one-to-one SQL as on DuckDB.

``SparkLinkSession`` is ``engine.Session`` with Splink's Spark backend (``SparkAPI``) under
it. Homeward's own SQL (the one-to-one step, sibling evidence, the E-step of ``em``) is
written once, in DuckDB's dialect; ``SparkConnection`` answers the few calls of DuckDB's
connection API that ``Session`` makes and translates each statement to Spark SQL with
sqlglot (``spark_sql``). All dialect differences live in ``spark_sql``:

- ``list_has_any`` is Spark's ``arrays_overlap``;
- ``jaro_winkler_similarity`` is ``hw_jaro_winkler``, DuckDB's algorithm (rapidfuzz's) as
  a Spark function: Splink's Scala jar gives other values near the thresholds;
- ``CREATE TABLE ... AS`` becomes a cached temporary view (a local session has no
  table catalogue to write to), ``DROP TABLE`` drops it.

Everything else (window sums, ``* EXCLUDE``, ``log2``) sqlglot translates as it is.
Needs pyspark (the ``spark`` extra) and a Java runtime.
"""

from __future__ import annotations

import itertools
import logging
import os
import tempfile
from collections.abc import Iterable, Sequence
from typing import Any, cast

import pyarrow as pa

from homeward.linkage.blocking import LONE_KEYS, MAX_LONE_NAME_PAIRS
from homeward.linkage.engine import (
    CHILDREN,
    MAX_PAIRS_PER_KEY,
    REQUESTS,
    Session,
    arrow_table,
    session_term_frequencies,
)
from homeward.linkage.features import Features
from homeward.linkage.model import Model
from homeward.linkage.spec import TF_PARTS

log = logging.getLogger(__name__)

#: master URL of the Spark session Homeward builds when none is running (``local[*]``,
#: ``spark://host:7077``, ``yarn``); under ``spark-submit`` its own session is used.
MASTER_ENV = "HOMEWARD_SPARK_MASTER"

_names = itertools.count()

#: Spark name of Homeward's Jaro-Winkler (``register_jaro_winkler``)
JARO_WINKLER = "hw_jaro_winkler"


def register_jaro_winkler(spark: Any) -> None:
    """Jaro-Winkler similarity as DuckDB computes it, as a Spark SQL function.

    Splink's Scala ``jaro_winkler`` differs from DuckDB's in the last digits that decide a
    level: "karachay cherkessia" against "karachaevo cherkesiya" is 0.9056 in DuckDB and
    below the region's 0.9 in the jar. DuckDB's is rapidfuzz's algorithm, so rapidfuzz (a
    Homeward dependency, needed on every executor) computes it here, a batch at a time
    (an Arrow UDF: no pandas).
    """
    import numpy as np
    from pyspark.sql.functions import arrow_udf  # type: ignore[attr-defined]  # 4.1+, untyped
    from rapidfuzz.distance import JaroWinkler
    from rapidfuzz.process import cpdist

    def similarity(left: pa.Array, right: pa.Array) -> pa.Array:
        a, b = left.to_pylist(), right.to_pylist()
        both = [
            i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x is not None and y is not None
        ]
        out: list[float | None] = [None] * len(a)
        if both:
            scores = cpdist(
                [a[i] for i in both],
                [b[i] for i in both],
                scorer=JaroWinkler.similarity,
                dtype=np.float64,
                workers=1,
            )
            for i, score in zip(both, scores.tolist(), strict=True):
                out[i] = score
        return pa.array(out, type=pa.float64())

    spark.udf.register(JARO_WINKLER, arrow_udf(similarity, "double"))


def spark_sql(sql: str) -> str:
    """One DuckDB statement or expression list in Spark SQL."""
    import sqlglot
    from sqlglot import exp

    def fix(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.ArrayOverlaps):
            # sqlglot writes Spark's overlap as "&&", which Spark does not parse
            return exp.Anonymous(this="arrays_overlap", expressions=[node.this, node.expression])
        if isinstance(node, exp.JarowinklerSimilarity):
            return exp.Anonymous(this=JARO_WINKLER, expressions=[node.this, node.expression])
        return node

    tree = sqlglot.parse_one(sql, read="duckdb")
    return tree.transform(fix).sql(dialect="spark")


def spark_settings(settings: dict[str, Any]) -> dict[str, Any]:
    """Splink settings written for DuckDB, with their SQL in Spark's dialect."""
    out = dict(settings)
    out["comparisons"] = [
        {
            **comparison,
            "comparison_levels": [
                level
                if level.get("sql_condition") == "ELSE"
                else {**level, "sql_condition": spark_sql(level["sql_condition"])}
                for level in comparison["comparison_levels"]
            ],
        }
        for comparison in settings["comparisons"]
    ]
    out["blocking_rules_to_generate_predictions"] = [
        {**rule, "blocking_rule": spark_sql(rule["blocking_rule"])}
        for rule in settings["blocking_rules_to_generate_predictions"]
    ]
    return out


def spark_session() -> Any:
    """The running Spark session (``spark-submit``'s), or a new one."""
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    builder = SparkSession.builder.appName("homeward-linkage")
    master = os.environ.get(MASTER_ENV)
    if master:
        builder = builder.master(master)  # else spark-submit's, or local[*]
    session = (
        builder.config("spark.ui.showConsoleProgress", "false")
        # Splink's query plans (ten comparisons, each level a CASE) outgrow the default 1g
        .config("spark.driver.memory", os.environ.get("HOMEWARD_SPARK_DRIVER_MEMORY", "3g"))
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    if str(session.sparkContext.master).startswith("local") and (
        session.conf.get("spark.sql.shuffle.partitions") == "200"
    ):
        # one machine: Spark's default 200 shuffle partitions are 200 tiny tasks a step
        session.conf.set("spark.sql.shuffle.partitions", str(4 * (os.cpu_count() or 2)))
    if session.sparkContext.getCheckpointDir() is None:
        session.sparkContext.setCheckpointDir(tempfile.mkdtemp(prefix="homeward-spark-"))
    return session


class SparkRelation:
    """A Spark DataFrame with the part of DuckDB's relation API that Homeward uses."""

    def __init__(self, df: Any) -> None:
        self.df = df

    def _view(self) -> str:
        name = f"_hw_rel_{next(_names)}"
        self.df.createOrReplaceTempView(name)
        return name

    def _sql(self, sql: str) -> SparkRelation:
        return SparkRelation(self.df.sparkSession.sql(spark_sql(sql)))

    def select(self, columns: str) -> SparkRelation:
        return self._sql(f"SELECT {columns} FROM {self._view()}")

    def aggregate(self, columns: str) -> SparkRelation:
        return self._sql(f"SELECT {columns} FROM {self._view()} GROUP BY ALL")

    def order(self, columns: str) -> SparkRelation:
        return self._sql(f"SELECT * FROM {self._view()} ORDER BY {columns}")

    def fetchall(self) -> list[tuple[Any, ...]]:
        return [tuple(row) for row in self.df.collect()]

    def to_arrow_table(self) -> pa.Table:
        return cast(pa.Table, self.df.toArrow())


class _Result:
    def __init__(self, df: Any | None) -> None:
        self.df = df

    def fetchall(self) -> list[tuple[Any, ...]]:
        return [] if self.df is None else [tuple(row) for row in self.df.collect()]


class SparkConnection:
    """Temporary views in one Spark session behind the calls ``Session`` makes of DuckDB."""

    def __init__(self, spark: Any) -> None:
        self.spark = spark
        self._cached: dict[str, Any] = {}

    def register(self, name: str, table: Any) -> None:
        if isinstance(table, SparkRelation):
            df = table.df
        elif isinstance(table, pa.Table):
            df = self.spark.createDataFrame(table)
        else:
            raise TypeError(f"cannot register {type(table).__name__} on Spark")
        df.createOrReplaceTempView(name)

    def unregister(self, name: str) -> None:
        self.spark.catalog.dropTempView(name)

    def create(self, name: str, df: Any) -> None:
        """Keep ``df`` computed under ``name``: later steps read it more than once."""
        df = df.persist()
        df.count()
        df.createOrReplaceTempView(name)
        old = self._cached.pop(name, None)
        self._cached[name] = df
        if old is not None:
            old.unpersist()

    def execute(self, sql: str) -> _Result:
        import sqlglot
        from sqlglot import exp

        tree = sqlglot.parse_one(sql, read="duckdb")
        if isinstance(tree, exp.Create) and isinstance(tree.expression, exp.Query):
            name = tree.this.name
            self.create(name, self.spark.sql(spark_sql(tree.expression.sql(dialect="duckdb"))))
            return _Result(None)
        if isinstance(tree, exp.Drop):
            for table in tree.args["tables"]:
                self.drop(table.name)
            return _Result(None)
        return _Result(self.spark.sql(spark_sql(sql)))

    def drop(self, name: str) -> None:
        df = self._cached.pop(name, None)
        self.spark.catalog.dropTempView(name)
        if df is not None:
            df.unpersist()

    def table(self, name: str) -> SparkRelation:
        return SparkRelation(self.spark.table(name))

    def close(self) -> None:
        for name in list(self._cached):
            self.drop(name)


def prune_keys_spark(con: SparkConnection, left: str, right: str) -> int:
    """``engine.prune_keys`` on Spark: views are replaced, there is no UPDATE."""
    con.execute(
        f"""
        CREATE OR REPLACE TABLE hw_stop_keys AS
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
            _drop_keys(con, table, "block_keys", "hw_stop_keys")
    return dropped


def prune_lone_name_keys_spark(con: SparkConnection, left: str, right: str) -> int:
    """``blocking.prune_lone_name_keys`` on Spark: the same bound, views replaced."""
    stop = []
    for prefix, lacking in LONE_KEYS.items():
        side = (
            "SELECT k, count(*) AS n, count(*) FILTER (WHERE c) AS u FROM "
            f"(SELECT explode(age_keys) AS k, ({lacking}) AS c FROM {{t}}) "
            f"WHERE k LIKE '{prefix}%' GROUP BY k"
        )
        stop.append(
            f"SELECT k FROM ({side.format(t=left)}) l JOIN ({side.format(t=right)}) r USING (k) "
            f"WHERE l.u * r.n + l.n * r.u > {MAX_LONE_NAME_PAIRS}"
        )
    con.create("hw_stop_name_keys", con.spark.sql(" UNION ALL ".join(stop)))
    dropped = int(con.spark.table("hw_stop_name_keys").count())
    if dropped:
        for table in (left, right):
            _drop_keys(con, table, "age_keys", "hw_stop_name_keys")
    return dropped


def _drop_keys(con: SparkConnection, table: str, column: str, stop: str) -> None:
    """Replace ``table`` by itself with the keys listed in ``stop`` taken out of ``column``."""
    # the kept keys in their order; none kept gives NULL, as DuckDB's list() does
    df = con.spark.sql(
        f"""
        WITH e AS (SELECT unique_id, posexplode({column}) AS (pos, k) FROM {table}),
        kept AS (SELECT e.* FROM e LEFT ANTI JOIN {stop} s ON s.k = e.k),
        g AS (SELECT unique_id,
                     transform(array_sort(collect_list(struct(pos, k))), x -> x.k)
                     AS {column}
              FROM kept GROUP BY unique_id)
        SELECT t.* EXCEPT ({column}), g.{column}
        FROM {table} t LEFT JOIN g USING (unique_id)
        """
    )
    con.create(table, df)


class SparkLinkSession(Session):
    """``Session`` on Spark: same tables, same Splink settings, same SQL after translation.

    The base class's ``predict_one_to_one`` runs unchanged: it sees ``con`` (a
    ``SparkConnection``) and the relations ``predict`` returns (``SparkRelation``) through
    the calls of DuckDB's API it makes, which these answer on Spark.
    """

    def __init__(
        self,
        model: Model,
        children: Sequence[Features],
        requests: Sequence[Features],
        *,
        spark: Any | None = None,
        fix_m: frozenset[str] = frozenset(),
        detail: bool = False,
    ) -> None:
        from splink import Linker, SparkAPI

        logging.getLogger("splink").setLevel(logging.ERROR)
        self.model = model
        self.n_children = len(children)
        self.n_requests = len(requests)
        tf = session_term_frequencies(model, children, requests)
        self.spark = spark or spark_session()
        # Spark's constraint propagation is exponential in the aliased CASE columns of
        # Splink's prediction and Homeward's one-to-one step: with it, planning the
        # one-to-one query of 300 records took over five minutes
        self.spark.conf.set("spark.sql.constraintPropagation.enabled", "false")
        con = SparkConnection(self.spark)
        # the base class types these as DuckDB's; they answer the same calls (see above)
        self.con = cast(Any, con)
        # temporary views are named per Spark session: one Homeward session at a time
        tf_columns = [f"tf_{part}_canon" for part in TF_PARTS]
        for name, features in (("hw_children", children), ("hw_requests", requests)):
            table = arrow_table(features, tf).drop_columns(tf_columns)
            con.create(name, self.spark.createDataFrame(table))
        prune_keys_spark(con, "hw_children", "hw_requests")
        prune_lone_name_keys_spark(con, "hw_children", "hw_requests")
        # Splink's jar functions are not used (see ``register_jaro_winkler``)
        api: Any = SparkAPI  # untyped
        self.db = api(
            spark_session=self.spark,
            break_lineage_method="persist",
            register_udfs_automatically=False,
        )
        register_jaro_winkler(self.spark)
        self.left = self.db.register("hw_children", dataset_display_name=CHILDREN)
        self.right = self.db.register("hw_requests", dataset_display_name=REQUESTS)
        settings = spark_settings(model.splink_settings(self.n_children, self.n_requests, fix_m))
        settings["retain_matching_columns"] = detail
        self.detail = detail
        self.linker = Linker([self.left, self.right], settings, log_level=logging.ERROR)
        # DuckDB reads Homeward's smoothed frequencies from the feature tables' tf_ columns
        # (the first of two same-named columns wins there); Spark refuses the duplicate
        # Splink's own frequency join makes, so they come in as Splink's lookup tables
        for part, freq in tf.items():
            column = f"{part}_canon"
            lookup = pa.table(
                {column: list(freq), f"tf_{column}": list(freq.values())},
                schema=pa.schema([(column, pa.string()), (f"tf_{column}", pa.float64())]),
            )
            con.register(f"hw_tf_{part}", lookup)
            frame = self.db.register(f"hw_tf_{part}")
            self.linker.table_management.register_term_frequency_lookup(frame, column)
        self.timings: dict[str, float] = {}
        self._serial = 0

    def predict(self, threshold: float | None) -> Any:
        frame = self.linker.inference.predict(
            threshold_match_probability=threshold, warning_mode="never"
        )
        return SparkRelation(frame.as_spark_dataframe())

    def _predict_into(self, table: str, threshold: float | None, columns: str) -> None:
        # Splink's frame stays: on Spark the view built here is a plan over it, not a copy
        frame = self.linker.inference.predict(
            threshold_match_probability=threshold, warning_mode="never"
        )
        con = cast(SparkConnection, self.con)
        con.register("_hw_pred0", SparkRelation(frame.as_spark_dataframe()))
        con.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT {columns} FROM _hw_pred0")
        con.unregister("_hw_pred0")

    def score_pairs(self, pairs: Iterable[tuple[str, str]], select: str) -> list[tuple[Any, ...]]:
        self._register_pairs(pairs)
        try:
            frame = self.linker.inference.predict(warning_mode="never")
            return SparkRelation(frame.as_spark_dataframe()).select(select).fetchall()
        finally:
            management: Any = self.linker.table_management
            management.invalidate_cache()

    def _insert_scored(self, pairs: Iterable[tuple[str, str]], table: str) -> None:
        self._register_pairs(pairs)
        try:
            frame = self.linker.inference.predict(warning_mode="never")
            con = cast(SparkConnection, self.con)
            scored = frame.as_spark_dataframe()
            current = con.spark.table(table)
            con.create(table, current.unionByName(scored.select(*current.columns)))
        finally:
            management: Any = self.linker.table_management
            management.invalidate_cache()

    def _register_pairs(self, pairs: Iterable[tuple[str, str]]) -> None:
        rows = sorted(set(pairs))
        con = cast(SparkConnection, self.con)
        name = f"hw_pairs_{next(_names)}"
        con.register(
            name,
            pa.table(
                {
                    "match_key": ["0"] * len(rows),
                    "join_key_l": [f"{CHILDREN}-__-{c}" for c, _ in rows],
                    "join_key_r": [f"{REQUESTS}-__-{r}" for _, r in rows],
                }
            ),
        )
        table = self.db.register(name)
        self.linker.table_management.register_blocked_pairs_for_predict(table)

    def close(self) -> None:
        """Drop this session's views and cached tables; the Spark session stays up."""
        con = cast(SparkConnection, self.con)
        con.close()
