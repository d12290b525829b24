"""The one place the app calls the kinship engine: frequency tables, models, the joint LR.

Nothing here computes a likelihood itself; it chooses the markers, builds the engine's inputs and
reads its results. Several relatives are always weighed in one pedigree likelihood (the engine sums
over the untyped father and grandparents jointly), never by multiplying pairwise LRs.

The question is the engine's identification question: is the child the member ``child`` of the
claimed family (H1), or unrelated to it (H2), the family's own relations being as claimed either
way. ``identify_lr`` answers it, and ``blind_search`` answers it for many children and families at
once with the same numbers (the demo uses that).

Deliberately free of Django, so it runs in any process.
"""

from __future__ import annotations

import importlib.metadata
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from homeward.kinship.engine import (
    DEFAULT_DB,
    SHIPPED,
    FrequencyDB,
    ImpossibleComputation,
    KinshipInputError,
    MutationModel,
    Pedigree,
    Person,
    compare_hypotheses,
    identify_lr,
    marker_key,
    shipped_database,
)
from homeward.kinship.engine.mutation import MODELS
from homeward.kinship.pedigrees import CHILD, ClaimedPedigree

FREQUENCY_DATABASES: tuple[str, ...] = tuple(SHIPPED)
DEFAULT_FREQ_DB = DEFAULT_DB
MUTATION_MODELS: tuple[str, ...] = MODELS
EngineError = (KinshipInputError, ImpossibleComputation, ValueError)


def engine_version() -> str:
    """The engine's version if it states one, else the installed Homeward version."""
    from homeward.kinship import engine

    version = getattr(engine, "__version__", None)
    if isinstance(version, str) and version:
        return version
    try:
        return importlib.metadata.version("homeward")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def freq_db_version(name: str) -> str:
    """The SHA-256 (first 16 hex digits) of a shipped frequency table's file: its version."""
    import hashlib
    from importlib import resources

    from homeward.kinship.engine.frequencies import SHIPPED as FILES

    if name not in FILES:
        return ""
    data = resources.files("homeward.kinship.engine").joinpath("data").joinpath(FILES[name]).read_bytes()
    return hashlib.sha256(data).hexdigest()[:16]


@lru_cache(maxsize=16)
def frequency_db(name: str) -> FrequencyDB:
    """A shipped frequency table, parsed once per process."""
    return shipped_database(name)


def mutation(model: str, rate: float) -> MutationModel | None:
    """The engine's mutation model, or None for none."""
    if not model or rate <= 0:
        return None
    return MutationModel.of(model, rate)


@dataclass
class Outcome:
    """What the engine found: the LR per marker and in total."""

    per_marker: dict[str, float]
    skipped: list[str] = field(default_factory=list)

    @property
    def lr(self) -> float:
        if any(v == 0 for v in self.per_marker.values()):
            return 0.0
        return 10 ** self.log10_lr if self.log10_lr is not None and self.log10_lr < 308 else math.inf

    @property
    def log10_lr(self) -> float | None:
        """None when some marker excludes (LR 0)."""
        if any(v == 0 for v in self.per_marker.values()):
            return None
        return float(sum(math.log10(v) for v in self.per_marker.values()))


def usable_markers(
    genotypes: Mapping[str, Mapping[str, str]], db: FrequencyDB
) -> tuple[list[str], list[str]]:
    """(markers typed in the child and in at least one relative and known to ``db``, markers left out).

    Markers the table lacks are left out and named; markers typed in the child only tell nothing.
    """
    child = genotypes.get(CHILD, {})
    others: set[str] = set()
    for key, per in genotypes.items():
        if key != CHILD:
            others |= {marker_key(m) for m in per}
    used: list[str] = []
    skipped: list[str] = []
    for m in child:
        if marker_key(m) not in others:
            continue
        (used if m in db else skipped).append(m)
    return used, skipped


