"""Benchmark: how often typical reference sets reach the programme's LR threshold.

Simulates families by gene dropping (grandparents -> father, uncle, aunt; father + mother -> child)
and computes each test exactly as the app does (claimed pedigree, child against the family), for
the true child and for an unrelated child. Prints, per reference set and panel, the median log10 LR
and the share of tests that confirm (LR >= threshold) or exclude (LR <= 1/threshold).

    homeward kinship_power --families 50 --seed 1
"""

from __future__ import annotations

import math
import statistics
import sys
import time
from typing import Any

import numpy as np
from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from homeward.kinship import compute
from homeward.kinship.actions.tests import defaults
from homeward.kinship.engine import GLOBALFILER, Pedigree, Person, gene_drop, random_profile
from homeward.kinship.pedigrees import CHILD, Reference, build_claimed_pedigree
from homeward.kinship.queries import lr_threshold

REFERENCE_SETS: dict[str, list[tuple[str, str]]] = {
    "grandmother": [("gm", "grandmother")],
    "grandmother+uncle+aunt": [("gm", "grandmother"), ("uncle", "uncle"), ("aunt", "aunt")],
    "mother+grandmother": [("mother", "mother"), ("gm", "grandmother")],
    "mother+grandmother+uncle+aunt": [("mother", "mother"), ("gm", "grandmother"), ("uncle", "uncle"),
                                      ("aunt", "aunt")],
}


class Command(BaseCommand):
    help = "Print how often typical kinship tests confirm or exclude, on simulated families."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--families", type=int, default=40, help="simulated families per setting (default 40)")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--freq-db", default=None, help="frequency database (default: the programme's)")

    def handle(self, *args: Any, **options: Any) -> None:
        settings_ = defaults()
        freq_db = options["freq_db"] or settings_["freq_db"]
        db = compute.frequency_db(freq_db)
        threshold = lr_threshold()
        panels = {"GlobalFiler (21)": [m for m in GLOBALFILER if m in db], f"all of {freq_db} ({len(db)})": db.names()}
        truth = Pedigree([
            Person("gf", sex=1), Person("gm", sex=2), Person("father", "gf", "gm", 1), Person("uncle", "gf", "gm", 1),
            Person("aunt", "gf", "gm", 2), Person("mother", sex=2), Person("child", "father", "mother", 1),
        ])
        rng = np.random.default_rng(options["seed"])
        n = options["families"]
        self.stdout.write(f"frequencies {freq_db}, theta {settings_['theta']}, mutation {settings_['mutation_model']} "
                          f"{settings_['mutation_rate']}, threshold {threshold:,.0f}, {n} families per row")
        self.stdout.write(f"{'panel':<22} {'references':<31} {'child':<9} {'median log10 LR':>15} "
                          f"{'confirm':>8} {'exclude':>8} {'s/test':>7}")
        for panel, markers in panels.items():
            families = [gene_drop(truth, db, markers, rng) for _ in range(n)]
            strangers = [random_profile(db, markers, rng) for _ in range(n)]
            for label, refs in REFERENCE_SETS.items():
                claimed = build_claimed_pedigree(1, [Reference(key, rel) for key, rel in refs])
                for who in ("true", "unrelated"):
                    logs: list[float] = []
                    started = time.monotonic()
                    bar = tqdm(range(n), desc=f"{label} ({who})", disable=not sys.stderr.isatty(), file=sys.stderr,
                               leave=False)
                    for i in bar:
                        g = families[i]
                        child = g["child"] if who == "true" else strangers[i]
                        genotypes = {CHILD: _text(child)} | {key: _text(g[key]) for key, _rel in refs}
                        out = compute.compute_lr(claimed, genotypes, freq_db=freq_db, theta=settings_["theta"],
                                                 mutation_model=settings_["mutation_model"],
                                                 mutation_rate=settings_["mutation_rate"])
                        logs.append(-math.inf if out.log10_lr is None else out.log10_lr)
                    per_test = (time.monotonic() - started) / n
                    confirm = sum(v >= math.log10(threshold) for v in logs) / n
                    exclude = sum(v <= -math.log10(threshold) for v in logs) / n
                    self.stdout.write(f"{panel:<22} {label:<31} {who:<9} {statistics.median(logs):>15.2f} "
                                      f"{confirm:>8.0%} {exclude:>8.0%} {per_test:>7.3f}")


def _text(profile: dict[str, tuple[str, str]]) -> dict[str, str]:
    return {m: f"{a}/{b}" for m, (a, b) in profile.items()}
