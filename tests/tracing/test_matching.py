"""Matching cases against sought children: pairs stored, decisions kept, incremental runs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from homeward.tracing import matching
from homeward.tracing.models import CandidateMatch, MatchJob

pytestmark = pytest.mark.django_db


def test_a_new_request_is_matched_against_the_caseload_when_it_commits(
    make_case: Callable[..., Any], make_request: Callable[..., Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    case = make_case()
    make_case(names=[("Алиев Ибрагим", "Cyrl")], region="DA")
    with django_capture_on_commit_callbacks(execute=True):
        request = make_request()
    sought = request.sought_children.get()
    pair = CandidateMatch.objects.get(sought_child=sought, case=case)
    assert pair.status == CandidateMatch.Status.POTENTIAL
    assert pair.match_probability > 0.5
    assert pair.contributions["given_name"] > 0
    assert MatchJob.objects.get(side=MatchJob.Side.REQUESTS).status == MatchJob.Status.DONE


def test_nothing_is_matched_when_the_transaction_does_not_commit(
    make_case: Callable[..., Any], make_request: Callable[..., Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    make_case()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        make_request()
    assert len(callbacks) == 1
    assert not CandidateMatch.objects.exists()


def test_full_rematch_keeps_a_rejected_pair_rejected(
    make_case: Callable[..., Any], make_request: Callable[..., Any], national_user: Any,
) -> None:
    from homeward.tracing.actions import reject_match

    case = make_case()
    make_request()
    matching.rematch_all()
    pair = CandidateMatch.objects.get(case=case)
    reject_match(actor=national_user, candidate=pair, note="different mother")
    result = matching.rematch_all()
    pair.refresh_from_db()
    assert pair.status == CandidateMatch.Status.REJECTED
    assert pair.note == "different mother"
    assert CandidateMatch.objects.filter(case=case).count() == 1
    assert result.pairs == 0


def test_incremental_run_finds_the_pair_of_a_newly_found_child(
    make_case: Callable[..., Any], make_request: Callable[..., Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    from homeward.tracing.hooks import case_changed

    make_request(children=[{"names": ["Ибрагим Алиев"], "sex": "M", "birth": "2011"}], region="DA")
    assert not CandidateMatch.objects.exists()
    case = make_case(names=[("Aliev Ibragim", "Latn")], region="DA")
    with django_capture_on_commit_callbacks(execute=True):
        job = case_changed(case.pk)
    job.refresh_from_db()
    assert job.status == MatchJob.Status.DONE, job.message
    assert CandidateMatch.objects.filter(case=case).count() == 1


def test_a_changed_name_withdraws_a_potential_pair_nobody_decided(
    make_case: Callable[..., Any], make_request: Callable[..., Any],
) -> None:
    from homeward.people.models import PersonName

    case = make_case(names=[("Хасанов Магомед", "Cyrl")])
    make_request()
    matching.rematch_all()
    assert CandidateMatch.objects.filter(case=case).exists()
    PersonName.objects.filter(person=case.child).update(text="Петров Виктор", folded="петров виктор")
    case.child.sex = "F"
    case.child.save()
    matching.rematch_records(side="children", ids=[case.pk])
    assert not CandidateMatch.objects.filter(case=case, match_probability__gt=0.5).exists()


def test_the_rematch_command_prints_what_it_did(
    make_case: Callable[..., Any], make_request: Callable[..., Any],
) -> None:
    from io import StringIO

    from django.core.management import call_command

    make_case()
    make_request()
    out = StringIO()
    call_command("tracing", "rematch", stdout=out)
    assert "1 candidate pairs (1 new" in out.getvalue()
    assert CandidateMatch.objects.count() == 1


def test_the_hook_matches_again_a_child_whose_mothers_name_changed(
    make_case: Callable[..., Any], make_request: Callable[..., Any], django_capture_on_commit_callbacks: Any,
) -> None:
    from homeward.people.actions import NameInput, create_person, link_family
    from homeward.tracing.hooks import names_changed

    case = make_case()
    make_request(children=[{"names": ["Хасанов Магомед"], "sex": "M", "birth": "2012",
                            "mother": ["Хасанова Айшат"]}])
    matching.rematch_all()
    before = CandidateMatch.objects.get(case=case).match_probability
    mother = create_person(actor=None, kind="mother", names=[NameInput("Хасанова Айшат")], sex="F")
    link_family(actor=None, person=case.child, relative=mother, relation="mother")
    with django_capture_on_commit_callbacks(execute=True):
        job = names_changed(mother.pk)
    assert job is not None and job.ids == [case.pk]
    pair = CandidateMatch.objects.get(case=case)
    assert pair.contributions["mother"] > 0
    assert pair.match_probability >= before
    assert names_changed(999999) is None
