"""Records the matcher depends on are matched again when they change."""

from __future__ import annotations

import pytest

from homeward.people.actions import NameInput, add_name, update_person
from homeward.tracing.models import MatchJob

pytestmark = pytest.mark.django_db


def test_opening_a_case_schedules_matching_for_the_child(make_case):
    case = make_case()
    job = MatchJob.objects.latest("pk")
    assert case.pk in job.ids or str(case.pk) in job.ids


def test_a_new_name_schedules_matching_again(make_case):
    case = make_case()
    before = MatchJob.objects.count()
    add_name(actor=None, person=case.child, name=NameInput("محمد حسن"))
    assert MatchJob.objects.count() == before + 1


def test_a_note_does_not_schedule_matching(make_case):
    case = make_case()
    before = MatchJob.objects.count()
    update_person(actor=None, person_id=case.child.pk, expected_version=case.child.version, changes={"notes": "x"})
    assert MatchJob.objects.count() == before
