"""``homeward names``: score name pairs, and show how one name is parsed and keyed."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from typing import TextIO

from tqdm import tqdm

from homeward.names.compare import similarity
from homeward.names.keys import name_keys
from homeward.names.normalization import (
    UnsafeNameError,
    detect_script,
    normalize,
    validate_name,
)
from homeward.names.parse import parse_name
from homeward.names.translit import romanize

__all__ = ["main", "score_stream"]


def score_stream(lines: Iterable[str | bytes], out: TextIO, err: TextIO) -> tuple[int, int]:
    """Append a similarity score to every ``name_a<TAB>name_b`` line.

    Lines without a tab, and lines that are not UTF-8, are reported on ``err`` by line number
    and left out of ``out``; blank lines are ignored. Returns (lines scored, lines skipped).
    """
    scored = skipped = 0
    for number, raw in enumerate(lines, start=1):
        if isinstance(raw, bytes):
            try:
                raw = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                err.write(f"line {number}: not UTF-8 text ({exc.reason}), skipped\n")
                skipped += 1
                continue
        line = raw.rstrip("\r\n")
        if not line.strip():
            continue
        if "\t" not in line:
            err.write(f"line {number}: expected two names separated by a tab, skipped\n")
            skipped += 1
            continue
        name_a, name_b = line.split("\t", 2)[:2]
        out.write(f"{line}\t{similarity(name_a, name_b):.4f}\n")
        scored += 1
    return scored, skipped


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="homeward names", description="Compare, parse and key names in any script."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser(
        "score", help="read name_a<TAB>name_b lines on stdin, write them with a score appended"
    )
    parse = sub.add_parser("parse", help="print the parsed structure of a name as JSON")
    parse.add_argument("name", nargs="+")
    keys = sub.add_parser("keys", help="print the blocking keys and romanisations of a name")
    keys.add_argument("name", nargs="+")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``homeward names ARGS``; returns the exit code."""
    parser = _parser()
    try:
        args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    except SystemExit as exc:
        return int(exc.code or 0)
    if args.command == "score":
        # A progress bar only for a person watching: never in a pipe's log.
        lines = tqdm(
            sys.stdin.buffer,
            desc="scoring",
            unit=" lines",
            file=sys.stderr,
            disable=not sys.stderr.isatty(),
            mininterval=0.5,
        )
        scored, _ = score_stream(lines, sys.stdout, sys.stderr)
        if scored == 0:
            sys.stderr.write("no line could be scored\n")
            return 1
        return 0
    name = " ".join(args.name)
    try:
        validate_name(name)
    except UnsafeNameError as exc:
        # Shown, not fatal: the comparison forms below have these characters removed.
        sys.stderr.write(f"warning: {exc}\n")
    if args.command == "parse":
        payload: dict[str, object] = asdict(parse_name(name))
    else:
        payload = {
            "normalized": normalize(name),
            "script": detect_script(name),
            "romanizations": list(romanize(name)),
            "keys": sorted(name_keys(name)),
        }
    json.dump(payload, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0
