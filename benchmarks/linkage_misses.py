"""Blocking failure analysis: which true pairs never become candidates, and why.

    uv run python -m benchmarks.linkage_misses --data ../shared/data --caseload b --seed 11
    uv run python -m benchmarks.linkage_misses --data ../shared/data --caseload a --show 40

Builds a caseload, resolves its features, blocks it exactly as ``engine.Session`` does
(frequent keys pruned), and prints: candidate pairs (and per record), blocking recall, the
number of candidate pairs each key family (``gp:``, ``ny:``, ...) brings, how many true
pairs each family alone catches, and the missed pairs sorted into classes by what their two
records still share (name keys of any part, against any part; birth years; mother). With
``--show N`` it prints N missed pairs, raw records and features side by side, so the
classes can be read off the data. No training is done, so a 5,000 x 5,000 run takes about
a minute. Do failure analysis on a seed that is not the reported one.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from benchmarks.caseload import build_caseload
from benchmarks.caseload_b import build_caseload_b
from homeward.linkage.engine import Session, connect
from homeward.linkage.features import Features, record_features
from homeward.linkage.model import Model
from homeward.linkage.records import Record

_PARTS = ("given", "surname", "father", "mother", "mother_surname", "mother_father")


def _keys(f: Features, part: str) -> set[str]:
    return set(getattr(f, f"{part}_keys") or ())


def _family(key: str) -> str:
    return key.split(":", 1)[0]


def blocked_pairs(
    cf: Sequence[Features], rf: Sequence[Features], threads: int | None
) -> tuple[set[tuple[str, str]], dict[str, int], dict[str, set[tuple[str, str]]]]:
    """Candidate pairs after pruning, pairs per key family, and pairs per key family."""
    session = Session(Model.default(), cf, rf, con=connect(threads=threads))
    con = session.con
    rows = con.execute(
        """
        WITH l AS (SELECT unique_id, unnest(block_keys) AS k FROM hw_children),
             r AS (SELECT unique_id, unnest(block_keys) AS k FROM hw_requests)
        SELECT split_part(l.k, ':', 1) AS fam, l.unique_id, r.unique_id
        FROM l JOIN r USING (k)
        """
    ).fetchall()
    by_family: dict[str, set[tuple[str, str]]] = {}
    for fam, a, b in rows:
        by_family.setdefault(str(fam), set()).add((str(a), str(b)))
    # the other rules as Splink runs them (rule 0 is the composite keys above)
    rel = session.linker.inference.compute_blocked_pairs_for_predict().as_duckdbpyrelation()
    con.register("_hw_blocked", rel)
    for rule, a, b in con.execute(
        "SELECT DISTINCT match_key, split_part(join_key_l, '-__-', 2), "
        "split_part(join_key_r, '-__-', 2) FROM _hw_blocked WHERE match_key <> '0'"
    ).fetchall():
        name = {"1": "age", "2": "lone", "3": "alone", "4": "father"}.get(str(rule), f"rule{rule}")
        by_family.setdefault(name, set()).add((str(a), str(b)))
    con.unregister("_hw_blocked")
    session.close()
    pairs: set[tuple[str, str]] = set()
    for s in by_family.values():
        pairs |= s
    return pairs, {k: len(v) for k, v in by_family.items()}, by_family


def classify(c: Features, r: Features) -> str:
    """What a missed pair still shares, in words (the first that applies)."""
    ck = {p: _keys(c, p) for p in _PARTS}
    rk = {p: _keys(r, p) for p in _PARTS}
    shared = sorted(f"{a}~{b}" for a in _PARTS for b in _PARTS if ck[a] and rk[b] and ck[a] & rk[b])
    years = (
        c.year_min is not None
        and r.year_min is not None
        and c.year_max is not None
        and r.year_max is not None
        and max(c.year_min, r.year_min) - min(c.year_max, r.year_max)
    )
    gap = "no year" if years is False else f"gap {min(int(years), 9)}"
    if years is not False and int(years) <= 0:
        gap = "years overlap"
    mothers = "mother both" if c.mother_keys and r.mother_keys else "mother one/none"
    return f"{','.join(shared) or 'no shared name key'} | {gap} | {mothers}"


def _show(label: str, rec: Record, f: Features) -> None:
    print(f"  {label} names={rec.names} father={rec.father_names} mother={rec.mother_names}")
    print(
        f"     sex={rec.sex} birth={rec.birth_date or (rec.birth_year_min, rec.birth_year_max)}"
        f" region={rec.home_region} mother_year={rec.mother_birth_year}"
    )
    print(
        f"     given={f.given_forms} {f.given_keys}\n     surname={f.surname_forms} "
        f"{f.surname_keys}\n     father={f.father_forms} {f.father_keys}\n"
        f"     mother={f.mother_forms} {f.mother_keys} msurname={f.mother_surname_forms}"
        f" mfather={f.mother_father_forms}"
    )


def generate(
    kind: str, n: int, seed: int | None, names_dir: Path | None
) -> tuple[list[Record], list[Record], set[tuple[str, str]]]:
    """Children, requests and true pairs of caseload ``kind`` (a or b), each on its own seed."""
    if kind == "a":
        case = build_caseload(n, n, seed=seed or 2019, names_dir=names_dir)
        return case.children, case.requests, case.truth
    cb = build_caseload_b(n, n, seed=seed or 7, names_dir=names_dir)
    return cb.children, cb.requests, cb.truth


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.linkage_misses")
    ap.add_argument("--data", type=Path, help="shared data folder (real name pairs in names/)")
    ap.add_argument("--caseload", choices=["a", "b"], default="a")
    ap.add_argument("--children", type=int, default=5000)
    ap.add_argument("--seed", type=int, help="generator seed (default: each generator's own)")
    ap.add_argument("--threads", type=int)
    ap.add_argument("--show", type=int, default=0, help="print this many missed pairs")
    args = ap.parse_args(argv)
    names_dir = args.data / "names" if args.data else None
    t0 = time.perf_counter()
    children, requests, truth = generate(args.caseload, args.children, args.seed, names_dir)
    print(f"generated in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    t0 = time.perf_counter()
    cf = [record_features(r) for r in children]
    rf = [record_features(r) for r in requests]
    print(f"features in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    t0 = time.perf_counter()
    pairs, per_family, by_family = blocked_pairs(cf, rf, args.threads)
    print(f"blocked in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    n_rec = len(children) + len(requests)
    hit = truth & pairs
    print(
        f"caseload {args.caseload.upper()} seed {args.seed or 'default'}: "
        f"{len(children)} x {len(requests)}, {len(truth)} true pairs"
    )
    print(
        f"candidate pairs {len(pairs)}  ({len(pairs) / n_rec:.1f} per record)  "
        f"blocking recall {len(hit) / len(truth):.4f}  missed {len(truth) - len(hit)}"
    )
    print("key family   pairs (with repeats)   true pairs caught   caught by it alone")
    only: Counter[str] = Counter()
    for t in hit:
        fams = [k for k, s in by_family.items() if t in s]
        if len(fams) == 1:
            only[fams[0]] += 1
    for fam, n in sorted(per_family.items(), key=lambda kv: -kv[1]):
        caught = len(truth & by_family[fam])
        print(f"  {fam:8} {n:12d} {caught:12d} {only[fam]:12d}")
    cmap = {f.unique_id: f for f in cf}
    rmap = {f.unique_id: f for f in rf}
    crec = {r.id: r for r in children}
    rrec = {r.id: r for r in requests}
    missed = sorted(truth - pairs)
    classes = Counter(classify(cmap[c], rmap[r]) for c, r in missed)
    print("missed pairs by what they still share (child part ~ request part):")
    for cls, n in classes.most_common(40):
        print(f"  {n:5d}  {cls}")
    random.Random(1).shuffle(missed)
    for c, r in missed[: args.show]:
        print(f"-- {c} / {r}: {classify(cmap[c], rmap[r])}")
        _show("C", crec[c], cmap[c])
        _show("R", rrec[r], rmap[r])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
