"""Blind search timings: without and with theta and mutation, and the time to write results.

    uv run python -m benchmarks.kinship_search_modes [--families 1000] [--children 2000] [--check]

Simulates reference families and children as ``benchmarks.kinship_search_bench`` does, then
times ``blind_search`` with no correction, theta 0.01, a stepwise mutation model (rate 0.002)
and both; then the writing of every pair (one line per pair printed as before, and the Arrow
TSV writer) and of ``--per-family 1``. With ``--check`` the search is repeated over every
allele at each marker (no merging of alleles a family lacks) and the best child of each family
compared with the fast search's.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from contextlib import redirect_stdout

import numpy as np
import pyarrow.csv  # noqa: F401  (imported before timing the writers)
import pyarrow.parquet  # noqa: F401

from homeward.kinship.engine import GLOBALFILER, MutationModel, blind_search, shipped_database
from homeward.kinship.engine import search as search_module
from homeward.kinship.engine.cli import write_table

from .kinship_search_bench import simulate

COLUMNS = [
    "family",
    "missing",
    "rank",
    "poi",
    "LR",
    "log10_LR",
    "posterior",
    "exclusions",
    "markers",
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--families", type=int, default=1000)
    parser.add_argument("--children", type=int, default=2000)
    parser.add_argument("--freq-db", default="west-asia")
    parser.add_argument("--seed", type=int, default=2019)
    parser.add_argument(
        "--check",
        action="store_true",
        help="compare with the search over every allele (slow with theta)",
    )
    args = parser.parse_args(argv)
    mutation = MutationModel.of("stepwise", 0.002)
    pois, refs, _ = simulate(args.families, args.children, args.freq_db, args.seed, None)
    db = shipped_database(args.freq_db)
    markers = list(GLOBALFILER)
    print(f"{len(refs)} families x {len(pois)} children, {len(markers)} loci, {args.freq_db}")
    results = {}
    for label, theta, mut in (("plain", 0.0, None), ("theta 0.01", 0.01, None),
                              ("stepwise mutation", 0.0, mutation),
                              ("theta 0.01 + mutation", 0.01, mutation)):  # fmt: skip
        t0 = time.perf_counter()
        results[label] = blind_search(pois, refs, db, markers=markers, theta=theta, mutation=mut)
        print(f"search, {label:<22} {time.perf_counter() - t0:7.2f} s")
    plain = results["plain"]
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        with open(os.devnull, "w") as null, redirect_stdout(null):
            for r in plain.rows():  # the old way: one formatted line per pair
                print(
                    f"{r.poi}\t{r.family}\t{r.missing}\t{r.lr:.7g}\t{r.log10_lr:.4f}\t{r.exclusions}"
                )
        print(f"write every pair, line by line  {time.perf_counter() - t0:7.2f} s")
        for by, n, label in (("person", None, "every pair, Arrow TSV"),
                             ("family", 1, "--per-family 1, TSV")):  # fmt: skip
            t0 = time.perf_counter()
            cols = plain.ranking(by, n)
            lead = COLUMNS[:4] if by == "family" else ["poi", "rank", "family", "missing"]
            write_table(plain, cols, lead, os.path.join(tmp, "out.tsv"), "tsv")
            print(f"write {label:<26} {time.perf_counter() - t0:7.2f} s")
        t0 = time.perf_counter()
        cols = plain.ranking("family", None)
        write_table(plain, cols, COLUMNS[:4], os.path.join(tmp, "out.parquet"), "parquet")
        print(f"write every pair, Parquet        {time.perf_counter() - t0:7.2f} s")
    if args.check:
        search_module.LUMP_ALLELES = False
        for label, theta in (("plain", 0.0), ("theta 0.01", 0.01)):
            t0 = time.perf_counter()
            ref = blind_search(pois, refs, db, markers=markers, theta=theta)
            fast = results[label]
            agree = 0
            compatible = 0
            for j in range(len(refs)):
                col = ref.log10_lr[:, j]
                if not np.isfinite(col.max()):
                    continue
                compatible += 1
                agree += bool(
                    np.isclose(col[int(np.argmax(fast.log10_lr[:, j]))], col.max(), atol=1e-9)
                )
            finite = np.isfinite(ref.log10_lr)
            worst = float(np.max(np.abs(ref.log10_lr[finite] - fast.log10_lr[finite]), initial=0.0))
            print(f"check, {label}: every-allele route {time.perf_counter() - t0:.2f} s; best child"
                  f" the same for {agree} of {compatible} families with a compatible child;"
                  f" largest log10 LR difference {worst:.1e}")  # fmt: skip
        search_module.LUMP_ALLELES = True
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
