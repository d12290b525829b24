"""Linkage benchmark: precision, recall, F1, speed and memory on a synthetic caseload.

    uv run python -m benchmarks.linkage_bench --names ../shared/data/names --children 5000
    uv run python -m benchmarks.linkage_bench --names ... --children 100000 --requests 100000

Builds a labelled caseload (``benchmarks.caseload``), runs ``homeward.linkage`` (EM training
on the caseload itself, then linking) and, side by side, exact matching on normalised
names and Primero's phonetic OR-search (``benchmarks.linkage_baselines``). A pair counts as
matched at probability >= 0.5. Peak memory is the process's maximum resident set size, so
it includes DuckDB's native memory. Baselines are skipped above 20,000 records a side
(Primero's per-query scan is quadratic) unless ``--baselines`` is given.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from tqdm import tqdm

from benchmarks.caseload import build_caseload
from benchmarks.linkage_baselines import exact_baseline, primero_baseline, romanised
from homeward.linkage.engine import Session
from homeward.linkage.features import Features, record_features
from homeward.linkage.records import Record
from homeward.linkage.training import fit


def peak_rss_mb() -> float:
    """Maximum resident set size of this process so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def scores(pred: set[tuple[str, str]], truth: set[tuple[str, str]]) -> tuple[float, float, float]:
    tp = len(pred & truth)
    p = tp / len(pred) if pred else 0.0
    r = tp / len(truth) if truth else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _features(records: Sequence[Record], desc: str) -> list[Features]:
    return [record_features(r) for r in tqdm(records, desc=desc, unit="rec", file=sys.stderr)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.linkage_bench")
    ap.add_argument("--names", type=Path, help="directory of real name pairs (shared data)")
    ap.add_argument("--children", type=int, default=5000)
    ap.add_argument("--requests", type=int, help="defaults to --children")
    ap.add_argument("--seed", type=int, default=2019)
    ap.add_argument("--threads", type=int, help="DuckDB threads (default: all cores)")
    ap.add_argument("--baselines", action="store_true", help="run baselines at any size")
    ap.add_argument(
        "--csv-fields-only",
        action="store_true",
        help="drop what the match CSV cannot carry (sibling groups, mother's birth year)",
    )
    args = ap.parse_args(argv)
    n_req = args.requests or args.children

    t0 = time.perf_counter()
    case = build_caseload(args.children, n_req, seed=args.seed, names_dir=args.names)
    t_gen = time.perf_counter() - t0
    if args.csv_fields_only:
        case.children = [replace(r, family=None, mother_birth_year=None) for r in case.children]
        case.requests = [replace(r, family=None, mother_birth_year=None) for r in case.requests]
    print(
        f"caseload: {len(case.children)} children, {len(case.requests)} requests, "
        f"{len(case.truth)} true pairs (generated in {t_gen:.1f} s)",
        file=sys.stderr,
    )

    t0 = time.perf_counter()
    cf = _features(case.children, "names (children)")
    rf = _features(case.requests, "names (requests)")
    t_feat = time.perf_counter() - t0

    t0 = time.perf_counter()
    model = fit(cf, rf)
    t_train = time.perf_counter() - t0

    t0 = time.perf_counter()
    session = Session(model, cf, rf)
    if args.threads:
        session.con.execute(f"SET threads = {args.threads}")
    blocked = session.linker.inference.compute_blocked_pairs_for_predict()
    n_pairs = int(blocked.as_duckdbpyrelation().count("*").fetchall()[0][0])
    rows = (
        session.predict_one_to_one(0.01)
        .select("unique_id_l, unique_id_r, match_probability")
        .fetchall()
    )
    t_link = time.perf_counter() - t0
    session.close()
    ours = {(a, b) for a, b, p in rows if p >= 0.5}
    rss_ours = peak_rss_mb()

    results = [("homeward.linkage (Splink, EM)", ours)]
    run_baselines = args.baselines or max(args.children, n_req) <= 20_000
    timings: dict[str, float] = {}
    if run_baselines:
        t0 = time.perf_counter()
        results.append(("exact normalised names", exact_baseline(case.children, case.requests)))
        timings["exact normalised names"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        results.append(
            ("Primero phonetic OR-search", primero_baseline(case.children, case.requests))
        )
        timings["Primero phonetic OR-search"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        results.append(
            (
                "Primero, top hit per request",
                primero_baseline(case.children, case.requests, top_hit=True),
            )
        )
        timings["Primero, top hit per request"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        rc, rr = romanised(case.children), romanised(case.requests)
        results.append(("Primero, names romanised first", primero_baseline(rc, rr)))
        timings["Primero, names romanised first"] = time.perf_counter() - t0

    total = t_feat + t_train + t_link
    print()
    print(f"children x requests     {len(case.children)} x {len(case.requests)}")
    print(f"true pairs              {len(case.truth)}")
    print(f"{'method':32} {'precision':>9} {'recall':>7} {'F1':>6} {'seconds':>8}")
    for name, pred in results:
        p, r, f = scores(pred, case.truth)
        secs = total if name.startswith("homeward") else timings[name]
        print(f"{name:32} {p:9.3f} {r:7.3f} {f:6.3f} {secs:8.1f}")
    print()
    print(f"names resolved          {t_feat:8.1f} s")
    print(f"training (u, EM, rate)  {t_train:8.1f} s   match_rate {model.match_rate:.3f}")
    print(
        f"linking                 {t_link:8.1f} s   {n_pairs} candidate pairs, "
        f"{n_pairs / max(t_link, 1e-9):,.0f} pairs/s"
    )
    print(f"total                   {total:8.1f} s")
    print(f"peak memory (max RSS)   {rss_ours:8.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
