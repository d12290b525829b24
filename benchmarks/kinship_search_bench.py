"""Benchmark of the kinship blind search: simulated children against simulated families.

    uv run python -m benchmarks.kinship_search_bench [--families 1000] [--children 2000]

Reference families (1-4 typed relatives of a missing child: grandparents, uncles, aunts,
half-siblings, the mother) and the missing children are simulated by gene dropping from a
shipped frequency table on the 21 GlobalFiler loci; as many unrelated children are added as
needed to reach ``--children``. Prints the search time, peak memory and how often each
simulated child's true family is ranked first.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections import Counter

import numpy as np
from tqdm import tqdm

from homeward.kinship.engine import (
    GLOBALFILER,
    SHIPPED,
    MutationModel,
    Pedigree,
    Person,
    Reference,
    blind_search,
    gene_drop,
    random_profile,
    shipped_database,
)

_BASE = [
    Person("gf", sex=1), Person("gm", sex=2), Person("fa", "gf", "gm", 1),
    Person("uncle", "gf", "gm", 1), Person("aunt", "gf", "gm", 2),
    Person("mo", sex=2), Person("child", "fa", "mo", 1),
    Person("fa_ex", sex=2), Person("halfsib", "fa", "fa_ex", 2),
]  # fmt: skip

#: Who is typed in each kind of reference family (the father is dead, the mother abroad).
TEMPLATES: dict[str, tuple[str, ...]] = {
    "grandmother": ("gm",),
    "half-sibling": ("halfsib",),
    "uncle": ("uncle",),
    "grandmother+uncle": ("gm", "uncle"),
    "grandparents": ("gf", "gm"),
    "mother+grandmother": ("mo", "gm"),
    "grandmother+uncle+aunt": ("gm", "uncle", "aunt"),
    "grandparents+aunt": ("gf", "gm", "aunt"),
    "grandmother+uncle+aunt+half-sibling": ("gm", "uncle", "aunt", "halfsib"),
}


def simulate(
    n_families: int, n_children: int, db_name: str, seed: int, mutation: MutationModel | None
) -> tuple[dict[str, dict[str, tuple[str, str]]], list[Reference], list[str]]:
    db = shipped_database(db_name)
    rng = np.random.default_rng(seed)
    names = list(TEMPLATES)
    refs: list[Reference] = []
    kinds: list[str] = []
    pois: dict[str, dict[str, tuple[str, str]]] = {}
    base = Pedigree(_BASE)
    for i in tqdm(
        range(n_families),
        desc="simulating",
        unit="family",
        file=sys.stderr,
        disable=not sys.stderr.isatty(),
    ):
        kind = names[i % len(names)]
        sim = gene_drop(base, db, GLOBALFILER, rng, mutation=mutation)
        ped = base.copy(name=f"F{i:04d}")
        for pid in TEMPLATES[kind]:
            for m, g in sim[pid].items():
                ped.set_genotype(pid, m, g)
        refs.append(Reference(ped, "child"))
        kinds.append(kind)
        if len(pois) < n_children:
            pois[f"C{i:04d}"] = sim["child"]
    j = 0
    while len(pois) < n_children:
        pois[f"U{j:04d}"] = random_profile(db, GLOBALFILER, rng)
        j += 1
    return pois, refs, kinds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--families", type=int, default=1000)
    parser.add_argument("--children", type=int, default=2000)
    parser.add_argument("--freq-db", default="west-asia", choices=sorted(SHIPPED))
    parser.add_argument("--seed", type=int, default=2019)
    parser.add_argument(
        "--mutation",
        choices=["equal", "proportional", "stepwise"],
        help="simulate and search with this model (rate 0.002)",
    )
    parser.add_argument(
        "--theta", type=float, default=0.0, help="subpopulation correction in the search"
    )
    args = parser.parse_args(argv)
    mutation = MutationModel.of(args.mutation, 0.002) if args.mutation else None

    t0 = time.perf_counter()
    pois, refs, kinds = simulate(args.families, args.children, args.freq_db, args.seed, mutation)
    t_sim = time.perf_counter() - t0
    db = shipped_database(args.freq_db)
    t1 = time.perf_counter()
    result = blind_search(
        pois, refs, db, markers=list(GLOBALFILER), mutation=mutation, theta=args.theta
    )
    t_search = time.perf_counter() - t1
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"families: {len(refs)}  children: {len(pois)}  loci: {len(GLOBALFILER)}  table: {args.freq_db}"
          f"  mutation: {args.mutation or 'none'}  theta: {args.theta}")  # fmt: skip
    print(f"simulation: {t_sim:.2f} s")
    print(f"blind search: {t_search:.2f} s ({len(pois) * len(refs):,} pairs)")
    print(f"peak memory (max RSS): {peak_mb:.0f} MB")
    true_ranks = []
    excl: Counter[int] = Counter()
    by_kind: dict[str, list[int]] = {}
    index = {pid: k for k, pid in enumerate(result.pois)}
    for j, _ in enumerate(refs):
        poi = f"C{j:04d}"
        if poi in index:
            rank = result.rank_of(index[poi], j)
            true_ranks.append(rank)
            excl[int(result.exclusions[index[poi], j])] += 1
            by_kind.setdefault(kinds[j], []).append(rank)
    if true_ranks:
        ranks = np.array(true_ranks)
        print(f"true family ranked first: {np.mean(ranks == 1):.1%} of {len(ranks)} simulated children"
              f" (top 5: {np.mean(ranks <= 5):.1%}, median rank {np.median(ranks):.0f})")  # fmt: skip
        for kind, rs in by_kind.items():
            r = np.array(rs)
            print(
                f"  {kind:<38} first {np.mean(r == 1):6.1%}  top 5 {np.mean(r <= 5):6.1%}  (n={len(r)})"
            )
    unrelated = [index[p] for p in result.pois if p.startswith("U")]
    if unrelated:
        best = result.log10_lr[unrelated].max(axis=1)
        print(f"unrelated children with some family at LR > 1: {np.mean(best > 0):.1%};"
              f" at LR > 10,000: {np.mean(best > 4):.1%}")  # fmt: skip
    print(f"exclusions against the true family: {dict(sorted(excl.items()))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
