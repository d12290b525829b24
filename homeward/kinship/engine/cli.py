"""``homeward kinship``: likelihood ratios from pedigree files on the command line.

Subcommands: ``pair`` (two people, a named relationship), ``identify`` (a person of interest
as the missing member of a reference family) and ``search`` (every singleton against every
missing member of every family). Pedigree files are in the pedtools text format
(:mod:`.pedfile`); frequencies come from ``--freq FILE`` (norSTR/pedtools text or NIST CSV)
or a shipped table, ``--freq-db NAME``.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np

from .errors import ImpossibleComputation, KinshipInputError
from .frequencies import DEFAULT_DB, SHIPPED, FrequencyDB, load_frequencies, shipped_database
from .kits import kit_marker_names
from .lr import RELATIONSHIPS, LRResult, identify_lr, pairwise_lr
from .mutation import MODELS, MutationModel
from .pedfile import read_ped
from .pedigree import Pedigree
from .planning import RELATIVES, candidate_sets, rank, simulate_power
from .search import Reference, SearchResult, blind_search, default_missing


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="homeward kinship", description="DNA kinship likelihood ratios."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--ped", required=True, help="pedigree file (pedtools text format)")
    src = common.add_mutually_exclusive_group()
    src.add_argument(
        "--freq", help="allele frequency file (norSTR/pedtools .freq text or NIST CSV)"
    )
    src.add_argument(
        "--freq-db",
        default=DEFAULT_DB,
        choices=sorted(SHIPPED),
        help=f"shipped frequency table (default {DEFAULT_DB})",
    )
    common.add_argument(
        "--min-freq",
        type=float,
        help="frequency of alleles missing from the table (default 5/(2N), or the smallest frequency at the marker)",
    )
    common.add_argument(
        "--theta", type=float, default=0.0, help="subpopulation correction (default 0)"
    )
    common.add_argument(
        "--mutation", choices=MODELS, help="mutation model for parent-child transmission"
    )
    common.add_argument("--rate", type=float, help="mutation rate (both sexes)")
    common.add_argument("--rate-female", type=float, help="female mutation rate")
    common.add_argument("--rate-male", type=float, help="male mutation rate")
    common.add_argument(
        "--rate2",
        type=float,
        default=1e-6,
        help="stepwise: rate between integer alleles and microvariants",
    )
    common.add_argument(
        "--range", type=float, default=0.5, help="stepwise: relative probability of one more step"
    )
    common.add_argument(
        "--stationary",
        action="store_true",
        help="make the mutation model stationary (pedmut's PM method)",
    )

    pair = sub.add_parser("pair", parents=[common], help="LR of a relationship between two people")
    pair.add_argument(
        "--a", required=True, help="first person (the parent/grandparent/uncle if any)"
    )
    pair.add_argument("--b", required=True, help="second person")
    pair.add_argument("--relationship", required=True, choices=RELATIONSHIPS)
    pair.add_argument(
        "--per-marker", action="store_true", help="print one line per marker, then the total"
    )

    ident = sub.add_parser(
        "identify", parents=[common], help="LR that a person is a family's missing member"
    )
    ident.add_argument("--poi", required=True, help="person of interest")
    ident.add_argument(
        "--missing", required=True, help="the missing member of the reference pedigree"
    )
    ident.add_argument(
        "--per-marker", action="store_true", help="print one line per marker, then the total"
    )

    search = sub.add_parser(
        "search", parents=[common], help="rank every singleton against every family"
    )
    search.add_argument(
        "--missing",
        nargs="+",
        help="missing members (default: untyped members with parents and no children)",
    )
    search.add_argument(
        "--top", type=int, help="the same as --per-person TOP (kept for old scripts)"
    )
    per = search.add_mutually_exclusive_group()
    per.add_argument(
        "--per-family", type=int, metavar="N",
        help="the best N persons of interest for each family's missing member",
    )  # fmt: skip
    per.add_argument(
        "--per-person", type=int, metavar="N", help="the best N families for each person of interest"
    )
    search.add_argument(
        "--prior", type=float,
        help="prior probability of identity for the posterior (default 1 / number of families)",
    )  # fmt: skip
    search.add_argument(
        "--format", choices=["tsv", "parquet"], default="tsv",
        help="output format (parquet needs --out)",
    )  # fmt: skip
    search.add_argument("--out", help="write to this file instead of standard output")

    plan = sub.add_parser("plan", help="whom to sample: simulated power of each set of relatives")
    plan.add_argument("--relatives", nargs="+", default=[], metavar="RELATIVE",
                      help=f"living relatives who could be sampled (of: {', '.join(RELATIVES)}); every set "
                           "of up to --max-size of them is simulated")  # fmt: skip
    plan.add_argument("--set", action="append", default=[], dest="sets", metavar="A+B",
                      help="one set of relatives to simulate, joined by '+' (repeatable)")
    plan.add_argument("--max-size", type=int, default=4)
    plan.add_argument("--panel", default="globalfiler", help="marker kit (globalfiler, extended, ...)")
    plan.add_argument("--freq-db", default=DEFAULT_DB, choices=sorted(SHIPPED))
    plan.add_argument("--families", type=int, default=40, help="simulated families per set (default 40)")
    plan.add_argument("--seed", type=int, default=1)
    plan.add_argument("--threshold", type=float, default=10_000)
    plan.add_argument("--theta", type=float, default=0.0)
    plan.add_argument("--mutation", choices=MODELS)
    plan.add_argument("--rate", type=float, default=0.001)
    return parser


def _mutation(args: argparse.Namespace) -> MutationModel | None:
    if args.mutation is None:
        if (
            any(v is not None for v in (args.rate, args.rate_female, args.rate_male))
            or args.stationary
        ):
            raise KinshipInputError(
                "--rate, --rate-female, --rate-male and --stationary need --mutation MODEL"
            )
        return None
    female = args.rate_female if args.rate_female is not None else args.rate
    male = args.rate_male if args.rate_male is not None else args.rate
    if female is None or male is None:
        raise KinshipInputError("--mutation needs --rate (or both --rate-female and --rate-male)")
    for r in (female, male, args.rate2):
        if not 0 <= r <= 1:
            raise KinshipInputError(f"mutation rates must be between 0 and 1: {r}")
    return MutationModel(args.mutation, female, male, args.rate2, args.range, args.stationary)


def _freqs(args: argparse.Namespace) -> FrequencyDB:
    if args.min_freq is not None and not 0 < args.min_freq < 1:
        raise KinshipInputError(f"--min-freq must be between 0 and 1: {args.min_freq}")
    if args.freq:
        return load_frequencies(args.freq, min_freq=args.min_freq)
    return shipped_database(args.freq_db, min_freq=args.min_freq)


def _find(peds: list[Pedigree], ref: str, source: str) -> tuple[Pedigree, str]:
    fam, _, pid = ref.rpartition(":")
    hits = [
        (p, pid)
        for p in peds
        if pid in p.persons and (not fam or p.name == fam or p.name.startswith(fam + ":"))
    ]
    if not hits:
        raise KinshipInputError(f"no person {ref!r}", source=source)
    if len(hits) > 1:
        raise KinshipInputError(f"{ref!r} is in several families; write FAMILY:ID", source=source)
    return hits[0]


def _format_lr(value: float) -> str:
    return f"{value:.7g}"


def _print_result(res: LRResult, per_marker: bool) -> None:
    for marker in res.skipped:
        print(f"warning: marker {marker} is not in the frequency table; skipped", file=sys.stderr)
    if per_marker:
        for marker, value in res.per_marker.items():
            print(f"{marker}\t{_format_lr(value)}")
        print(f"total\t{_format_lr(res.lr)}")
    else:
        print(_format_lr(res.lr))


def _log10(value: float) -> str:
    return "-inf" if value == -math.inf else f"{value:.4f}"


def _plan(args: argparse.Namespace) -> int:
    sets = [tuple(x.strip() for x in s.split("+") if x.strip()) for s in args.sets]
    sets += candidate_sets(args.relatives, max_size=args.max_size) if args.relatives else []
    if not sets:
        raise KinshipInputError("give --relatives or --set")
    db = shipped_database(args.freq_db)
    markers = [m for m in kit_marker_names(args.panel) if m in db]
    mutation = MutationModel.of(args.mutation, args.rate) if args.mutation else None
    rows = simulate_power(sets, db, markers, families=args.families, seed=args.seed, threshold=args.threshold,
                          theta=args.theta, mutation=mutation)  # fmt: skip
    print(f"# panel {args.panel} ({len(markers)} markers), {args.freq_db}, theta {args.theta}, "
          f"mutation {args.mutation or 'none'}, threshold {args.threshold:g}, {args.families} families, "
          f"seed {args.seed}")  # fmt: skip
    print("rank\trelatives\tpower\tfalse_inclusion\tfalse_exclusion\tmedian_log10_LR")
    for k, r in enumerate(rank(rows), start=1):
        print(f"{k}\t{r.label}\t{r.power:.3f}\t{r.false_inclusion:.3f}\t{r.exclusion:.3f}\t{r.median_log10_lr:.2f}")
    return 0


def _run(args: argparse.Namespace) -> int:
    if args.command == "plan":
        return _plan(args)
    mutation = _mutation(args)
    if not 0 <= args.theta < 1:
        raise KinshipInputError(f"--theta must be in [0, 1): {args.theta}")
    freqs = _freqs(args)
    peds = read_ped(args.ped)
    source = args.ped
    if args.command == "pair":
        ped_a, a = _find(peds, args.a, source)
        ped_b, b = _find(peds, args.b, source)
        res = pairwise_lr(
            ped_a.profile(a), ped_b.profile(b), args.relationship, freqs,
            theta=args.theta, mutation=mutation, sex_a=ped_a.persons[a].sex or 1,
        )  # fmt: skip
        if not res.per_marker:
            raise KinshipInputError(
                f"{a!r} and {b!r} have no typed marker in common", source=source
            )
        _print_result(res, args.per_marker)
        return 0
    if args.command == "identify":
        ped_poi, poi = _find(peds, args.poi, source)
        ref, missing = _find(peds, args.missing, source)
        if ref is ped_poi:
            ref = ref.with_profile(poi, {})
        res = identify_lr(
            ref, missing, ped_poi.profile(poi), freqs, theta=args.theta, mutation=mutation
        )
        _print_result(res, args.per_marker)
        return 0
    singles = [(p, pid) for p in peds if len(p.persons) == 1 for pid in p.persons]
    counts = Counter(pid for _, pid in singles)
    pois = {(pid if counts[pid] == 1 else f"{p.name}:{pid}"): p.profile(pid) for p, pid in singles}
    refs: list[Reference] = []
    for ped in peds:
        if len(ped.persons) < 2:
            continue
        wanted = (
            [m for m in (args.missing or []) if m in ped.persons]
            if args.missing
            else default_missing(ped)
        )
        refs.extend(Reference(ped, m) for m in wanted)
    if not pois:
        raise KinshipInputError("no singletons (persons of interest) in the file", source=source)
    if not refs:
        raise KinshipInputError(
            "no reference family with a missing member in the file", source=source
        )
    per_person = args.per_person if args.per_person is not None else args.top
    for n in (args.per_family, per_person):
        if n is not None and n < 1:
            raise KinshipInputError(f"--per-family and --per-person need N >= 1, not {n}")
    if args.prior is not None and not 0 < args.prior < 1:
        raise KinshipInputError(f"--prior must be between 0 and 1: {args.prior}")
    if args.format == "parquet" and not args.out:
        raise KinshipInputError("--format parquet needs --out FILE")
    result = blind_search(pois, refs, freqs, theta=args.theta, mutation=mutation)
    for w in result.warnings:
        print(f"warning: {w}", file=sys.stderr)
    if args.per_family is not None:
        columns = result.ranking("family", args.per_family, args.prior)
        order = ["family", "missing", "rank", "poi"]
    else:
        columns = result.ranking("person", per_person, args.prior)
        order = ["poi", "rank", "family", "missing"]
        if per_person is None:
            # Every pair: highest LR first overall, as before.
            keys = np.lexsort((columns["exclusions"], -columns["log10_LR"]))
            columns = {k: v[keys] for k, v in columns.items()}
    write_table(result, columns, order, args.out, args.format)
    return 0


def write_table(
    result: SearchResult, columns: dict[str, Any], order: list[str], out: str | None, fmt: str
) -> None:
    """A ranking as TSV (to ``out`` or standard output) or Parquet, written by Arrow in C++.

    ``order`` names the leading columns (family, missing, rank, poi in some order); names are
    written from their index into the result (dictionary-encoded), so nothing is formatted in
    Python per row.
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv

    labels = {
        "family": ("reference_index", [r.family for r in result.references]),
        "missing": ("reference_index", [r.missing for r in result.references]),
        "poi": ("poi_index", result.pois),
    }

    def column(name: str) -> Any:
        if name in labels:
            key, values = labels[name]
            coded = pa.DictionaryArray.from_arrays(pa.array(columns[key]), pa.array(values))
            return coded if fmt == "parquet" else coded.cast(pa.string())
        return pa.array(columns[name])

    names = order + ["LR", "log10_LR", "posterior", "exclusions", "markers"]
    table = pa.table({name: column(name) for name in names})
    if fmt == "parquet":
        import pyarrow.parquet as pq

        pq.write_table(table, out)
        return
    options = pacsv.WriteOptions(delimiter="\t", quoting_style="none", quoting_header="none")
    if out:
        pacsv.write_csv(table, out, write_options=options)
        return
    sink = pa.BufferOutputStream()
    pacsv.write_csv(table, sink, write_options=options)
    sys.stdout.flush()
    sys.stdout.write(sink.getvalue().to_pybytes().decode())
    sys.stdout.flush()


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``homeward kinship ...``; returns the exit status (2 on bad input)."""
    parser = _parser()
    try:
        args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    except SystemExit as exc:
        return int(exc.code or 0) if not isinstance(exc.code, str) else 2
    try:
        return _run(args)
    except (KinshipInputError, ImpossibleComputation) as exc:
        print(f"homeward kinship: error: {exc}", file=sys.stderr)
        return 2
    except ValueError as exc:
        print(f"homeward kinship: error: {exc}", file=sys.stderr)
        return 2
