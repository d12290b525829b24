"""Blind search: exact with theta on each family's own alleles, ranked per family and per person."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from homeward.kinship.engine import (
    GLOBALFILER,
    Pedigree,
    Person,
    Reference,
    blind_search,
    gene_drop,
    identify_lr,
    random_profile,
    shipped_database,
    write_ped,
)
from homeward.kinship.engine.cli import main

FAST = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MARKERS = list(GLOBALFILER)[:4]

_PEOPLE = [
    Person("gf", sex=1), Person("gm", sex=2), Person("fa", "gf", "gm", 1),
    Person("uncle", "gf", "gm", 1), Person("aunt", "gf", "gm", 2),
    Person("mo", sex=2), Person("child", "fa", "mo", 1),
    Person("fa_ex", sex=2), Person("halfsib", "fa", "fa_ex", 2),
]  # fmt: skip
RELATIVES = ["gf", "gm", "uncle", "aunt", "mo", "halfsib"]


def _families(
    seed: int, typed: list[list[str]], n_strangers: int = 2, markers: list[str] = MARKERS
) -> tuple[dict[str, dict[str, tuple[str, str]]], list[Reference]]:
    db = shipped_database("west-asia")
    rng = np.random.default_rng(seed)
    base = Pedigree(_PEOPLE)
    pois: dict[str, dict[str, tuple[str, str]]] = {}
    refs = []
    for i, who in enumerate(typed):
        sim = gene_drop(base, db, markers, rng)
        ped = base.copy(name=f"F{i}")
        for pid in who:
            for m, g in sim[pid].items():
                ped.set_genotype(pid, m, g)
        refs.append(Reference(ped, "child"))
        pois[f"C{i}"] = sim["child"]
    for j in range(n_strangers):
        pois[f"U{j}"] = random_profile(db, markers, rng)
    return pois, refs


@FAST
@given(
    st.integers(0, 10_000),
    st.lists(st.lists(st.sampled_from(RELATIVES), min_size=1, max_size=3, unique=True),
             min_size=1, max_size=3),
    st.sampled_from([0.0, 0.01, 0.05]),
)  # fmt: skip
def test_search_on_each_familys_own_alleles_equals_identifying_each_pair(
    seed: int, typed: list[list[str]], theta: float
) -> None:
    db = shipped_database("west-asia")
    pois, refs = _families(seed, typed)
    result = blind_search(pois, refs, db, markers=MARKERS, theta=theta)
    for i, poi in enumerate(result.pois):
        for j, ref in enumerate(refs):
            exact = identify_lr(ref.pedigree, "child", pois[poi], db, theta=theta)
            assert result.log10_lr[i, j] == pytest.approx(exact.log10_lr, abs=1e-9)


def test_a_missing_child_of_related_parents_is_still_exact_with_theta() -> None:
    db = shipped_database("west-asia")
    rng = np.random.default_rng(3)
    people = [
        Person("gf", sex=1), Person("m1", sex=2), Person("m2", sex=2),
        Person("fa", "gf", "m1", 1), Person("mo", "gf", "m2", 2), Person("child", "fa", "mo", 1),
    ]  # fmt: skip
    base = Pedigree(people, name="half-sib parents")
    sim = gene_drop(base, db, MARKERS, rng)
    ped = base.copy()
    for pid in ("m1", "mo"):
        for m, g in sim[pid].items():
            ped.set_genotype(pid, m, g)
    pois = {"child": sim["child"], "other": random_profile(db, MARKERS, rng)}
    result = blind_search(pois, [Reference(ped, "child")], db, markers=MARKERS, theta=0.03)
    for i, poi in enumerate(result.pois):
        exact = identify_lr(ped, "child", pois[poi], db, theta=0.03)
        assert result.log10_lr[i, 0] == pytest.approx(exact.log10_lr, abs=1e-9)


def test_posterior_is_lr_times_prior_odds() -> None:
    db = shipped_database("west-asia")
    pois, refs = _families(1, [["gm", "aunt"], ["uncle"]])
    result = blind_search(pois, refs, db, markers=MARKERS)
    lr = 10.0 ** result.log10_lr
    for prior in (0.5, 0.01):
        odds = lr * prior / (1 - prior)
        assert np.allclose(result.posterior(prior), odds / (1 + odds))
    assert np.allclose(result.posterior(), result.posterior(0.5))  # two families: 1/2


def _write_case(tmp_path: Path, pois: dict[str, dict[str, tuple[str, str]]],
                refs: list[Reference], markers: list[str]) -> str:  # fmt: skip
    singles = [Pedigree([Person(p)], {p: prof}, name=p) for p, prof in pois.items()]
    path = tmp_path / "dvi.ped"
    path.write_text(write_ped([r.pedigree for r in refs] + singles, markers))
    return str(path)


def test_per_family_1_names_the_exact_references_best_child(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = shipped_database("west-asia")
    typed = [["gm"], ["uncle"], ["gm", "uncle"], ["gf", "gm"], ["halfsib"], ["gm", "aunt"]] * 2
    markers = list(GLOBALFILER)[:10]
    pois, refs = _families(7, typed, n_strangers=8, markers=markers)
    ped = _write_case(tmp_path, pois, refs, markers)
    out = tmp_path / "best.tsv"
    args = ["search", "--ped", ped, "--freq-db", "west-asia", "--theta", "0.01"]
    assert main([*args, "--per-family", "1", "--out", str(out)]) == 0
    lines = out.read_text().strip().splitlines()
    header = lines[0].split("\t")
    assert header[:4] == ["family", "missing", "rank", "poi"]
    best = {row[0]: row for row in (ln.split("\t") for ln in lines[1:])}
    assert len(best) == len(refs)
    for ref in refs:
        # The exact reference: every child identified against the family one by one.
        lrs = {p: identify_lr(ref.pedigree, "child", prof, db, theta=0.01).log10_lr
               for p, prof in pois.items()}  # fmt: skip
        top = max(lrs.values())
        if top == -np.inf:
            continue
        named = best[ref.family][3]
        assert lrs[named] == pytest.approx(top, abs=1e-9)
        row = dict(zip(header, best[ref.family], strict=True))
        assert float(row["log10_LR"]) == pytest.approx(top, abs=1e-6)
        assert int(row["markers"]) == len(markers)


def test_per_person_writes_parquet_with_ranks(tmp_path: Path) -> None:
    pois, refs = _families(2, [["gm"], ["uncle", "aunt"], ["mo"]], n_strangers=1)
    ped = _write_case(tmp_path, pois, refs, MARKERS)
    out = tmp_path / "ranked.parquet"
    assert main(["search", "--ped", ped, "--per-person", "2", "--prior", "0.1",
                 "--format", "parquet", "--out", str(out)]) == 0  # fmt: skip
    table = pq.read_table(out).to_pydict()
    assert len(table["poi"]) == 2 * len(pois)
    assert table["rank"][:2] == [1, 2]
    assert table["poi"][0] == table["poi"][1]
    assert table["log10_LR"][0] >= table["log10_LR"][1]
    assert all(0 <= p <= 1 for p in table["posterior"])


def test_parquet_without_out_and_bad_prior_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pois, refs = _families(2, [["gm"]], n_strangers=1)
    ped = _write_case(tmp_path, pois, refs, MARKERS)
    assert main(["search", "--ped", ped, "--format", "parquet"]) == 2
    assert "--out" in capsys.readouterr().err
    assert main(["search", "--ped", ped, "--prior", "1.5"]) == 2
    assert "--prior" in capsys.readouterr().err
