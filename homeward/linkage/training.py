"""Estimating the model: Splink's u sampling and EM, then caseworkers' labels.

Method, in order:

1. **u** (chance agreement) from random pairs of a child and a request
   (``estimate_u_using_random_sampling``): in a caseload nearly every random pair is a
   non-match.
2. **m** (agreement among true matches) by expectation maximisation
   (``estimate_parameters_using_expectation_maximisation``) in the three runs of
   ``spec.EM_RUNS``: namesakes of the same sex and age (parents, region), namesakes with
   the same mother's name (birth, sex), then children of the same age, sex and mother's
   name with the other fields held fixed (given name, surname). Blocking rules that leave
   few look-alikes keep EM's latent class meaning "same child", not "same family". Levels
   a run never sees keep their starting value (the shipped default).
3. **match rate**: the share of children with a counterpart, by EM on a sample of children
   with m and u fixed, each child having at most one counterpart (see
   ``_fit_match_rate``).
4. **EM under the one-to-one constraint** (``em.em_one_to_one``): posteriors after the
   competition discount (a request seeks one child) weight every candidate pair; m and
   the match rate are re-estimated from them, with Splink's m as a Dirichlet prior, until
   no weight moves by more than 0.05 bits; guards against degenerate solutions. The
   sample's pairs are compared once and re-weighted in SQL each iteration. Confirmed
   pairs enter as certain matches, rejected ones as certain non-matches. (This replaced a
   hard self-training step on pairs >= 0.8, whose selection kept noisy true pairs out and
   left the probabilities under-confident on data noisier than the tuning caseload.)
5. **Rejected labels** count as non-matches in EM and are never returned by ``link``.
   They do not move u: they are the non-matches that looked most like matches, a biased
   sample of non-matches, and folding them into u (tried, against a prior worth 1,000
   random pairs) cost 0.04 F1 on the 5,000-child benchmark with only 22 rejections.

Caseloads too small for EM (fewer than ``MIN_TRAINING_RECORDS`` on either side) keep the
shipped default parameters; there, and when ``link`` refines a given model, confirmed pairs
re-estimate m on their own (same Dirichlet update).
"""

from __future__ import annotations

import logging
import math
import random
from collections.abc import Iterable, Sequence

from homeward.linkage.em import em_one_to_one
from homeward.linkage.engine import Session
from homeward.linkage.features import Features
from homeward.linkage.model import M_FLOOR, Level, Model
from homeward.linkage.spec import EM_RUNS, FIELDS, TF_PARTS

log = logging.getLogger(__name__)

MIN_TRAINING_RECORDS = 200
# EM needs a few thousand matches, not every record: larger caseloads train on a sample
# of each side (the match rate is still fitted against the whole other side).
MAX_TRAINING_RECORDS = 20_000
M_PRIOR_PAIRS = 20.0
_U_MAX_PAIRS = 2e6
_EM_MAX_PAIRS = 4e5
_RATE_SAMPLE = 2000
# random pairs measuring the frequency base of the fuzzy name levels; a level reached by
# fewer of them keeps Splink's rule
_TF_BASE_PAIRS = 100_000
_TF_BASE_MIN = 50

Label = tuple[str, str, bool]


def fit(
    children: Sequence[Features],
    requests: Sequence[Features],
    labels: Sequence[Label] = (),
    *,
    start: Model | None = None,
    seed: int = 20190210,
) -> Model:
    """Estimate a model from two feature lists and optional labels."""
    model = (start or Model.default()).copy()
    n, m = len(children), len(requests)
    if min(n, m) >= MIN_TRAINING_RECORDS:
        rng = random.Random(seed)
        sample_c = _sample(children, rng)
        sample_r = _sample(requests, rng)
        _fit_splink(model, sample_c, sample_r, seed)
        _fit_tf_bases(model, sample_c, sample_r, seed)
        _fit_match_rate(model, children, requests, seed)
        model.provenance = {"source": "trained", "children": n, "requests": m}
        # confirmed and rejected labels enter the E-step as certain posteriors
        confirmed = [(c, r, True) for c, r, y in labels if y]
        em_one_to_one(
            model,
            sample_c,
            sample_r,
            (n, m),
            labels,
            level_counts_of_labels=_label_levels(model, children, requests, confirmed),
        )
        if labels:
            apply_labels(model, children, requests, labels, m_from_confirmed=False)
    else:
        model.provenance = {"source": "default parameters (caseload too small to train)"}
        if labels:
            apply_labels(model, children, requests, labels)
    return model


