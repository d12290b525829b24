"""Scoring failure analysis: which fields put true pairs below 0.5 and false ones above.

    uv run python -m benchmarks.linkage_errors --data ../shared/data --caseload b --seed 11

Links a caseload as ``homeward match`` would (fitted to it, then scored) and prints, for the
true pairs scored below 0.5 and the false pairs scored 0.5 or more, how often each field
reached each agreement level, beside the same count over true pairs found; with ``--show
N``, N of each kind with their records. Do failure analysis on a seed that is not the
reported one.
"""

from __future__ import annotations

import argparse
import random
from collections import Counter
from pathlib import Path

from benchmarks.linkage_misses import generate
from homeward.linkage import link
from homeward.linkage.records import CandidatePair, Record


def _levels(pairs: list[CandidatePair]) -> Counter[tuple[str, str]]:
    out: Counter[tuple[str, str]] = Counter()
    for p in pairs:
        out.update(p.explanations.items())
    return out


def _rec(r: Record) -> str:
    birth = r.birth_date or (r.birth_year_min, r.birth_year_max)
    return (
        f"{r.names} f={r.father_names} m={r.mother_names} {r.sex} {birth} "
        f"{r.home_region} my={r.mother_birth_year}"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.linkage_errors")
    ap.add_argument("--data", type=Path)
    ap.add_argument("--caseload", choices=["a", "b"], default="a")
    ap.add_argument("--children", type=int, default=5000)
    ap.add_argument("--seed", type=int)
    ap.add_argument("--show", type=int, default=0)
    args = ap.parse_args(argv)
    names_dir = args.data / "names" if args.data else None
    children, requests, truth = generate(args.caseload, args.children, args.seed, names_dir)
    pairs = link(children, requests, threshold=0.01)
    by = {(p.child_id, p.request_id): p for p in pairs}
    found = [by[t] for t in truth if t in by and by[t].match_probability >= 0.5]
    low = [by[t] for t in truth if t in by and by[t].match_probability < 0.5]
    false = [p for k, p in by.items() if k not in truth and p.match_probability >= 0.5]
    print(
        f"true pairs {len(truth)}: >= 0.5 {len(found)}, scored < 0.5 {len(low)}, "
        f"below 0.01 or not candidates {len(truth) - len(found) - len(low)}; "
        f"false pairs >= 0.5 {len(false)}"
    )
    lf, ll, lx = _levels(found), _levels(low), _levels(false)
    print(f"{'field':16} {'level':32} {'found':>7} {'missed':>7} {'false+':>7}")
    for key in sorted(set(lf) | set(ll) | set(lx)):
        n1, n2, n3 = (
            lf[key] / max(1, len(found)),
            ll[key] / max(1, len(low)),
            lx[key] / max(1, len(false)),
        )
        print(f"{key[0]:16} {key[1][:32]:32} {n1:7.2f} {n2:7.2f} {n3:7.2f}")
    crec = {r.id: r for r in children}
    rrec = {r.id: r for r in requests}
    rng = random.Random(1)
    for label, group in (("missed", low), ("false", false)):
        for p in rng.sample(group, min(args.show, len(group))):
            print(f"-- {label} p={p.match_probability:.3f} {p.child_id}/{p.request_id}")
            print("  C " + _rec(crec[p.child_id]))
            print("  R " + _rec(rrec[p.request_id]))
            print("  " + ", ".join(f"{k}={v:+.1f}" for k, v in p.contributions.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
