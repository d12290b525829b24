"""The demo's DNA records agree with each case's stage and with the engine."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from homeward.cases.models import Case, CaseCheck, CaseEvent, Requirement, Stage
from homeward.kinship import compute
from homeward.kinship.actions.tests import pedigree_from_json
from homeward.kinship.demo import populate_demo
from homeward.kinship.models import DnaSample, KinshipTest
from homeward.kinship.pedigrees import CHILD
from homeward.people.actions import NameInput, create_person, link_family


def _family_case(make_case: Any, name: str, stage: str, entered: dt.datetime) -> Case:
    case = make_case(names=[(name, "Cyrl")])
    for relation, kind, sex in (("mother", "mother", "F"), ("grandmother", "relative", "F"), ("father", "father", "M")):
        person = create_person(actor=None, kind=kind, names=[NameInput(f"{name} {relation}", script="Cyrl")], sex=sex,
                               is_deceased=relation == "father")
        link_family(actor=None, person=case.child, relative=person, relation=relation,
                    side="" if relation == "mother" else "paternal")
    if stage != "identified":
        for code, when in (("identity_verified", entered - dt.timedelta(days=40)), (stage, entered)):
            CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.TRANSITION, occurred_at=when, target_stage_id=code)
        Case.objects.filter(pk=case.pk).update(stage=Stage.objects.get(code=stage))
        CaseCheck.objects.create(case=case, requirement=Requirement.objects.get(code="dna_kinship_confirmed"), done=True,
                                 done_at=entered - dt.timedelta(hours=2))
    return Case.objects.get(pk=case.pk)


def test_demo_gives_cases_past_kinship_a_supporting_test_dated_before_the_stage(
    make_case: Any, agencies: dict[str, Any],
) -> None:
    entered = timezone.now() - dt.timedelta(days=200)
    verified = _family_case(make_case, "Алиев Ахмед", "kinship_verified", entered)
    early = _family_case(make_case, "Умаров Ислам", "identified", entered)
    stats = populate_demo(random.Random(1), actor=None)
    assert stats["tests"] == 1
    test = KinshipTest.objects.get()
    assert test.case_id == verified.pk and test.conclusion == KinshipTest.Conclusion.SUPPORTS
    assert test.concluded_at < entered and test.lr >= 10_000
    assert sorted(r.relation for r in test.references.all()) == ["grandmother", "mother"]
    genotypes = {CHILD: test.child_profile.genotypes} | {f"p{r.person_id}": r.profile.genotypes
                                                         for r in test.references.all()}
    again = compute.compute_lr(pedigree_from_json(test.pedigree), genotypes, freq_db=test.freq_db, theta=test.theta,
                               mutation_model=test.mutation_model, mutation_rate=test.mutation_rate)
    assert again.log10_lr == test.log10_lr or abs(again.log10_lr - test.log10_lr) < 1e-9
    assert not KinshipTest.objects.filter(case=early).exists()
    assert DnaSample.objects.filter(case=early).exists()
    assert CaseCheck.objects.get(case=verified).reference == f"kinship test #{test.pk}"
    for sample in DnaSample.objects.all():
        times = [sample.requested_at] + list(sample.custody.values_list("occurred_at", flat=True))
        assert times == sorted(times), sample.code
        assert all(t <= timezone.now() for t in times)
        if sample.status == DnaSample.Status.PROFILED:
            assert sample.profiles.get().imported_at >= sample.received_at
