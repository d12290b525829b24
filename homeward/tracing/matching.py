"""Running homeward.linkage over the caseload and keeping its pairs as CandidateMatch rows.

The matching itself is the linkage engine's; this module only feeds it records and labels and
stores what it returns. Two rules hold whatever runs when:

* a decided pair (confirmed or rejected) is never overwritten and never reopened: rejected
  pairs are passed to the engine as labels (so it leaves them out) and every write is guarded
  on the row still being potential;
* a potential pair that a new run no longer proposes (the records changed) is removed, since
  nobody decided on it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from homeward.linkage import CandidatePair, Model, Record, link, link_incremental, train
from homeward.linkage.features import Features, features_of
from homeward.tracing.models import CandidateMatch, MatchModel
from homeward.tracing.records import case_records, matchable_cases, matchable_sought, sought_records

log = logging.getLogger(__name__)

#: Pairs below this probability are not stored (the engine's own default).
THRESHOLD = 0.01

Progress = Callable[[str, int, int], None]


def _no_progress(step: str, done: int, total: int) -> None:
    return None


@dataclass(frozen=True)
class RunResult:
    """What a run did: pairs stored (new or updated), stale potential pairs removed."""

    pairs: int
    created: int
    removed: int
    model_version: str


def labels() -> list[tuple[str, str, bool]]:
    """Caseworkers' decisions as (child_id, request_id, is_match) for the linkage engine."""
    rows = CandidateMatch.objects.decided().values_list("case_id", "sought_child_id", "status")
    return [(str(c), str(s), status == CandidateMatch.Status.CONFIRMED) for c, s, status in rows]


def train_model(children: Sequence[Record] | Sequence[Features], sought: Sequence[Record] | Sequence[Features],
                decided: Sequence[tuple[str, str, bool]]
                ) -> Model:
    """Train on the caseload with the caseworkers' decisions as labels.

    Should the engine fail to use the labels, the model is trained without them (and says so
    in its provenance) rather than leaving the caseload unmatched; rejected pairs are still
    left out, by the store's rules.
    """
    try:
        return train(children, sought, decided)
    except Exception:
        if not decided:
            raise
        log.warning("linkage could not use %d labels; training without them", len(decided), exc_info=True)
        model = train(children, sought)
        model.provenance = {**model.provenance, "labels_unused": len(decided)}
        return model


def save_model(model: Model, n_labels: int) -> MatchModel:
    """Keep a trained model so incremental runs score with the same parameters."""
    from homeward.linkage.report import parameter_changes

    # what this run fitted, beside the shipped model, for the reliability page
    provenance = {**model.provenance, "fitted": parameter_changes(Model.default(), model)}
    return MatchModel.objects.create(model_json=model.to_json(), provenance=provenance, labels=n_labels)


def current_model() -> tuple[Model, MatchModel]:
    """The latest saved model; trained on the caseload (and saved) if there is none yet."""
    row = MatchModel.objects.order_by("-id").first()
    if row is not None:
        try:
            return Model.from_json(row.model_json), row
        except ValueError:
            # a model from an older engine version: train a fresh one rather than fail
            pass
    decided = labels()
    model = train_model(case_records(matchable_cases()), sought_records(matchable_sought()), decided)
    return model, save_model(model, len(decided))


def store_pairs(pairs: Sequence[CandidatePair], model_version: str, progress: Progress = _no_progress,
                among: Mapping[str, object] | None = None) -> tuple[int, int]:
    """Keep the run's pairs through the tracing action (see ``actions.store_candidates``)."""
    from homeward.tracing.actions import store_candidates

    return store_candidates(pairs=pairs, model_version=model_version, among=among, progress=progress)


def rematch_all(*, progress: Progress = _no_progress) -> RunResult:
    """Train on the whole caseload with every decision so far, then score every pair again."""
    progress("records", 0, 4)
    # features once: training and linking read the same records
    children = features_of(case_records(matchable_cases()))
    sought = features_of(sought_records(matchable_sought()))
    decided = labels()
    progress("train", 1, 4)
    model = train_model(children, sought, decided)
    row = save_model(model, len(decided))
    progress("link", 2, 4)
    # the labels are already in the model: pass only the rejected pairs, to be left out
    rejected = {(c, s) for c, s, is_match in decided if not is_match}
    pairs = link(children, sought, model=model, threshold=THRESHOLD) if children and sought else []
    pairs = [p for p in pairs if (p.child_id, p.request_id) not in rejected]
    progress("store", 3, 4)
    created, removed = store_pairs(pairs, row.version)
    progress("done", 4, 4)
    return RunResult(pairs=len(pairs), created=created, removed=removed, model_version=row.version)


def rematch_records(*, side: str, ids: Sequence[int], progress: Progress = _no_progress) -> RunResult:
    """Match a few new or edited records against the whole other side with the saved model.

    ``side`` is "children" (``ids`` are case ids) or "requests" (sought child ids). Records
    that no longer exist (or whose request was closed) simply drop out.
    """
    progress("records", 0, 3)
    id_list = sorted({int(i) for i in ids})
    new: list[Record]
    others: list[Record]
    if side == "children":
        new = case_records(matchable_cases().filter(pk__in=id_list))
        others = sought_records(matchable_sought())
        involved = {"case_id__in": [int(r.id) for r in new]}
    elif side == "requests":
        new = sought_records(matchable_sought().filter(pk__in=id_list))
        others = case_records(matchable_cases())
        involved = {"sought_child_id__in": [int(r.id) for r in new]}
    else:
        raise ValueError(f"side must be 'children' or 'requests', not {side!r}")
    model, row = current_model()
    progress("link", 1, 3)
    pairs: list[CandidatePair] = []
    if new and others:
        pairs = link_incremental(new, others, model, new_side=side,  # type: ignore[arg-type]
                                 labels=labels(), threshold=THRESHOLD)
    progress("store", 2, 3)
    created, removed = store_pairs(pairs, row.version, among=involved)
    progress("done", 3, 3)
    return RunResult(pairs=len(pairs), created=created, removed=removed, model_version=row.version)
