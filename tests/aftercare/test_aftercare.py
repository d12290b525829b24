"""Handover to a guardian, the case passing to the region, follow-up visits and closing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from homeward.accounts.models import Agency
from homeward.aftercare import actions as aftercare_actions
from homeward.aftercare.models import FollowUpVisit, Handover
from homeward.aftercare.queries import overdue_visits
from homeward.cases.models import Case, CaseEvent
from homeward.errors import ActionError
from homeward.movements import actions
from homeward.movements.errors import Refused
from tests.movements.helpers import arrive

pytestmark = pytest.mark.django_db

Maker = Callable[..., Any]
SIGNED = dt.datetime(2019, 2, 12, 11, 0, tzinfo=dt.UTC)


@pytest.fixture
def home(make_ready: Maker, make_flight: Maker) -> Callable[..., Any]:
    """A child who came home on a flight (case at "repatriated")."""

    def make(**kwargs: Any) -> Any:
        case, flight = make_ready(**kwargs), make_flight()
        rows = actions.add_child_to_flight(actor=None, flight=flight, case=case)
        arrive(rows, flight)
        return Case.objects.get(pk=case.pk)

    return make


def hand(case: Any, guardian: Any, **kw: Any) -> Any:
    return aftercare_actions.hand_over(actor=None, case=case, guardian=guardian, identity_document="passport 96 04 123456",
                             signed_at=SIGNED, **kw)


def test_handover_refused_without_verified_link(home: Maker, relative: Maker) -> None:
    case = home()
    claimed = relative(case, status="claimed")
    with pytest.raises(Refused) as exc:
        hand(case, claimed)
    assert "only claimed" in exc.value.reasons[0]
    assert Case.objects.get(pk=case.pk).stage_id == "repatriated"
    assert not Handover.objects.exists()


def test_handover_refused_to_a_stranger_and_to_a_minor_naming_each_reason(home: Maker, relative: Maker) -> None:
    from homeward.people.actions import NameInput, create_person

    case = home()
    stranger = create_person(actor=None, kind="relative", names=[NameInput("Someone Else")], birth_date=dt.date(1970, 1, 1),
                             birth_precision="exact")
    with pytest.raises(Refused) as exc:
        hand(case, stranger)
    assert "No family link" in exc.value.reasons[0]
    sister = relative(case, relation="half_sister", born=dt.date(2003, 1, 1), name="Amina")
    with pytest.raises(Refused) as exc:
        aftercare_actions.hand_over(actor=None, case=case, guardian=sister, identity_document="", signed_at=SIGNED)
    text = " | ".join(exc.value.reasons)
    assert "is 16" in text and "identity document" in text


def test_handover_needs_a_child_who_has_arrived(make_ready: Maker, relative: Maker) -> None:
    case = make_ready()
    with pytest.raises(Refused) as exc:
        hand(case, relative(case))
    assert "Ready to travel" in exc.value.reasons[0]


def test_ownership_passes_to_the_region(home: Maker, relative: Maker, agencies: dict[str, Any]) -> None:
    case = home(region="CE")
    assert case.owner == agencies["national"]
    handover = hand(case, relative(case, status="documented"), place="Grozny")
    case.refresh_from_db()
    assert case.stage_id == "handed_over"
    assert case.owner == agencies["chechnya"] == handover.receiving_agency
    assert handover.relation == "grandmother" and handover.flight is not None
    owner_event = CaseEvent.objects.get(case=case, kind="owner")
    assert owner_event.occurred_at == SIGNED
    assert CaseEvent.objects.get(case=case, target_stage="handed_over").occurred_at == SIGNED


def test_ownership_passes_to_the_nearest_region_above_when_the_home_region_has_no_office(
    home: Maker, relative: Maker
) -> None:
    from homeward.places.models import Region

    district = Agency.objects.create(name="North Caucasus social services", kind=Agency.Kind.REGIONAL,
                                     region=Region.objects.get(code="NCFD"))
    case = home(region="IN")  # Ingushetia: no office of its own in the fixtures
    hand(case, relative(case))
    assert Case.objects.get(pk=case.pk).owner == district


def test_handover_refused_when_no_regional_office_exists(home: Maker, relative: Maker) -> None:
    case = home(region="TA")
    with pytest.raises(Refused) as exc:
        hand(case, relative(case))
    assert "No regional office" in exc.value.reasons[0]


def test_follow_up_visits_and_overdue_visits_listed(home: Maker, relative: Maker) -> None:
    case = home()
    hand(case, relative(case))
    aftercare_actions.start_follow_up(actor=None, case=case, first_visit_on=dt.date(2019, 3, 1))
    late = FollowUpVisit.objects.get(case=case)
    soon = aftercare_actions.schedule_visit(actor=None, case=case, scheduled_for=dt.date(2019, 6, 1))
    done = aftercare_actions.schedule_visit(actor=None, case=case, scheduled_for=dt.date(2019, 2, 20))
    aftercare_actions.record_visit(actor=None, visit=done, done_on=dt.date(2019, 2, 21), school="enrolled, grade 2",
                         health="good", benefits="survivor's pension applied for")
    today = dt.date(2019, 4, 1)
    assert list(overdue_visits(Case.objects.all(), today)) == [late]
    assert soon not in overdue_visits(Case.objects.all(), today)
    with pytest.raises(ActionError):
        aftercare_actions.record_visit(actor=None, visit=soon, done_on=dt.date(2030, 1, 1), today=today)


def test_closing_is_its_own_step_with_a_reason(home: Maker, relative: Maker) -> None:
    case = home()
    with pytest.raises(Refused):  # not yet handed over
        aftercare_actions.close_case(actor=None, case=case, reason="settled")
    hand(case, relative(case))
    aftercare_actions.start_follow_up(actor=None, case=case)
    aftercare_actions.schedule_visit(actor=None, case=case, scheduled_for=dt.date(2019, 3, 1))
    with pytest.raises(ActionError):
        aftercare_actions.close_case(actor=None, case=case, reason="  ")
    aftercare_actions.close_case(actor=None, case=case, reason="settled with grandmother; school and health in order")
    case.refresh_from_db()
    assert case.stage_id == "closed" and case.closing_reason.startswith("settled")
    assert CaseEvent.objects.get(case=case, target_stage="closed").reason.startswith("settled")
    assert not overdue_visits(Case.objects.all(), dt.date(2020, 1, 1)).exists()


def test_a_mother_still_in_prison_cannot_receive_the_child(home: Maker, relative: Maker) -> None:
    from homeward.people.models import Person

    case = home()
    mother = relative(case, relation="mother", born=dt.date(1990, 1, 1), name="Мать Заключённая")
    mother = Person.objects.get(pk=mother.pk)
    mother.detention_status = "sentenced"  # sealed at rest: saved through the model, not update()
    mother.save(update_fields=["detention_status"])
    with pytest.raises(Refused) as exc:
        hand(case, mother)
    assert exc.value.reasons == ["Мать Заключённая is recorded as sentenced."]
