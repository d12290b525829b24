"""The claimed pedigree built from relations to the child (pure: no database)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from homeward.kinship.drawing import generations, layout
from homeward.kinship.pedigrees import (
    CHILD,
    RELATION_SEX,
    PedigreeBuildError,
    Reference,
    build_claimed_pedigree,
)


def test_grandmother_uncle_and_aunt_hang_under_the_untyped_paternal_grandparents() -> None:
    ped = build_claimed_pedigree(1, [Reference("gm", "grandmother"), Reference("u", "uncle"), Reference("a", "aunt")])
    n = ped.nodes
    assert (n[CHILD].father, n[CHILD].mother) == ("father", "mother")
    assert n["father"].ref is None and (n["father"].father, n["father"].mother) == ("pat_gf", "pat_gm")
    assert n["pat_gm"].ref == "gm"
    uncle = n[ped.node_of["u"]]
    aunt = n[ped.node_of["a"]]
    assert (uncle.father, uncle.mother, uncle.sex) == ("pat_gf", "pat_gm", 1)
    assert (aunt.father, aunt.mother, aunt.sex) == ("pat_gf", "pat_gm", 2)


def test_the_maternal_side_hangs_under_the_mother() -> None:
    ped = build_claimed_pedigree(2, [Reference("gm", "grandmother", side="maternal"), Reference("m", "mother")])
    n = ped.nodes
    assert n["mother"].ref == "m" and (n["mother"].father, n["mother"].mother) == ("mat_gf", "mat_gm")
    assert n["mat_gm"].ref == "gm" and n["father"].father is None


def test_half_siblings_share_only_the_parent_on_their_side() -> None:
    ped = build_claimed_pedigree(1, [Reference("hb", "half_brother"), Reference("hs", "half_sister", side="maternal")])
    hb, hs = ped.nodes[ped.node_of["hb"]], ped.nodes[ped.node_of["hs"]]
    assert hb.father == "father" and hb.mother not in ("mother", None)
    assert hs.mother == "mother" and hs.father not in ("father", None)


def test_a_cousin_descends_from_an_untyped_aunt_or_uncle() -> None:
    ped = build_claimed_pedigree(1, [Reference("c", "cousin", sex=2)])
    cousin = ped.nodes[ped.node_of["c"]]
    link = ped.nodes[cousin.father]
    assert cousin.sex == 2 and (link.father, link.mother) == ("pat_gf", "pat_gm") and link.ref is None


def test_h2_cuts_only_the_child_from_the_family() -> None:
    ped = build_claimed_pedigree(1, [Reference("gm", "grandmother"), Reference("u", "uncle")])
    genotypes = {"child": {"vWA": "17/18"}, "gm": {"vWA": "17/17"}, "u": {"vWA": "15/17"}}
    h1, h2 = ped.hypotheses(genotypes)
    assert h1.persons[CHILD].father == "father" and h2.persons[CHILD].father is None
    assert h2.persons[ped.node_of["u"]].mother == "pat_gm"
    assert h1.typed("vWA") == h2.typed("vWA")


@pytest.mark.parametrize(
    ("refs", "message"),
    [
        ([Reference("a", "grandmother"), Reference("b", "grandmother")], "both given as the child's paternal grandmother"),
        ([Reference("a", "mother"), Reference("b", "mother")], "both given as the child's mother"),
        ([Reference("a", "other")], "cannot be tested"),
        ([Reference("a", "aunt", side="sideways")], "maternal or paternal"),
        ([], "at least one"),
    ],
)
def test_impossible_claims_are_refused_with_a_reason(refs: list[Reference], message: str) -> None:
    with pytest.raises(PedigreeBuildError, match=message):
        build_claimed_pedigree(1, refs)


relations = st.sampled_from(sorted(RELATION_SEX))
sides = st.sampled_from(["", "maternal", "paternal"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(relations, sides), min_size=1, max_size=6))
def test_any_set_of_relatives_gives_a_valid_connected_pedigree_or_a_clear_refusal(claims: list[tuple[str, str]]) -> None:
    refs = [Reference(f"r{i}", rel, side, sex=1) for i, (rel, side) in enumerate(claims)]
    try:
        ped = build_claimed_pedigree(1, refs)
    except PedigreeBuildError as exc:
        assert "both given" in str(exc)
        return
    h1, h2 = ped.hypotheses({k: {"vWA": "17/18"} for k in ped.node_of})
    assert len(h1.components()) == 1
    rows = generations(ped.as_list())
    assert rows[CHILD] >= 1
    drawing = layout(ped.as_list(), {})
    assert len(drawing.shapes) == len(ped.nodes)
    assert len({(s.x, s.y) for s in drawing.shapes}) == len(drawing.shapes)