def _sample(features: Sequence[Features], rng: random.Random) -> Sequence[Features]:
    if len(features) <= MAX_TRAINING_RECORDS:
        return features
    return rng.sample(list(features), MAX_TRAINING_RECORDS)


def _fit_splink(
    model: Model, children: Sequence[Features], requests: Sequence[Features], seed: int
) -> None:
    from splink.internals.exceptions import SplinkException

    for run, (rule, fixed) in enumerate(EM_RUNS):
        session = Session(model, children, requests, fix_m=fixed, training=True)
        try:
            training = session.linker.training
            if run == 0:
                pairs = min(_U_MAX_PAIRS, float(len(children)) * float(len(requests)))
                training.estimate_u_using_random_sampling(max_pairs=pairs, seed=seed)
            try:
                training.estimate_parameters_using_expectation_maximisation(
                    rule,
                    estimate_without_term_frequencies=True,
                    max_pairs=_EM_MAX_PAIRS,
                )
            except (SplinkException, ValueError, ZeroDivisionError) as exc:
                # too few pairs under this rule: its fields keep their previous values
                log.info("EM run blocked on %s skipped: %s", rule, exc)
            model.update_from_splink(session.linker.misc.save_model_to_json())
        finally:
            session.close()


def _fit_tf_bases(
    model: Model, children: Sequence[Features], requests: Sequence[Features], seed: int
) -> None:
    """The frequency each fuzzy name level's adjustment is centred on (``Level.tf_u``).

    A spelling variant or sound key in common counts by the commoner of the two names'
    frequencies, f. The adjusted u of such a pair is ``u * f / tf_u``; for these to average
    to the level's u over the non-matching pairs that reach it (so that the level as a whole
    says what its m and u say, and only rare against common names moves), ``tf_u`` is the
    harmonic mean of f over random pairs at the level (Splink's exact level is the same
    rule: its u is that mean there). Measured on random pairs of the caseload, like u.
    A level too rare among them keeps Splink's rule.
    """
    rng = random.Random(seed + 1)
    n_pairs = int(min(_TF_BASE_PAIRS, float(len(children)) * float(len(requests))))
    pairs = {
        (rng.choice(children).unique_id, rng.choice(requests).unique_id) for _ in range(n_pairs)
    }
    session = Session(model, children, requests, detail=True, training=True)
    try:
        cols = [
            f"gamma_{field}, tf_{part}_canon_l, tf_{part}_canon_r"
            for part, (field, _) in TF_PARTS.items()
        ]
        rows = session.score_pairs(pairs, ", ".join(cols))
    finally:
        session.close()
    for k, (field, _) in enumerate(TF_PARTS.values()):
        levels = model.levels[field]
        # the variant and sound levels only: the exact level is Splink's, the others have
        # no adjustment
        for j in (1, 2):
            gamma = len(levels) - 1 - j
            # Splink's frequency of a pair: the larger of the two, either where one is missing
            freqs = [
                max(f for f in (row[3 * k + 1], row[3 * k + 2]) if f is not None)
                for row in rows
                if row[3 * k] == gamma and (row[3 * k + 1] or row[3 * k + 2])
            ]
            harmonic = len(freqs) / sum(1.0 / f for f in freqs) if freqs else 0.0
            levels[j].tf_u = harmonic if len(freqs) >= _TF_BASE_MIN else None


def _fit_match_rate(
    model: Model, children: Sequence[Features], requests: Sequence[Features], seed: int
) -> None:
    """EM for the share of children with a counterpart, m and u held fixed.

    For a sampled child with candidate Bayes factors B_k, the chance it has a counterpart
    among the M requests is ``(r/M) sum B_k / ((1 - r) + (r/M) sum B_k)``; r is re-set to
    the mean of that over the sample until it settles.
    """
    rng = random.Random(seed)
    sample = list(children)
    if len(sample) > _RATE_SAMPLE:
        sample = rng.sample(sample, _RATE_SAMPLE)
    session = Session(model, sample, requests)
    try:
        prior = model.prior(len(sample), len(requests))
        base = math.log2(prior / (1 - prior))
        rows = (
            session.predict(None)
            .aggregate(f"unique_id_l, sum(pow(2.0, match_weight - ({base!r}))) AS b")
            .fetchall()
        )
    finally:
        session.close()
    sums = [float(b) for _, b in rows]
    m = max(1, len(requests))
    share = min(0.99, model.match_rate)
    for _ in range(100):
        lam = share / m
        expected = sum(lam * b / ((1 - share) + lam * b) for b in sums)
        new_share = min(0.99, max(0.01, expected / len(sample)))
        converged = abs(new_share - share) < 1e-4
        share = new_share
        if converged:
            break
    expected_pairs = share * len(children)
    model.match_rate = min(0.99, max(0.01, expected_pairs / max(1, min(len(children), m))))


