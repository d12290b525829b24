"""Linkage benchmark on two independently written caseloads, with baselines.

    uv run python -m benchmarks.linkage_bench --data ../shared/data --children 5000
    uv run python -m benchmarks.linkage_bench --data ../shared/data --caseload b --children 100000

Caseload A is ``benchmarks.caseload`` (the one the matcher was developed on), caseload B
``benchmarks.caseload_b`` (written apart from it and from the matcher). **Rule: tune on A,
report on B.** For each caseload the same command, with no setting changed, prints:
precision/recall/F1 at p >= 0.5 and at the best threshold (the gap measures
miscalibration), blocking recall (share of true pairs that became candidate pairs), a
reliability table and the Brier score, the fitted parameters beside the shipped ones, the
phases' times (features, blocking, training, scoring, one-to-one), peak memory, and in the
same run the baselines: exact normalised names and Primero's phonetic OR-search
(``benchmarks.linkage_baselines``). Baselines are skipped above 20,000 records a side
(Primero's per-query scan is quadratic) unless ``--baselines`` is given. Peak memory is
the process's maximum resident set size, so it includes DuckDB's native memory.
``--data`` is the shared data folder (its ``names/`` subfolder holds the real name
pairs); without it both generators fall back to their own lexicons.
"""

from __future__ import annotations

import argparse
import pickle
import resource
import sys
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from benchmarks.caseload import build_caseload
from benchmarks.caseload_b import build_caseload_b
from benchmarks.linkage_baselines import exact_baseline, primero_baseline, romanised
from benchmarks.linkage_metrics import (
    at_threshold,
    best_threshold,
    brier,
    expected_calibration_error,
    prf,
    reliability,
)
from homeward.linkage.engine import CHILDREN, REQUESTS, Session, configure, connect
from homeward.linkage.features import Features, features_of, record_features
from homeward.linkage.model import Model
from homeward.linkage.records import Record
from homeward.linkage.report import parameter_report
from homeward.linkage.training import fit


