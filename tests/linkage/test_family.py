from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from homeward.linkage import Model, Record, link
from homeward.linkage.features import record_features


def test_mothers_patronymic_gives_her_fathers_given_name() -> None:
    for mother in ("Исаева Патимат Мурадовна", "Isaeva Patimat Muradovna"):
        f = record_features(Record("c", ["Ali"], mother_names=[mother]))
        assert f.mother_father_canon == "murad"
        assert f.mother_canon == "patimat"


def _found(mother: str, year: int | None) -> Record:
    return Record(
        "c1",
        ["Ali Isaev"],
        "M",
        birth_year_min=2012,
        birth_year_max=2014,
        mother_names=[mother],
        mother_birth_year=year,
    )


SOUGHT = Record(
    "r1",
    ["Исаев Али Магомедович"],
    "M",
    "2013-05-02",
    mother_names=["Гасанова Патимат Мурадовна"],
    father_names=["Исаев Магомед"],
    mother_birth_year=1988,
)


def test_the_mothers_father_and_birth_year_count_for_and_against() -> None:
    model = Model.default()
    same = link([_found("Gasanova Patimat Muradovna", 1988)], [SOUGHT], model=model, threshold=0)
    other = link([_found("Gasanova Patimat Ibragimovna", 1975)], [SOUGHT], model=model, threshold=0)
    assert same[0].contributions["mother_father"] > 0 > other[0].contributions["mother_father"]
    assert same[0].contributions["mother_birth"] > 0 > other[0].contributions["mother_birth"]
    assert same[0].match_probability > other[0].match_probability


def _family(side: str, group: str | None) -> list[Record]:
    mother = ["Gasanova Patimat Muradovna"] if side == "c" else ["Гасанова Патимат Мурадовна"]
    names = {"c": ["Ali Isaev", "Umar Isaev"], "r": ["Исаев Али", "Исаев Умар"]}[side]
    return [
        Record(
            f"{side}{i}",
            [n],
            "M",
            birth_year_min=y - (side == "c"),
            birth_year_max=y + (side == "c"),
            mother_names=mother,
            family=group,
        )
        for i, (n, y) in enumerate(zip(names, (2012, 2013), strict=True))
    ]


def test_a_child_is_at_most_one_of_the_siblings_one_request_names() -> None:
    model = Model.default()
    found = _family("c", None)[:1]
    apart = link(found, _family("r", None), model=model, threshold=0)
    together = link(found, _family("r", "Q1"), model=model, threshold=0)
    p_apart = {p.request_id: p.match_probability for p in apart}
    p_together = {p.request_id: p.match_probability for p in together}
    assert p_together["r1"] < p_apart["r1"]
    assert max(p_together.values()) == p_together["r0"]


def test_a_sibling_found_together_lends_its_family_link_to_the_other() -> None:
    model = Model.default()
    found = _family("c", "F1")
    # the second child is known abroad by a given name and an age only
    found[1] = Record("c1", ["Umar"], "M", birth_year_min=2013, birth_year_max=2013, family="F1")
    sought = _family("r", "Q1")
    pairs = {(p.child_id, p.request_id): p for p in link(found, sought, model=model, threshold=0)}
    assert pairs[("c0", "r0")].match_probability >= 0.5
    # the better described pair is not lowered by its sibling's link (it may be raised:
    # once neither record's missing father counts against it, c1 links on its own too)
    assert pairs[("c0", "r0")].contributions["siblings"] >= 0
    assert pairs[("c1", "r1")].contributions["siblings"] > 0


def test_a_sibling_blocking_missed_is_scored_once_its_family_is_linked() -> None:
    model = Model.default()
    found = _family("c", "F1")
    # misheard beyond any shared key, and nothing else recorded
    found[1] = Record("c1", ["Bektur"], "M", birth_year_min=2013, birth_year_max=2013, family="F1")
    sought = _family("r", "Q1")
    apart = link(found, _family("r", None), model=model, threshold=0)
    assert ("c1", "r1") not in {(p.child_id, p.request_id) for p in apart}
    pairs = {(p.child_id, p.request_id): p for p in link(found, sought, model=model, threshold=0)}
    assert ("c1", "r1") in pairs


@settings(max_examples=15, deadline=None)
@given(
    st.lists(st.sampled_from(["F1", "F2", None]), min_size=2, max_size=2),
    st.lists(st.sampled_from(["Q1", "Q2", None]), min_size=2, max_size=2),
)
def test_with_any_sibling_groups_the_waterfall_still_adds_up(
    found_groups: list[str | None], sought_groups: list[str | None]
) -> None:
    found = [replace(r, family=g) for r, g in zip(_family("c", None), found_groups, strict=True)]
    sought = [replace(r, family=g) for r, g in zip(_family("r", None), sought_groups, strict=True)]
    for p in link(found, sought, model=Model.default(), threshold=0):
        assert sum(p.contributions.values()) == pytest.approx(p.match_weight, abs=1e-6)
        assert 0 <= p.match_probability <= 1
