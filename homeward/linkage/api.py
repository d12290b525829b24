"""The three entry points: train a model, link two lists, link a few new records."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from homeward.linkage.backends import backend_name, open_session
from homeward.linkage.engine import prior_weight, to_pairs
from homeward.linkage.features import Features, features_of
from homeward.linkage.model import Model
from homeward.linkage.records import CandidatePair, Record
from homeward.linkage.training import Label, apply_labels, fit


def _features(items: Sequence[Record] | Sequence[Features]) -> list[Features]:
    """Features of records; features given already (a caller that trains and links the same
    lists computes them once) pass through."""
    if items and isinstance(items[0], Features):
        return list(items)  # type: ignore[arg-type]
    return features_of(items)  # type: ignore[arg-type]


def _labels(labels: Sequence[tuple[str, str, bool]]) -> list[Label]:
    return [(str(c), str(r), bool(y)) for c, r, y in labels]


def train(
    children: Sequence[Record] | Sequence[Features],
    requests: Sequence[Record] | Sequence[Features],
    labels: Sequence[tuple[str, str, bool]] = (),
) -> Model:
    """Estimate a model from the caseload itself (EM) and caseworkers' labels.

    ``labels`` are ``(child_id, request_id, is_match)``. Caseloads too small to train on
    get the shipped default parameters, refined by the labels.
    """
    return fit(_features(children), _features(requests), _labels(labels))


def link(
    children: Sequence[Record] | Sequence[Features],
    requests: Sequence[Record] | Sequence[Features],
    *,
    labels: Sequence[tuple[str, str, bool]] = (),
    threshold: float = 0.01,
    model: Model | None = None,
    backend: str | None = None,
) -> list[CandidatePair]:
    """Score every candidate pair of a child found abroad and a sought child.

    Without ``model``, one is trained on these records (see ``train``); with one, labels
    (if any) refine a copy of it. Pairs a caseworker rejected are never returned. The
    result holds pairs with ``match_probability >= threshold``, most probable first.
    ``backend`` (``duckdb`` or ``spark``; default the ``HOMEWARD_LINKAGE_BACKEND``
    setting, else ``duckdb``) is the engine that scores; training runs on DuckDB.
    """
    backend = backend_name(backend)  # an unknown name fails before any work
    child_features = _features(children)
    request_features = _features(requests)
    label_list = _labels(labels)
    if model is None:
        model = fit(child_features, request_features, label_list)
    elif label_list:
        model = model.copy()
        apply_labels(model, child_features, request_features, label_list)
    session = open_session(model, child_features, request_features, backend=backend, detail=True)
    try:
        rejected = {(c, r) for c, r, y in label_list if not y}
        prior = prior_weight(model, session.n_children, session.n_requests)
        return to_pairs(
            session.predict_one_to_one(threshold), rejected, model, detail=True, prior=prior
        )
    finally:
        session.close()


def link_incremental(
    new_records: Sequence[Record],
    others: Sequence[Record],
    model: Model,
    *,
    new_side: Literal["children", "requests"] = "children",
    labels: Sequence[tuple[str, str, bool]] = (),
    threshold: float = 0.01,
    backend: str | None = None,
) -> list[CandidatePair]:
    """Link a few new or edited records against the whole other side, with a saved model.

    Nothing is retrained and only pairs involving ``new_records`` are blocked and scored,
    so this stays fast however large ``others`` is. ``new_side`` says which side the new
    records belong to; pairs always come back as (child_id, request_id). ``backend`` as
    for ``link``.
    """
    new = features_of(new_records)
    rest = features_of(others)
    if new_side == "children":
        children, requests = new, rest
    elif new_side == "requests":
        children, requests = rest, new
    else:
        raise ValueError(f"new_side must be 'children' or 'requests', not {new_side!r}")
    session = open_session(model, children, requests, backend=backend, detail=True)
    try:
        rejected = {(c, r) for c, r, y in _labels(labels) if not y}
        prior = prior_weight(model, session.n_children, session.n_requests)
        return to_pairs(
            session.predict_one_to_one(threshold), rejected, model, detail=True, prior=prior
        )
    finally:
        session.close()