def peak_rss_mb() -> float:
    """Maximum resident set size of this process so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _features(records: Sequence[Record], workers: int, side: str) -> list[Features]:
    if workers > 1:
        return features_of(records, workers=workers)
    from tqdm import tqdm

    bar = tqdm(records, desc=f"features ({side})", unit="record", disable=not sys.stderr.isatty())
    return [record_features(r) for r in bar]


def _phase(name: str) -> None:
    """Say on a terminal which phase a long run is in."""
    if sys.stderr.isatty():
        print(f"{name} ...", file=sys.stderr, flush=True)


def _blocked(session: Session, truth: set[tuple[str, str]]) -> tuple[int, int]:
    """Candidate pairs, and how many true pairs are among them (counted in DuckDB)."""
    import pyarrow as pa

    if type(session).__module__ == "homeward.linkage.spark":
        # --backend spark: blocked and counted in Spark (its predict blocks again)
        from homeward.linkage.spark import SparkRelation

        frame = session.linker.inference.compute_blocked_pairs_for_predict()
        session.con.register("_hw_blocked", SparkRelation(frame.as_spark_dataframe()))
        session.con.execute("CREATE TABLE _hw_cand AS SELECT * FROM _hw_blocked")
        session.con.unregister("_hw_blocked")
        cand = "_hw_cand"
    else:
        # kept for the scoring that follows: blocking runs once
        cand = session.block()
    session.con.register(
        "_hw_truth",
        pa.table(
            {
                "join_key_l": [f"{CHILDREN}-__-{c}" for c, _ in truth],
                "join_key_r": [f"{REQUESTS}-__-{r}" for _, r in truth],
            }
        ),
    )
    n = session.con.execute(f"SELECT count(*) FROM {cand}").fetchall()[0][0]
    hit = session.con.execute(
        f"SELECT count(*) FROM (SELECT DISTINCT join_key_l, join_key_r FROM {cand} "
        "JOIN _hw_truth USING (join_key_l, join_key_r))"
    ).fetchall()[0][0]
    return int(n), int(hit)


def run_one(
    label: str,
    children: list[Record],
    requests: list[Record],
    truth: set[tuple[str, str]],
    args: argparse.Namespace,
) -> None:
    phases: dict[str, float] = {}
    # CPU seconds of this process (DuckDB's threads included) beside the wall-clock
    # phases: on a shared machine the wall clock says more about the others' load
    cpu: dict[str, float] = {}
    c0 = time.process_time()
    t0 = time.perf_counter()
    cf = _features(children, args.workers, "children")
    rf = _features(requests, args.workers, "requests")
    phases["features"] = time.perf_counter() - t0
    cpu["features"], c0 = time.process_time() - c0, time.process_time()

    t0 = time.perf_counter()
    _phase("training")
    model = fit(cf, rf)
    phases["training"] = time.perf_counter() - t0
    cpu["training"], c0 = time.process_time() - c0, time.process_time()

    t0 = time.perf_counter()
    _phase("blocking and scoring")
    if args.backend == "spark":
        from homeward.linkage.spark import SparkLinkSession

        session: Session = SparkLinkSession(model, cf, rf)
    else:
        session = Session(model, cf, rf, con=connect())
    n_blocked, n_hit = _blocked(session, truth)
    phases["blocking"] = time.perf_counter() - t0
    cpu["blocking"], c0 = time.process_time() - c0, time.process_time()
    rows = (
        session.predict_one_to_one(0.001)
        .select("unique_id_l, unique_id_r, match_probability")
        .fetchall()
    )
    phases.update(session.timings)
    cpu["scoring and one-to-one"] = time.process_time() - c0
    session.close()
    probs = {(str(a), str(b)): float(p) for a, b, p in rows}

    results: list[tuple[str, set[tuple[str, str]], float]] = []
    if args.baselines or max(len(children), len(requests)) <= 20_000:
        for name, fn in (
            ("exact normalised names", lambda: exact_baseline(children, requests)),
            ("Primero phonetic OR-search", lambda: primero_baseline(children, requests)),
            (
                "Primero, top hit per request",
                lambda: primero_baseline(children, requests, top_hit=True),
            ),
            (
                "Primero, names romanised first",
                lambda: primero_baseline(romanised(children), romanised(requests)),
            ),
        ):
            t0 = time.perf_counter()
            pred = fn()
            results.append((name, pred, time.perf_counter() - t0))

    p5, r5, f5 = at_threshold(probs, truth, 0.5)
    t_best, f_best = best_threshold(probs, truth)
    pb, rb, _ = at_threshold(probs, truth, t_best)
    table = reliability(probs, truth)
    print(
        f"\n== caseload {label}: {len(children)} children x {len(requests)} requests, "
        f"{len(truth)} true pairs =="
    )
    recall = n_hit / len(truth) if truth else 1.0
    print(f"blocking recall           {recall:.4f}   ({n_blocked} candidate pairs)")
    print(f"{'method':34} {'precision':>9} {'recall':>7} {'F1':>6} {'seconds':>8}")
    total = sum(phases.values())
    print(f"{'homeward.linkage, p >= 0.5':34} {p5:9.3f} {r5:7.3f} {f5:6.3f} {total:8.1f}")
    print(
        f"{'homeward.linkage, best p >= ' + format(t_best, '.3f'):34} "
        f"{pb:9.3f} {rb:7.3f} {f_best:6.3f}"
    )
    for name, pred, secs in results:
        p, r, f = prf(pred, truth)
        print(f"{name:34} {p:9.3f} {r:7.3f} {f:6.3f} {secs:8.1f}")
    print(f"F1 gap (best - at 0.5)    {f_best - f5:.3f}")
    print(
        f"Brier score               {brier(probs, truth):.4f}   (pairs >= 0.001 and all true pairs)"
    )
    print(f"calibration error (ECE)   {expected_calibration_error(table):.4f}")
    print("reliability:  band        pairs   mean p  observed")
    for b in table:
        print(
            f"              {b.lo:.1f}-{b.hi:.1f}  {b.pairs:8d}  {b.mean_p:7.3f}  {b.observed:8.3f}"
        )
    print("fitted parameters (shipped -> this caseload):")
    for line in parameter_report(Model.default(), model, brief=not args.all_parameters):
        print("  " + line)
    print("phases:  " + "  ".join(f"{k} {v:.1f} s" for k, v in phases.items()))
    print("CPU:     " + "  ".join(f"{k} {v:.1f} s" for k, v in cpu.items()))
    print(f"total {total:.1f} s, peak memory (max RSS) {peak_rss_mb():.0f} MiB")
    try:
        with open("/proc/loadavg", encoding="ascii") as fh:
            print(f"load average at the end {' '.join(fh.read().split()[:3])}")
    except OSError:  # not Linux
        pass


def _caseload(
    label: str, n_children: int, n_req: int, args: argparse.Namespace, names_dir: Path | None
) -> tuple[list[Record], list[Record], set[tuple[str, str]]]:
    """Generate a caseload, or read it from ``--cache`` where an earlier run left it (a
    million records a side take a quarter of an hour to generate on a loaded machine)."""
    seed = args.seed or (2019 if label == "a" else 7)
    path = None
    if args.cache is not None:
        tag = f"{label}-{n_children}-{n_req}-{seed}-{'data' if names_dir else 'own'}"
        path = args.cache / f"linkage-caseload-{tag}.pickle"
        if path.exists():
            with path.open("rb") as fh:
                cached: tuple[list[Record], list[Record], set[tuple[str, str]]] = pickle.load(fh)
            return cached
    if label == "a":
        case = build_caseload(n_children, n_req, seed=seed, names_dir=names_dir)
        out = case.children, case.requests, case.truth
    else:
        case_b = build_caseload_b(n_children, n_req, seed=seed, names_dir=names_dir)
        out = case_b.children, case_b.requests, case_b.truth
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as fh:
            pickle.dump(out, fh, protocol=pickle.HIGHEST_PROTOCOL)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.linkage_bench")
    ap.add_argument("--data", type=Path, help="shared data folder (real name pairs in names/)")
    ap.add_argument("--names", type=Path, help="the names folder itself (instead of --data)")
    ap.add_argument("--caseload", choices=["a", "b", "both"], default="both")
    ap.add_argument("--children", type=int, default=5000)
    ap.add_argument("--requests", type=int, help="defaults to --children")
    ap.add_argument("--seed", type=int, help="generator seed (default: each generator's own)")
    ap.add_argument("--threads", type=int, help="DuckDB threads (default: all cores)")
    ap.add_argument(
        "--memory-limit",
        help="DuckDB memory limit of every connection, e.g. 6GB (beyond it DuckDB spills to "
        "disk; the process also holds Python's feature lists)",
    )
    ap.add_argument(
        "--cache", type=Path, help="folder keeping generated caseloads between runs (pickles)"
    )
    ap.add_argument(
        "--workers",
        type=int,
        default=1,
        help="processes resolving names into features (default 1)",
    )
    ap.add_argument("--baselines", action="store_true", help="run baselines at any size")
    ap.add_argument(
        "--backend",
        choices=["duckdb", "spark"],
        default="duckdb",
        help="engine that blocks and scores (training stays on DuckDB)",
    )
    ap.add_argument("--all-parameters", action="store_true", help="print every level")
    ap.add_argument(
        "--csv-fields-only",
        action="store_true",
        help="drop what the match CSV cannot carry (sibling groups, mother's birth year)",
    )
    args = ap.parse_args(argv)
    configure(threads=args.threads, memory_limit=args.memory_limit)
    names_dir = args.names or (args.data / "names" if args.data else None)
    if names_dir is not None and not names_dir.is_dir():
        ap.error(f"no names folder at {names_dir}")
    n_req = args.requests or args.children
    for label in ("a", "b") if args.caseload == "both" else (args.caseload,):
        t0 = time.perf_counter()
        children, requests, truth = _caseload(label, args.children, n_req, args, names_dir)
        if args.csv_fields_only:
            children = [replace(r, family=None, mother_birth_year=None) for r in children]
            requests = [replace(r, family=None, mother_birth_year=None) for r in requests]
        print(
            f"caseload {label.upper()} generated in {time.perf_counter() - t0:.1f} s",
            file=sys.stderr,
        )
        run_one(label.upper(), children, requests, truth, args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