def _level_of_weight(model: Model, field: str, weight: float | None) -> int | None:
    """Index of the level a pair reached, read back from the weight Splink gave it."""
    if weight is None:
        return None
    weights = [lv.weight for lv in model.levels[field]]
    j = min(range(len(weights)), key=lambda k: abs(weights[k] - weight))
    # a missing value scores exactly 0 and only counts if a level really weighs 0
    return j if abs(weights[j] - weight) < 1e-9 else None


def _label_levels(
    model: Model,
    children: Sequence[Features],
    requests: Sequence[Features],
    labels: Sequence[Label],
) -> dict[tuple[str, str], list[int | None]]:
    """Level index per field of each labelled pair (None where a value is missing)."""
    child_ids = {f.unique_id for f in children}
    request_ids = {f.unique_id for f in requests}
    usable = [(c, r) for c, r, _ in labels if c in child_ids and r in request_ids]
    if not usable:
        return {}
    wanted_c = {c for c, _ in usable}
    wanted_r = {r for _, r in usable}
    session = Session(
        model,
        [f for f in children if f.unique_id in wanted_c],
        [f for f in requests if f.unique_id in wanted_r],
        detail=True,
    )
    try:
        cols = ", ".join(f"gamma_{f}" for f in FIELDS)
        rows = session.score_pairs(usable, f"unique_id_l, unique_id_r, {cols}")
    finally:
        session.close()
    out: dict[tuple[str, str], list[int | None]] = {}
    for row in rows:
        levels: list[int | None] = []
        for field, g in zip(FIELDS, row[2:], strict=True):
            top = len(model.levels[field]) - 1
            levels.append(None if g is None or int(g) < 0 else top - int(g))
        out[(str(row[0]), str(row[1]))] = levels
    return out


def _counts(model: Model, rows: Iterable[list[int | None]]) -> dict[str, list[float]]:
    counts = {f: [0.0] * len(model.levels[f]) for f in FIELDS}
    for levels in rows:
        for field, j in zip(FIELDS, levels, strict=True):
            if j is not None:
                counts[field][j] += 1.0
    return counts


def _update_m(model: Model, rows: Iterable[list[int | None]]) -> None:
    for field, counts in _counts(model, rows).items():
        _dirichlet_m(model.levels[field], counts)


def _dirichlet_m(levels: list[Level], counts: list[float]) -> None:
    """MAP update of m with the current m as a Dirichlet prior worth M_PRIOR_PAIRS pairs."""
    total = sum(counts)
    if total == 0:
        return
    for lv, k in zip(levels, counts, strict=True):
        lv.m = max(M_FLOOR, (M_PRIOR_PAIRS * lv.m + k) / (M_PRIOR_PAIRS + total))


def apply_labels(
    model: Model,
    children: Sequence[Features],
    requests: Sequence[Features],
    labels: Sequence[Label],
    *,
    m_from_confirmed: bool = True,
) -> None:
    """Refine ``model`` in place from caseworkers' confirmed and rejected pairs."""
    levels = _label_levels(model, children, requests, labels)
    verdict = {(c, r): y for c, r, y in labels if (c, r) in levels}
    if not verdict:
        return
    if m_from_confirmed:
        _update_m(model, (levels[p] for p, y in verdict.items() if y))
    n_conf = sum(1 for y in verdict.values() if y)
    model.provenance = {
        **model.provenance,
        "confirmed_pairs": model.provenance.get("confirmed_pairs", 0) + n_conf,
        "rejected_pairs": model.provenance.get("rejected_pairs", 0) + len(verdict) - n_conf,
    }
