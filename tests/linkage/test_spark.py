"""DuckDB and Spark score one model alike: the same pairs, probabilities to 1e-6.

The Spark half runs a local Spark (two cores) and needs pyspark (the ``spark`` extra) and a Java
runtime, both of which ``bin/setup --test`` installs; without them it is skipped, saying so.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from benchmarks.caseload import build_caseload
from homeward.linkage import CandidatePair, Model, link, link_incremental, train
from homeward.linkage.backends import BACKEND_ENV, backend_name
from homeward.linkage.spark import spark_settings, spark_sql
from homeward.linkage.spec import base_settings

needs_java = pytest.mark.skipif(
    shutil.which("java") is None or importlib.util.find_spec("pyspark") is None,
    reason="no Java runtime or no pyspark: Spark cannot start (bin/setup --test installs both)",
)
# The engine uses no database: CI's second pass (on PostgreSQL) would run the same
# minutes of Spark again and prove nothing new.
once = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="linkage uses no database; the Spark comparison runs in the SQLite pass",
)

TOLERANCE = 1e-6


def test_spark_sql_uses_spark_function_names() -> None:
    sql = spark_sql("list_has_any(a_l, a_r) AND jaro_winkler_similarity(b_l, b_r) >= 0.94")
    assert sql == "ARRAYS_OVERLAP(a_l, a_r) AND HW_JARO_WINKLER(b_l, b_r) >= 0.94"
    assert "&&" not in sql
    assert "EXCEPT (lb)" in spark_sql("SELECT * EXCLUDE (lb) FROM t")


def test_every_comparison_level_translates() -> None:
    settings = spark_settings(base_settings())
    conditions = [
        lv["sql_condition"] for c in settings["comparisons"] for lv in c["comparison_levels"]
    ]
    assert not any("list_has_any" in c or "jaro_winkler_similarity" in c for c in conditions)
    assert any("ARRAYS_OVERLAP" in c for c in conditions)
    # the DuckDB settings are left as they were
    duck = [
        lv["sql_condition"] for c in base_settings()["comparisons"] for lv in c["comparison_levels"]
    ]
    assert any("list_has_any" in c for c in duck)


def test_backend_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(BACKEND_ENV, raising=False)
    assert backend_name() == "duckdb"
    monkeypatch.setenv(BACKEND_ENV, "Spark")
    assert backend_name() == "spark"
    assert backend_name("duckdb") == "duckdb"
    with pytest.raises(ValueError, match="linkage backend"):
        backend_name("sqlite")
    with pytest.raises(ValueError, match="linkage backend"):
        link([], [], backend="postgres")


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("homeward-linkage-test")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.driver.memory", "2g")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def caseload() -> tuple[list[Any], list[Any], Model]:
    # large enough to train (>= 200 a side), with families found together and sought together
    case = build_caseload(300, 300, seed=2019)
    model = train(case.children, case.requests)
    assert model.provenance["source"] == "trained"
    return case.children, case.requests, model


def _by_pair(pairs: list[CandidatePair]) -> dict[tuple[str, str], CandidatePair]:
    return {(p.child_id, p.request_id): p for p in pairs}


def _assert_same(duck: list[CandidatePair], spark: list[CandidatePair]) -> None:
    d, s = _by_pair(duck), _by_pair(spark)
    assert d.keys() == s.keys()
    for key, a in d.items():
        b = s[key]
        assert abs(a.match_probability - b.match_probability) < TOLERANCE, key
        assert abs(a.match_weight - b.match_weight) < TOLERANCE, key
        assert a.contributions.keys() == b.contributions.keys()
        for field, w in a.contributions.items():
            assert abs(w - b.contributions[field]) < TOLERANCE, (key, field)
        assert a.explanations == b.explanations, key


@needs_java
@once
def test_duckdb_and_spark_give_the_same_pairs_and_probabilities(
    spark: Any, caseload: tuple[list[Any], list[Any], Model], monkeypatch: pytest.MonkeyPatch
) -> None:
    children, requests, model = caseload
    duck = link(children, requests, model=model, backend="duckdb")
    on_spark = link(children, requests, model=model, backend="spark")
    assert len(duck) > 100
    # the sibling step and the one-to-one discount both moved some pairs
    assert any(p.contributions["siblings"] != 0 for p in duck)
    assert any(abs(p.contributions["competition"]) > 0.1 for p in duck)
    _assert_same(duck, on_spark)

    # one test, not two: test workers would each start a Spark and train a model
    top = duck[0]
    rejected = [(top.child_id, top.request_id, False)]
    new = [c for c in children if c.id == top.child_id]
    duck = link_incremental(new, requests, model, labels=rejected, backend="duckdb")
    on_spark = link_incremental(new, requests, model, labels=rejected, backend="spark")
    assert (top.child_id, top.request_id) not in _by_pair(on_spark)
    _assert_same(duck, on_spark)

    # the lone-name keys' pruning, with its bound lowered so that it drops keys at this size
    from homeward.linkage import blocking
    from homeward.linkage import spark as on_spark_module
    from homeward.linkage.engine import Session
    from homeward.linkage.features import features_of

    monkeypatch.setattr(blocking, "MAX_LONE_NAME_PAIRS", 0)
    monkeypatch.setattr(on_spark_module, "MAX_LONE_NAME_PAIRS", 0)
    cf, rf = features_of(children), features_of(requests)
    d_session = Session(model, cf, rf)
    s_session = on_spark_module.SparkLinkSession(model, cf, rf, spark=spark)
    try:
        assert d_session.con.execute("SELECT count(*) FROM hw_stop_name_keys").fetchall()[0][0] > 0
        for table in ("hw_children", "hw_requests"):
            d_keys = dict(d_session.con.execute(f"SELECT unique_id, age_keys FROM {table}").fetchall())
            s_keys = {r[0]: r[1] for r in spark.table(table).select("unique_id", "age_keys").collect()}
            assert d_keys == s_keys, table
    finally:
        d_session.close()
        s_session.close()
