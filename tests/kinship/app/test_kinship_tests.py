"""Kinship tests: the claimed pedigree built from family links, one joint LR from the engine, and
conclusions that verify links and tick the case's check, or exclude."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pytest
from django.utils import timezone

from homeward.audit.models import AuditEntry
from homeward.cases.models import CaseCheck, CaseEvent
from homeward.errors import ActionError
from homeward.kinship import actions
from homeward.kinship.engine import Pedigree, Person, kinship_lr, pairwise_lr, shipped_database
from homeward.kinship.models import KinshipTest
from homeward.people.models import FamilyLink

THRESHOLD = 10_000


def _conclude(test: KinshipTest, **kwargs: Any) -> KinshipTest:
    """Propose, then review (the system as both analysts, as the demo loader does)."""
    actions.conclude_kinship(actor=None, test=test, **kwargs)
    return actions.review_kinship(actor=None, test=test, confirm=True)


def _links(fam: dict[str, Any], *names: str) -> list[FamilyLink]:
    return [fam["links"][n] for n in names]


def test_grandmother_uncle_and_aunt_of_a_simulated_family_confirm_kinship(profiled_family: dict[str, Any]) -> None:
    fam = profiled_family
    test = actions.run_kinship_test(actor=None, case=fam["case"], links=_links(fam, "grandmother", "uncle", "aunt"))
    assert test.status == KinshipTest.Status.DONE, test.error
    assert test.lr > THRESHOLD and test.log10_lr == pytest.approx(math.log10(test.lr))
    assert test.markers_used == len(fam["genotypes"]["child"]) == len(test.per_marker)
    assert 0.999 < test.posterior <= 1
    concluded = _conclude(test)
    assert concluded.conclusion == KinshipTest.Conclusion.SUPPORTS
    for name in ("grandmother", "uncle", "aunt"):
        link = FamilyLink.objects.get(pk=fam["links"][name].pk)
        assert link.status == FamilyLink.Status.DNA_VERIFIED
        assert link.evidence.startswith(f"kinship test #{test.pk}, LR=")
    assert FamilyLink.objects.get(pk=fam["links"]["father"].pk).status == FamilyLink.Status.CLAIMED
    check = CaseCheck.objects.get(case=fam["case"], requirement__code="dna_kinship_confirmed")
    assert check.done and check.reference == f"kinship test #{test.pk}"
    assert AuditEntry.objects.filter(action="kinship.test.concluded", object_id=str(test.pk)).exists()


def test_the_lr_is_one_joint_pedigree_likelihood_not_a_product_of_pairs(profiled_family: dict[str, Any]) -> None:
    fam = profiled_family
    test = actions.run_kinship_test(actor=None, case=fam["case"], links=_links(fam, "grandmother", "uncle", "aunt"),
                                    theta=0.0, mutation_model="", mutation_rate=0.0)
    g = fam["genotypes"]
    typed = {k: {m: "/".join(v) for m, v in g[k].items()} for k in ("child", "grandmother", "uncle", "aunt")}
    family = [Person("gf", sex=1), Person("grandmother", sex=2), Person("father", "gf", "grandmother", 1),
              Person("uncle", "gf", "grandmother", 1), Person("aunt", "gf", "grandmother", 2), Person("mother", sex=2)]
    genotypes = typed
    h1 = Pedigree([*family, Person("child", "father", "mother", 1)], genotypes)
    h2 = Pedigree([*family, Person("child", sex=1)], genotypes)
    db = shipped_database("west-asia")
    expected = kinship_lr(h1, h2, db)
    assert test.log10_lr == pytest.approx(expected.log10_lr, rel=1e-9)
    pairs = sum(pairwise_lr(typed["child"], typed[r], rel, db).log10_lr
                for r, rel in (("grandmother", "grandparent"), ("uncle", "avuncular"), ("aunt", "avuncular")))
    assert abs(pairs - test.log10_lr) > 0.5


def test_an_unrelated_reference_gives_exclusion_and_the_links_stay_claimed(
    profiled_family: dict[str, Any], simulate: Any, lab: Any, bring_to_lab: Any,
) -> None:
    from homeward.people.actions import NameInput, create_person, link_family

    fam = profiled_family
    # A woman who says she is the child's mother; her genotypes are drawn independently of the family.
    impostor = create_person(actor=None, kind="mother", names=[NameInput("Тагирова Луиза", script="Cyrl")], sex="F")
    link = link_family(actor=None, person=fam["child"], relative=impostor, relation="mother")
    sample = actions.request_sample(actor=None, case=fam["case"], donor=impostor,
                                    requested_at=timezone.now() - dt.timedelta(days=9))
    bring_to_lab(sample, lab)
    actions.import_profiles(actor=None, content=simulate.csv({sample.code: simulate.unrelated(seed=99)}))
    test = actions.run_kinship_test(actor=None, case=fam["case"], links=[link])
    assert test.status == KinshipTest.Status.DONE, test.error
    assert test.lr < 1 / THRESHOLD
    concluded = _conclude(test)
    assert concluded.conclusion == KinshipTest.Conclusion.EXCLUDES
    assert FamilyLink.objects.get(pk=link.pk).status == FamilyLink.Status.CLAIMED
    assert not CaseCheck.objects.filter(case=fam["case"], requirement__code="dna_kinship_confirmed", done=True).exists()
    note = CaseEvent.objects.filter(case=fam["case"], kind=CaseEvent.Kind.NOTE).last()
    assert note is not None and f"#{test.pk} excludes" in note.reason


def test_an_unrelated_aunt_alone_does_not_confirm_kinship(
    profiled_family: dict[str, Any], simulate: Any, lab: Any, bring_to_lab: Any,
) -> None:
    from homeward.people.actions import NameInput, create_person, link_family

    fam = profiled_family
    stranger = create_person(actor=None, kind="relative", names=[NameInput("Тагирова Луиза", script="Cyrl")], sex="F")
    link = link_family(actor=None, person=fam["child"], relative=stranger, relation="aunt", side="paternal")
    sample = bring_to_lab(actions.request_sample(actor=None, case=fam["case"], donor=stranger,
                                                 requested_at=timezone.now() - dt.timedelta(days=9)), lab)
    actions.import_profiles(actor=None, content=simulate.csv({sample.code: simulate.unrelated(seed=5)}))
    test = actions.run_kinship_test(actor=None, case=fam["case"], links=[link])
    assert test.lr < 1
    assert _conclude(test).conclusion != KinshipTest.Conclusion.SUPPORTS
    assert FamilyLink.objects.get(pk=link.pk).status == FamilyLink.Status.CLAIMED


def test_between_the_thresholds_the_test_is_inconclusive(profiled_family: dict[str, Any]) -> None:
    test = actions.run_kinship_test(actor=None, case=profiled_family["case"],
                                    links=_links(profiled_family, "grandmother"))
    bound = test.lr * 10  # a threshold above this LR and with 1/threshold below it
    concluded = _conclude(test, threshold=max(bound, 1 / test.lr * 10, 2))
    assert concluded.conclusion == KinshipTest.Conclusion.INCONCLUSIVE
    assert FamilyLink.objects.get(pk=profiled_family["links"]["grandmother"].pk).status == FamilyLink.Status.CLAIMED


def test_a_test_is_concluded_once(profiled_family: dict[str, Any]) -> None:
    test = actions.run_kinship_test(actor=None, case=profiled_family["case"],
                                    links=_links(profiled_family, "grandmother", "uncle"))
    _conclude(test)
    with pytest.raises(ActionError, match="already concluded"):
        actions.conclude_kinship(actor=None, test=test)


def test_a_relative_without_a_profile_cannot_be_a_reference(profiled_family: dict[str, Any]) -> None:
    with pytest.raises(ActionError, match="no DNA profile"):
        actions.run_kinship_test(actor=None, case=profiled_family["case"], links=_links(profiled_family, "father"))
    assert not KinshipTest.objects.exists()


def test_background_job_computes_after_commit_and_is_safe_to_run_twice(
    profiled_family: dict[str, Any], django_capture_on_commit_callbacks: Any,
) -> None:
    from django_tasks_db.models import DBTaskResult

    from homeward.kinship.tasks import compute_kinship_test_job

    with django_capture_on_commit_callbacks(execute=True):
        test = actions.run_kinship_test(actor=None, case=profiled_family["case"],
                                        links=_links(profiled_family, "grandmother", "uncle", "aunt"), background=True)
    test.refresh_from_db()
    assert test.status == KinshipTest.Status.PENDING and test.lr is None
    job = DBTaskResult.objects.get()
    assert job.args_kwargs["args"] == [test.pk] and test.task_id == str(job.id)
    assert compute_kinship_test_job.call(test.pk) == "done"
    test.refresh_from_db()
    first = (test.lr, test.computed_at)
    assert compute_kinship_test_job.call(test.pk) == "done"
    test.refresh_from_db()
    assert (test.lr, test.computed_at) == first and test.progress == 100


def test_a_rejected_profiled_sample_no_longer_serves_new_tests(profiled_family: dict[str, Any]) -> None:
    from homeward.kinship.queries import typed_relatives

    fam = profiled_family
    actions.reject(actor=None, sample=fam["samples"]["uncle"], reason="contamination found on re-run")
    assert "uncle" not in {t.link.relation for t in typed_relatives(fam["case"])}
    with pytest.raises(ActionError, match="no DNA profile"):
        actions.run_kinship_test(actor=None, case=fam["case"], links=_links(fam, "uncle"))
