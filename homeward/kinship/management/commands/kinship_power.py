"""Benchmark: how often typical reference sets reach the programme's LR threshold.

Simulates families by gene dropping (``homeward.kinship.engine.planning``: both sides of the
family) and computes each test exactly (the child as the family's missing member), for the true
child and for an unrelated child, with the programme's theta and mutation model. Prints, per
reference set and panel, the median log10 LR, the share of tests that confirm (LR >= threshold),
of unrelated children wrongly included, and of true children excluded (LR <= 1/threshold). The
sampling plan of a case's DNA page computes the same figures for the same sets and seed.

    homeward kinship_power --families 50 --seed 1
    homeward kinship_power --set "paternal grandmother+paternal uncle" --panel extended
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from homeward.kinship import compute
from homeward.kinship.actions.tests import defaults
from homeward.kinship.engine.kits import kit_ids, kit_marker_names
from homeward.kinship.engine.planning import simulate_power
from homeward.kinship.queries import lr_threshold

REFERENCE_SETS: dict[str, list[str]] = {
    "grandmother": ["paternal grandmother"],
    "grandmother+uncle+aunt": ["paternal grandmother", "paternal uncle", "paternal aunt"],
    "mother+grandmother": ["mother", "paternal grandmother"],
    "mother+grandmother+uncle+aunt": ["mother", "paternal grandmother", "paternal uncle", "paternal aunt"],
}


def panels(freq_db: str) -> dict[str, list[str]]:
    """The panels a plan may use: each shipped kit's markers known to the frequency table."""
    db = compute.frequency_db(freq_db)
    return {kit: [m for m in kit_marker_names(kit) if m in db] for kit in kit_ids()}


class Command(BaseCommand):
    help = "Print how often typical kinship tests confirm or exclude, on simulated families."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--families", type=int, default=40, help="simulated families per setting (default 40)")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--freq-db", default=None, help="frequency database (default: the programme's)")
        parser.add_argument("--set", action="append", dest="sets", default=[], metavar="A+B",
                            help="simulate this set of relatives (joined by '+'; repeatable) instead of the four "
                                 "typical ones")
        parser.add_argument("--panel", action="append", dest="panels", default=[],
                            help="marker kit (globalfiler, extended, ...; repeatable; default globalfiler and extended)")

    def handle(self, *args: Any, **options: Any) -> None:
        settings_ = defaults()
        freq_db = options["freq_db"] or settings_["freq_db"]
        db = compute.frequency_db(freq_db)
        threshold = lr_threshold()
        sets = ({s: [x.strip() for x in s.split("+")] for s in options["sets"]} if options["sets"]
                else REFERENCE_SETS)
        chosen = options["panels"] or ["globalfiler", "extended"]
        n = options["families"]
        model = compute.mutation(settings_["mutation_model"], settings_["mutation_rate"])
        self.stdout.write(f"frequencies {freq_db}, theta {settings_['theta']}, mutation {settings_['mutation_model']} "
                          f"{settings_['mutation_rate']}, threshold {threshold:,.0f}, {n} families per row, "
                          f"seed {options['seed']}")
        self.stdout.write(f"{'panel':<22} {'references':<60} {'median log10 LR':>15} "
                          f"{'confirm':>8} {'false incl.':>11} {'exclude':>8} {'s/set':>7}")
        all_panels = panels(freq_db)
        for panel in chosen:
            markers = all_panels[panel]
            started = time.monotonic()
            rows = simulate_power(list(sets.values()), db, markers, families=n, seed=options["seed"],
                                  threshold=threshold, theta=settings_["theta"], mutation=model)
            per_set = (time.monotonic() - started) / max(1, len(rows))
            label = f"{panel} ({len(markers)})"
            for name, row in zip(sets, rows, strict=True):
                self.stdout.write(f"{label:<22} {name:<60} {row.median_log10_lr:>15.2f} {row.power:>8.0%} "
                                  f"{row.false_inclusion:>11.0%} {row.exclusion:>8.0%} {per_set:>7.2f}")