def compute_lr(
    pedigree: ClaimedPedigree,
    genotypes: Mapping[str, Mapping[str, str]],
    *,
    freq_db: str,
    theta: float,
    mutation_model: str,
    mutation_rate: float,
    progress: Callable[[int, int], None] | None = None,
) -> Outcome:
    """LR of the claimed pedigree (H1) against the child being unrelated to it (H2), marker by marker.

    ``genotypes`` maps reference key and ``"child"`` to marker -> ``"a/b"``. ``progress`` is called
    with (markers done, markers in all) so a long computation can show how far it is.
    """
    db = frequency_db(freq_db)
    markers, skipped = usable_markers(genotypes, db)
    if not markers:
        raise KinshipInputError("no marker is typed in both the child and a relative (and known to the "
                                f"frequency database {freq_db})")
    keys = {marker_key(m) for m in markers}
    family = reference_pedigree(pedigree, {
        k: {m: g for m, g in per.items() if marker_key(m) in keys} for k, per in genotypes.items() if k != CHILD
    })
    child = genotypes[CHILD]
    model = mutation(mutation_model, mutation_rate)
    per_marker: dict[str, float] = {}
    for i, m in enumerate(markers):
        result = identify_lr(family, CHILD, {m: child[m]}, db, theta=theta, mutation=model)
        per_marker.update(result.per_marker)
        if progress is not None:
            progress(i + 1, len(markers))
    return Outcome(per_marker, skipped)


@dataclass
class HypothesisResult:
    label: str
    log10_likelihood: float | None  # None: excluded (likelihood 0)
    log10_lr: float | None  # against the last hypothesis; None when this one is excluded
    posterior: float
    per_marker: dict[str, float]


def compare_stated(
    hypotheses: list[dict[str, Any]],
    genotypes: Mapping[str, Mapping[str, str]],
    *,
    freq_db: str,
    theta: float,
    mutation_model: str,
    mutation_rate: float,
) -> list[HypothesisResult]:
    """Each stated hypothesis's likelihood, its LR against the last one, and its posterior.

    ``hypotheses`` are ``{"label", "pedigree": [node rows], "prior", "child_unrelated"}``; typed
    members are matched across hypotheses by their reference key, so every hypothesis weighs the
    same people's genotypes (summed over the untyped members of each).
    """
    db = frequency_db(freq_db)
    markers, _skipped = usable_markers(genotypes, db)
    keys = {marker_key(m) for m in markers}
    typed = {k: {m: g for m, g in per.items() if marker_key(m) in keys} for k, per in genotypes.items()}
    peds: list[tuple[str, Pedigree]] = []
    for h in hypotheses:
        rename = {r["id"]: (r["ref"] or r["id"]) for r in h["pedigree"]}
        persons = []
        for r in h["pedigree"]:
            cut = h.get("child_unrelated") and r["ref"] == CHILD
            father = None if cut or r["father"] is None else rename[r["father"]]
            mother = None if cut or r["mother"] is None else rename[r["mother"]]
            persons.append(Person(rename[r["id"]], father, mother, int(r["sex"])))
        present = {p.id for p in persons}
        peds.append((h["label"], Pedigree(persons, {k: g for k, g in typed.items() if k in present})))
    priors = [float(h.get("prior") or 1.0) for h in hypotheses]
    result = compare_hypotheses(peds, db, priors=priors, markers=markers, theta=theta,
                                mutation=mutation(mutation_model, mutation_rate))
    logs = result.log10_likelihoods
    post = result.posteriors
    out = []
    for k, label in enumerate(result.labels):
        log = logs[k] if math.isfinite(logs[k]) else None
        lr = (logs[k] - logs[-1]) if log is not None and math.isfinite(logs[-1]) else None
        out.append(HypothesisResult(label, log, lr, post[k], {m: result.per_marker[m][k] for m in markers}))
    return out


def reference_pedigree(pedigree: ClaimedPedigree, relatives: Mapping[str, Mapping[str, str]]) -> Pedigree:
    """The claimed family with the relatives' genotypes and the child in place, untyped."""
    by_node = {pedigree.node_of[key]: g for key, g in relatives.items()}
    return Pedigree(pedigree.persons(), by_node, name="claimed")


def posterior(lr: float, prior: float) -> float:
    """Posterior probability of H1 from the LR and the prior probability of H1."""
    if math.isinf(lr):
        return 1.0
    odds = lr * prior / (1 - prior)
    return odds / (1 + odds)
