"""Blind search: agrees with one-by-one identification, ranks true families first, counts exclusions."""

from __future__ import annotations

import numpy as np
import pytest

from homeward.kinship.engine import (
    GLOBALFILER,
    MutationModel,
    Pedigree,
    Person,
    Reference,
    blind_search,
    default_missing,
    gene_drop,
    identify_lr,
    random_profile,
    shipped_database,
)


def _family(name: str) -> Pedigree:
    people = [
        Person("gf", sex=1), Person("gm", sex=2), Person("fa", "gf", "gm", 1), Person("aunt", "gf", "gm", 2),
        Person("mo", sex=2), Person("child", "fa", "mo", 1),
    ]  # fmt: skip
    return Pedigree(people, name=name)


def _cases(n: int, seed: int) -> tuple[dict[str, dict[str, tuple[str, str]]], list[Reference]]:
    db = shipped_database("west-asia")
    rng = np.random.default_rng(seed)
    pois: dict[str, dict[str, tuple[str, str]]] = {}
    refs = []
    for i in range(n):
        ped = _family(f"F{i}")
        sim = gene_drop(ped, db, GLOBALFILER, rng)
        for pid in ("gm", "aunt"):
            for m, g in sim[pid].items():
                ped.set_genotype(pid, m, g)
        refs.append(Reference(ped, "child"))
        pois[f"child{i}"] = sim["child"]
    pois["stranger"] = random_profile(db, GLOBALFILER, rng)
    return pois, refs


def test_search_gives_the_same_lr_as_identifying_each_pair() -> None:
    db = shipped_database("west-asia")
    pois, refs = _cases(4, seed=11)
    mut = MutationModel.of("stepwise", 0.002)
    result = blind_search(pois, refs, db, mutation=mut)
    for i, poi in enumerate(result.pois):
        for j in (0, 3):
            exact = identify_lr(refs[j].pedigree, "child", pois[poi], db, mutation=mut)
            assert result.log10_lr[i, j] == pytest.approx(exact.log10_lr, abs=1e-9)


def test_true_family_is_ranked_first_for_most_simulated_children() -> None:
    db = shipped_database("west-asia")
    pois, refs = _cases(20, seed=5)
    result = blind_search(pois, refs, db)
    firsts = sum(result.rank_of(i, i) == 1 for i in range(20))
    assert firsts >= 16
    best = result.top(1)
    assert best[0].poi == "child0" and best[0].lr > 1


def test_exclusions_count_markers_where_the_child_cannot_belong() -> None:
    db = shipped_database("west-asia")
    ped = Pedigree(
        [Person("fa", sex=1), Person("mo", sex=2), Person("ch", "fa", "mo")],
        {"fa": {"TH01": "6/6", "vWA": "17/17"}, "mo": {"TH01": "7/7", "vWA": "18/18"}},
        name="trio",
    )
    result = blind_search({"x": {"TH01": "6/7", "vWA": "15/16"}}, [Reference(ped, "ch")], db)
    row = result.rows()[0]
    assert row.exclusions == 1
    assert row.lr == 0.0


def test_default_missing_members_are_untyped_leaves_with_parents() -> None:
    ped = _family("F")
    ped.set_genotype("gm", "TH01", "6/7")
    assert default_missing(ped) == ["aunt", "child"]


def test_gene_dropping_passes_an_allele_from_parent_to_child_unless_it_mutates() -> None:
    db = shipped_database("west-asia")
    rng = np.random.default_rng(7)
    ped = Pedigree([Person("fa", sex=1), Person("mo", sex=2), Person("ch", "fa", "mo")])
    markers = ["TH01", "FGA", "vWA"]
    for _ in range(50):
        sim = gene_drop(ped, db, markers, rng)
        for m in markers:
            assert set(sim["fa"][m]) & set(sim["ch"][m])
    mutated = 0
    for _ in range(200):
        sim = gene_drop(ped, db, ["TH01"], rng, mutation=MutationModel.of("equal", 0.5))
        mutated += not (set(sim["fa"]["TH01"]) & set(sim["ch"]["TH01"]))
    assert mutated > 0
