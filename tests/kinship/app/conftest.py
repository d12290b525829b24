"""Fixtures of the kinship app tests: users of each role, a child's family, samples at the lab,
and genotypes simulated by gene dropping so that relatives are truly related."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from django.utils import timezone


@pytest.fixture
def geneticist(make_user: Callable[..., Any]) -> Any:
    return make_user("gena", "lab", "geneticist")


@pytest.fixture
def caseworker(make_user: Callable[..., Any]) -> Any:
    return make_user("carla", "national", "caseworker")


@pytest.fixture
def lab(agencies: dict[str, Any]) -> Any:
    return agencies["lab"]


def _relative(child: Any, relation: str, name: str, sex: str, *, side: str = "paternal",
              deceased: bool = False) -> Any:
    from homeward.people.actions import NameInput, create_person, link_family

    kind = {"father": "father", "mother": "mother"}.get(relation, "relative")
    person = create_person(actor=None, kind=kind, names=[NameInput(name, script="Cyrl")], sex=sex,
                           is_deceased=deceased)
    return link_family(actor=None, person=child, relative=person, relation=relation, side=side)


@pytest.fixture
def family(make_case: Callable[..., Any]) -> dict[str, Any]:
    """A child in Iraq whose father is dead; at home a paternal grandmother, an uncle and an aunt."""
    case = make_case(region="CE")
    child = case.child
    links = {
        "father": _relative(child, "father", "Хасанов Руслан", "M", deceased=True),
        "grandmother": _relative(child, "grandmother", "Хасанова Зарема", "F"),
        "uncle": _relative(child, "uncle", "Хасанов Ислам", "M"),
        "aunt": _relative(child, "aunt", "Хасанова Мадина", "F"),
    }
    return {"case": case, "child": child, "links": links}


def _bring_to_lab(sample: Any, lab: Any, *, actor: Any = None, seal_number: str | None = None) -> Any:
    """Collect, seal, hand over and receive a sample (seal intact)."""
    from homeward.kinship import actions

    start = sample.requested_at
    number = seal_number or f"SEAL-{sample.pk:05d}"
    actions.record_collection(actor=actor, sample=sample, collected_by="Dr Aliyeva, regional office",
                              collected_at=start + dt.timedelta(days=1), office=sample.case.owner)
    actions.seal(actor=actor, sample=sample, seal_number=number, sealed_at=start + dt.timedelta(days=1, hours=1))
    actions.transfer(actor=actor, sample=sample, from_party="Dr Aliyeva", to_party="courier K.",
                     place="Grozny", occurred_at=start + dt.timedelta(days=2))
    actions.receive_at_lab(actor=actor, sample=sample, lab=lab, seal_number_seen=number,
                           received_at=start + dt.timedelta(days=3))
    sample.refresh_from_db()
    return sample


def _panel() -> list[str]:
    """Every marker of the West Asia table: the extended panel labs type for second-degree relatives."""
    from homeward.kinship.engine import shipped_database

    return shipped_database("west-asia").names()


def _true_family_genotypes(seed: int) -> dict[str, dict[str, tuple[str, str]]]:
    """Gene dropping through grandparents -> father, uncle, aunt; father + mother -> child."""
    from homeward.kinship.engine import Pedigree, Person, gene_drop, shipped_database

    db = shipped_database("west-asia")
    ped = Pedigree([
        Person("gf", sex=1), Person("grandmother", sex=2), Person("father", "gf", "grandmother", 1),
        Person("uncle", "gf", "grandmother", 1), Person("aunt", "gf", "grandmother", 2), Person("mother", sex=2),
        Person("child", "father", "mother", 1),
    ])
    return gene_drop(ped, db, _panel(), np.random.default_rng(seed))


def _unrelated_genotypes(seed: int) -> dict[str, tuple[str, str]]:
    from homeward.kinship.engine import random_profile, shipped_database

    return random_profile(shipped_database("west-asia"), _panel(), np.random.default_rng(seed))


def _results_csv(rows: dict[str, dict[str, tuple[str, str]]]) -> bytes:
    """A GeneMapper-like long CSV of sample id -> marker -> genotype."""
    lines = ["sample_id,marker,allele1,allele2"]
    for code, genotypes in rows.items():
        for marker, (a, b) in genotypes.items():
            lines.append(f"{code},{marker},{a},{b}")
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def profiled_family(family: dict[str, Any], lab: Any) -> dict[str, Any]:
    """The family with samples at the lab and simulated profiles of child, grandmother, uncle, aunt."""
    from homeward.kinship import actions

    case = family["case"]
    genotypes = _true_family_genotypes(seed=7)
    when = timezone.now() - dt.timedelta(days=20)
    samples = {}
    donors = {"child": family["child"], **{k: family["links"][k].relative for k in ("grandmother", "uncle", "aunt")}}
    for role, person in donors.items():
        sample = actions.request_sample(actor=None, case=case, donor=person, requested_at=when)
        samples[role] = _bring_to_lab(sample, lab)
    actions.import_profiles(actor=None, content=_results_csv({samples[r].code: genotypes[r] for r in samples}),
                            filename="run-1.csv", lab=lab)
    return family | {"samples": samples, "genotypes": genotypes}


@pytest.fixture
def bring_to_lab() -> Callable[..., Any]:
    """bring_to_lab(sample, lab, actor=None, seal_number=None): collected, sealed, handed over, received."""
    return _bring_to_lab


@pytest.fixture
def simulate() -> Any:
    """Genotype simulators: .family(seed) by gene dropping, .unrelated(seed), .csv(rows)."""
    class Simulate:
        family = staticmethod(_true_family_genotypes)
        unrelated = staticmethod(_unrelated_genotypes)
        csv = staticmethod(_results_csv)

    return Simulate
