from __future__ import annotations

import math

import pytest

from homeward.linkage import CandidatePair, Model, Record, link, link_incremental, train
from homeward.linkage.engine import prior_weight
from homeward.linkage.spec import FIELDS


def test_tiny_caseload_links_across_scripts_with_default_parameters(
    khasanov: tuple[Record, Record, Record],
) -> None:
    child, sought, namesake = khasanov
    pairs = link([child], [sought, namesake])
    best = pairs[0]
    assert (best.child_id, best.request_id) == ("c1", "r1")
    assert best.match_probability >= 0.5
    others = [p for p in pairs if p.request_id == "r2"]
    assert all(p.match_probability < best.match_probability for p in others)


def test_contributions_and_prior_add_up_to_the_match_weight(
    khasanov: tuple[Record, Record, Record],
) -> None:
    child, sought, namesake = khasanov
    model = Model.default()
    pairs = link([child], [sought, namesake], model=model, threshold=0.0)
    assert pairs
    for p in pairs:
        assert list(p.contributions) == ["prior", *FIELDS, "family", "siblings", "competition"]
        assert set(p.explanations) == set(FIELDS)
        assert p.contributions["prior"] == pytest.approx(prior_weight(model, 1, 2))
        assert sum(p.contributions.values()) == pytest.approx(p.match_weight, abs=1e-6)
        assert p.match_probability == pytest.approx(1 / (1 + 2**-p.match_weight), rel=1e-6)
    best = pairs[0]
    assert best.explanations["mother"] != "missing"
    assert best.explanations["father"] == "same canonical form"  # patronymic vs Arabic chain


def test_true_pairs_outrank_false_ones_in_a_synthetic_caseload(
    caseload: tuple[list[Record], list[Record], set[tuple[str, str]]],
) -> None:
    children, requests, truth = caseload
    model = train(children, requests)
    assert model.provenance["source"] == "trained"
    pairs = link(children, requests, model=model)
    best: dict[str, CandidatePair] = {}
    for p in pairs:
        if p.child_id not in best or p.match_probability > best[p.child_id].match_probability:
            best[p.child_id] = p
    sought = {c for c, _ in truth}
    right = sum(1 for c, r in truth if c in best and best[c].request_id == r)
    assert right / len(sought) >= 0.8
    matched = {(p.child_id, p.request_id) for p in pairs if p.match_probability >= 0.5}
    precision = len(matched & truth) / max(1, len(matched))
    recall = len(matched & truth) / len(truth)
    assert precision >= 0.8 and recall >= 0.6


def test_labels_change_the_model(khasanov: tuple[Record, Record, Record]) -> None:
    child, sought, namesake = khasanov
    plain = train([child], [sought, namesake])
    labelled = train([child], [sought, namesake], labels=[("c1", "r1", True), ("c1", "r2", False)])
    assert labelled.provenance["confirmed_pairs"] == 1
    assert labelled.provenance["rejected_pairs"] == 1
    # the confirmed pair agreed on the mother's name: its m goes up, disagreement's down
    assert labelled.levels["mother"][0].m > plain.levels["mother"][0].m
    assert labelled.levels["mother"][-1].m < plain.levels["mother"][-1].m


def test_rejected_pairs_count_as_non_matches_in_em(
    caseload: tuple[list[Record], list[Record], set[tuple[str, str]]],
) -> None:
    children, requests, truth = caseload
    plain = train(children, requests)
    pairs = link(children, requests, model=plain)
    sure = [(p.child_id, p.request_id) for p in pairs if p.match_probability >= 0.8]
    labels = [(c, r, False) for c, r in sure[:10]]
    labelled = train(children, requests, labels=labels)
    # rejected pairs enter EM as certain non-matches: ten fewer expected matches, and
    # with them the match rate and the weights of what those pairs agreed on fall
    drop = (
        plain.provenance["expected_matches_in_sample"]
        - labelled.provenance["expected_matches_in_sample"]
    )
    assert 8 <= drop <= 30
    assert labelled.provenance["rejected_pairs"] == 10


def test_rejected_pair_never_comes_back(khasanov: tuple[Record, Record, Record]) -> None:
    child, sought, namesake = khasanov
    pairs = link([child], [sought, namesake], labels=[("c1", "r1", False)], threshold=0.0)
    assert ("c1", "r1") not in {(p.child_id, p.request_id) for p in pairs}


def test_incremental_linking_finds_the_new_pair(
    caseload: tuple[list[Record], list[Record], set[tuple[str, str]]],
    khasanov: tuple[Record, Record, Record],
) -> None:
    _, requests, _ = caseload
    child, sought, _ = khasanov
    model = Model.from_json(Model.default().to_json())
    pairs = link_incremental([child], [*requests, sought], model)
    assert pairs and (pairs[0].child_id, pairs[0].request_id) == ("c1", "r1")
    assert pairs[0].match_probability >= 0.5
    # and a new request finds its child the same way
    back = link_incremental([sought], [child], model, new_side="requests")
    assert [(p.child_id, p.request_id) for p in back] == [("c1", "r1")]


def test_no_records_give_no_pairs() -> None:
    assert link([], []) == []
    assert link([Record("c", ["Ali"])], []) == []


def test_threshold_drops_weak_pairs(khasanov: tuple[Record, Record, Record]) -> None:
    child, sought, namesake = khasanov
    everything = link([child], [sought, namesake], threshold=0.0)
    strong = link([child], [sought, namesake], threshold=0.5)
    assert all(p.match_probability >= 0.5 for p in strong)
    assert len(strong) <= len(everything)
    assert all(math.isfinite(p.match_weight) for p in everything)
