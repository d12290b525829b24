"""The second benchmark caseload and the benchmark's figures, without the shared data."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.caseload_b import build_caseload_b
from benchmarks.caseload_b_lexicon import cyrillic_patronymic, mishear, phonemes, spell
from benchmarks.linkage_metrics import (
    at_threshold,
    best_threshold,
    blocking_recall,
    brier,
    reliability,
)


def test_caseload_b_builds_from_its_own_lexicon_when_no_data_folder_is_given() -> None:
    case = build_caseload_b(400, 400, seed=3)
    assert len(case.children) == 400 and len(case.requests) == 400
    child_ids = {c.id for c in case.children}
    request_ids = {r.id for r in case.requests}
    assert case.truth and all(c in child_ids and r in request_ids for c, r in case.truth)
    assert len({c.id for c in case.children}) == 400


def test_caseload_b_is_the_same_for_the_same_seed() -> None:
    a = build_caseload_b(200, 200, seed=5)
    b = build_caseload_b(200, 200, seed=5)
    assert a.children == b.children and a.truth == b.truth


def test_caseload_b_has_kunyas_nasab_chains_and_missing_mothers() -> None:
    case = build_caseload_b(1500, 1500, seed=11)
    mothers = [m for c in case.children for m in c.mother_names]
    fathers = [f for c in case.children for f in c.father_names]
    names = [n for c in case.children for n in c.names]
    assert any(m.startswith(("Umm ", "Um ", "Oum ", "أم ")) for m in mothers)
    assert any(f.startswith(("Abu ", "أبو ")) for f in fathers)
    assert any(" بن " in n for n in names)
    without_mother = sum(1 for c in case.children if not c.mother_names)
    assert without_mother / len(case.children) > 0.3


def test_patronymics_follow_the_fathers_name() -> None:
    assert cyrillic_patronymic("Мухаммад", "M") == "Мухаммадович"
    assert cyrillic_patronymic("Муса", "F") == "Мусаевна"
    assert cyrillic_patronymic("Шамиль", "F") == "Шамилевна"


@given(st.sampled_from(["mukhammad", "khadizha", "dzhabrail", "zelimkhan"]), st.integers(0, 99))
def test_a_name_heard_without_mishearing_keeps_its_sounds(spoken: str, seed: int) -> None:
    import random

    rng = random.Random(seed)
    assert mishear(spoken, rng, 0.0) == "".join(phonemes(spoken))
    assert spell(spoken, "passport", rng).lower().replace("-", "") != ""


pairs = st.tuples(st.sampled_from("abcdef"), st.sampled_from("uvwxyz"))


@settings(max_examples=60)
@given(st.dictionaries(pairs, st.floats(0, 1)), st.sets(pairs))
def test_the_best_threshold_is_never_worse_than_one_half(probs, truth) -> None:  # type: ignore[no-untyped-def]
    _, f_best = best_threshold(probs, truth)
    assert f_best + 1e-12 >= at_threshold(probs, truth, 0.5)[2]
    assert 0.0 <= brier(probs, truth) <= 1.0
    table = reliability(probs, truth)
    assert sum(b.pairs for b in table) == len(set(probs) | truth)
    assert 0.0 <= blocking_recall(probs.keys(), truth) <= 1.0


def test_perfect_probabilities_score_zero_brier_and_full_recall() -> None:
    truth = {("a", "x"), ("b", "y")}
    probs = {("a", "x"): 1.0, ("b", "y"): 1.0, ("a", "y"): 0.0}
    assert brier(probs, truth) == 0.0
    assert at_threshold(probs, truth, 0.5) == (1.0, 1.0, 1.0)
