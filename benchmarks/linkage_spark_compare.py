"""DuckDB against Spark on one caseload: the same model scored by both, pairs compared.

    uv run python -m benchmarks.linkage_spark_compare --children 300
    uv run python -m benchmarks.linkage_spark_compare --children 5000 --shipped-model

Trains once on DuckDB (``--shipped-model`` skips that and scores with the shipped model),
then runs ``link`` with ``backend="duckdb"`` and ``backend="spark"`` and prints the pair
counts, the pairs only one side found, the largest differences of probability, match
weight and contribution, and each backend's time. Spark is local unless
``HOMEWARD_SPARK_MASTER`` names a cluster or the command runs under ``spark-submit``.
"""

from __future__ import annotations

import argparse
import time

from benchmarks.caseload import build_caseload
from homeward.linkage import Model, link, train


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.linkage_spark_compare")
    ap.add_argument("--children", type=int, default=300)
    ap.add_argument("--seed", type=int, default=2019)
    ap.add_argument("--shipped-model", action="store_true", help="score with the shipped model")
    args = ap.parse_args(argv)
    case = build_caseload(args.children, args.children, seed=args.seed)
    t0 = time.perf_counter()
    model = Model.default() if args.shipped_model else train(case.children, case.requests)
    print(
        f"model: {'shipped' if args.shipped_model else 'trained on DuckDB'} "
        f"({time.perf_counter() - t0:.1f} s)"
    )
    results = {}
    for backend in ("duckdb", "spark"):
        t0 = time.perf_counter()
        pairs = link(case.children, case.requests, model=model, backend=backend)
        print(f"{backend:6}  {len(pairs):8d} pairs  {time.perf_counter() - t0:8.1f} s")
        results[backend] = {(p.child_id, p.request_id): p for p in pairs}
    d, s = results["duckdb"], results["spark"]
    common = d.keys() & s.keys()
    print(f"only on DuckDB {len(d.keys() - s.keys())}, only on Spark {len(s.keys() - d.keys())}")
    if common:
        dp = max(abs(d[k].match_probability - s[k].match_probability) for k in common)
        dw = max(abs(d[k].match_weight - s[k].match_weight) for k in common)
        dc = max(
            abs(w - s[k].contributions[f]) for k in common for f, w in d[k].contributions.items()
        )
        labels = sum(d[k].explanations != s[k].explanations for k in common)
        print(
            f"max |dp| {dp:.3g}, max |d match weight| {dw:.3g} bits, "
            f"max |d contribution| {dc:.3g} bits, pairs with other level labels {labels}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
