"""Competing hypotheses in a kinship test: the uncle as the uncle or as the father, and unrelated."""

from __future__ import annotations

import math
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from homeward.errors import ActionError
from homeward.kinship import actions
from homeward.kinship.engine import Pedigree, Person, compare_hypotheses, shipped_database


def _run(fam: dict[str, Any], **kwargs: Any) -> Any:
    links = [fam["links"][n] for n in ("grandmother", "uncle", "aunt")]
    return actions.run_kinship_test(
        actor=None, case=fam["case"], links=links, theta=0.0, mutation_model="", mutation_rate=0.0,
        alternatives=[("the uncle is the father", {fam["links"]["uncle"].pk: "father"})], **kwargs)


def test_each_hypothesis_gets_its_likelihood_lr_and_posterior(profiled_family: dict[str, Any]) -> None:
    fam = profiled_family
    test = _run(fam, priors=[0.45, 0.45, 0.1])
    assert test.status == "done", test.error
    labels = [r["label"] for r in test.hypothesis_results]
    assert labels == ["H1: as claimed", "the uncle is the father", "unrelated"]
    claimed, father, unrelated = test.hypothesis_results
    # H1 against unrelated is the test's own LR.
    assert claimed["log10_lr"] == pytest.approx(test.log10_lr, abs=1e-9)
    assert unrelated["log10_lr"] == pytest.approx(0.0)
    # The alternative, computed directly with the engine on a pedigree built here.
    g = fam["genotypes"]
    typed = {k: {m: "/".join(v) for m, v in g[k].items()} for k in ("child", "grandmother", "uncle", "aunt")}
    base = [Person("gf", sex=1), Person("grandmother", sex=2), Person("aunt", "gf", "grandmother", 2),
            Person("mother", sex=2)]
    as_father = Pedigree([*base, Person("uncle", "gf", "grandmother", 1), Person("child", "uncle", "mother", 1)],
                         typed)
    as_uncle = Pedigree([*base, Person("uncle", "gf", "grandmother", 1), Person("fa", "gf", "grandmother", 1),
                         Person("child", "fa", "mother", 1)], typed)
    apart = Pedigree([*base, Person("uncle", "gf", "grandmother", 1), Person("child", sex=1)], typed)
    direct = compare_hypotheses([("u", as_uncle), ("f", as_father), ("x", apart)], shipped_database("west-asia"),
                                priors=[0.45, 0.45, 0.1])
    assert claimed["log10_likelihood"] == pytest.approx(direct.log10_likelihoods[0], abs=1e-9)
    assert father["log10_likelihood"] == pytest.approx(direct.log10_likelihoods[1], abs=1e-9) or \
        (father["log10_likelihood"] is None and math.isinf(direct.log10_likelihoods[1]))
    assert [r["posterior"] for r in test.hypothesis_results] == pytest.approx(direct.posteriors)
    assert sum(r["posterior"] for r in test.hypothesis_results) == pytest.approx(1.0)
    # The simulated uncle is truly the uncle: the claimed pedigree wins.
    assert claimed["posterior"] > 0.99


def test_bad_alternatives_are_refused(profiled_family: dict[str, Any]) -> None:
    fam = profiled_family
    with pytest.raises(ActionError, match="one positive prior per hypothesis"):
        _run(fam, priors=[0.5, 0.5])
    with pytest.raises(ActionError, match="Unknown relation"):
        actions.run_kinship_test(actor=None, case=fam["case"], links=[fam["links"]["uncle"]],
                                 alternatives=[("x", {fam["links"]["uncle"].pk: "neighbour"})])


def test_the_page_shows_each_hypothesis_and_its_pedigree(
    client: Client, geneticist: Any, profiled_family: dict[str, Any],
) -> None:
    fam = profiled_family
    client.force_login(geneticist)
    uncle = fam["links"]["uncle"].pk
    links = [fam["links"][n].pk for n in ("grandmother", "uncle", "aunt")]
    response = client.post(reverse("kinship:test-new", args=[fam["case"].pk]), {
        "links": links, "freq_db": "west-asia", "theta": "0.01", "mutation_model": "proportional",
        "mutation_rate": "0.001", "prior": "0.5", "alt_link": str(uncle), "alt_relation": "father",
        "alt_label": "the alleged father is the paternal uncle"})
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(response["Location"]).content.decode()
    section = page[page.index('id="hypotheses"'):]
    for label in ("H1: as claimed", "the alleged father is the paternal uncle", "unrelated"):
        assert label in section
    assert section.count("<svg") >= 3
