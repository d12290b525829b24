"""Flights: booking, siblings, capacity, moving, cancelling, boarding, departure and arrival."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from homeward.audit.models import AuditEntry
from homeward.cases.models import Case, CaseEvent
from homeward.errors import ActionError as ActionErrorType
from homeward.movements import actions
from homeward.movements.errors import Refused
from homeward.movements.models import Flight, FlightPassenger, SiblingSeparation
from tests.movements.helpers import arrive

pytestmark = pytest.mark.django_db

Maker = Callable[..., Any]


def stage(case: Any) -> str:
    return Case.objects.get(pk=case.pk).stage_id


def test_a_ready_child_is_booked_and_the_case_stays_ready_to_travel(make_ready: Maker, make_flight: Maker) -> None:
    case, flight = make_ready(), make_flight()
    [row] = actions.add_child_to_flight(actor=None, flight=flight, case=case, seat="3A")
    assert row.status == "booked" and row.seat == "3A"
    assert stage(case) == "ready_to_travel"
    assert AuditEntry.objects.filter(action="movements.passenger.booked", case_id_ref=case.pk).exists()


def test_a_child_not_ready_to_travel_is_refused(make_case: Maker, make_flight: Maker) -> None:
    case, flight = make_case(), make_flight()
    with pytest.raises(Refused) as exc:
        actions.add_child_to_flight(actor=None, flight=flight, case=case)
    assert "not “Ready to travel”" in exc.value.reasons[0]
    assert not FlightPassenger.objects.exists()


def test_sibling_cannot_board_without_brother(make_ready: Maker, make_flight: Maker, siblings: Maker) -> None:
    sister = make_ready(names=[("Хасанова Амина", "Cyrl")], sex="F")
    brother = make_ready(names=[("Хасанов Ибрагим", "Cyrl")], sex="M")
    siblings(sister, brother)
    flight = make_flight()
    with pytest.raises(Refused) as exc:
        actions.add_child_to_flight(actor=None, flight=flight, case=sister)
    [reason] = exc.value.reasons
    assert "Хасанов Ибрагим" in reason and brother.reference in reason
    assert not FlightPassenger.objects.filter(flight=flight).exists()


def test_siblings_added_together_are_both_booked(make_ready: Maker, make_flight: Maker, siblings: Maker) -> None:
    sister, brother = make_ready(sex="F"), make_ready()
    siblings(sister, brother)
    flight = make_flight()
    rows = actions.add_child_to_flight(actor=None, flight=flight, case=sister, with_siblings=True)
    assert {r.case_id for r in rows} == {sister.pk, brother.pk}


def test_a_brother_already_on_the_flight_lets_his_sister_join(
    make_ready: Maker, make_flight: Maker, siblings: Maker
) -> None:
    sister, brother = make_ready(sex="F"), make_ready()
    flight = make_flight()
    actions.add_child_to_flight(actor=None, flight=flight, case=brother)  # not yet grouped
    siblings(sister, brother)
    actions.add_child_to_flight(actor=None, flight=flight, case=sister)
    assert FlightPassenger.objects.filter(flight=flight, status="booked").count() == 2


def test_a_recorded_separation_lets_a_child_fly_without_a_ready_sibling(
    make_ready: Maker, make_flight: Maker, siblings: Maker
) -> None:
    sister, brother = make_ready(sex="F"), make_ready()
    siblings(sister, brother)
    flight = make_flight()
    with pytest.raises(ActionErrorType):
        actions.record_sibling_separation(actor=None, flight=flight, case=sister, sibling=brother.child, reason=" ")
    actions.record_sibling_separation(actor=None, flight=flight, case=sister, sibling=brother.child,
                                      reason="brother in hospital until March")
    actions.add_child_to_flight(actor=None, flight=flight, case=sister)
    assert SiblingSeparation.objects.get().reason == "brother in hospital until March"


def test_a_sibling_not_yet_ready_is_only_a_warning(
    make_ready: Maker, make_case: Maker, make_flight: Maker, siblings: Maker
) -> None:
    from homeward.movements.queries import assess_adding

    sister, brother = make_ready(sex="F"), make_case()
    siblings(sister, brother)
    flight = make_flight()
    assessment = assess_adding(flight, [sister])
    assert assessment.allowed
    assert any(brother.reference in w and "not ready" in w for w in assessment.warnings)
    actions.add_child_to_flight(actor=None, flight=flight, case=sister)


def test_full_flight_refused(make_ready: Maker, make_flight: Maker) -> None:
    flight = make_flight(seats=1)
    actions.add_child_to_flight(actor=None, flight=flight, case=make_ready())
    with pytest.raises(Refused) as exc:
        actions.add_child_to_flight(actor=None, flight=flight, case=make_ready())
    assert "full" in exc.value.reasons[0]
    assert FlightPassenger.objects.filter(flight=flight).count() == 1


def test_a_refusal_names_every_reason_at_once(
    make_case: Maker, make_ready: Maker, make_flight: Maker, siblings: Maker
) -> None:
    flight = make_flight(seats=1)
    actions.add_child_to_flight(actor=None, flight=flight, case=make_ready())
    child, brother = make_case(), make_ready()
    siblings(child, brother)
    actions.cancel_flight(actor=None, flight=flight, reason="aircraft unavailable")
    with pytest.raises(Refused) as exc:
        actions.add_child_to_flight(actor=None, flight=flight, case=child)
    text = " | ".join(exc.value.reasons)
    assert len(exc.value.reasons) == 3, text
    assert "cancelled" in text and "not “Ready to travel”" in text and brother.reference in text


def test_cancelled_flight_leaves_every_case_in_a_correct_stage(make_ready: Maker, make_flight: Maker) -> None:
    flight = make_flight()
    cases = [make_ready() for _ in range(3)]
    rows = [actions.add_child_to_flight(actor=None, flight=flight, case=c)[0] for c in cases]
    actions.board_child(actor=None, passenger=rows[0], identity_document="passport")
    actions.record_not_boarded(actor=None, passenger=rows[1], reason="fever")
    actions.cancel_flight(actor=None, flight=flight, reason="airport closed")
    assert Flight.objects.get(pk=flight.pk).status == "cancelled"
    assert [stage(c) for c in cases] == ["ready_to_travel"] * 3
    statuses = dict(FlightPassenger.objects.filter(flight=flight).values_list("case_id", "status"))
    assert statuses == {cases[0].pk: "removed", cases[1].pk: "not_boarded", cases[2].pk: "removed"}
    assert not CaseEvent.objects.filter(target_stage="repatriated").exists()
    # every child may be booked again
    later = make_flight(date=dt.date(2019, 3, 1))
    for c in cases:
        actions.add_child_to_flight(actor=None, flight=later, case=c)
    with pytest.raises(Refused):
        actions.cancel_flight(actor=None, flight=flight, reason="again")


def test_moving_a_child_keeps_the_old_row_and_takes_the_booked_siblings_along(
    make_ready: Maker, make_flight: Maker, siblings: Maker
) -> None:
    sister, brother, other = make_ready(sex="F"), make_ready(), make_ready()
    siblings(sister, brother)
    first, later = make_flight(), make_flight(date=dt.date(2019, 7, 1))
    actions.add_child_to_flight(actor=None, flight=first, case=sister, with_siblings=True)
    [other_row] = actions.add_child_to_flight(actor=None, flight=first, case=other)
    sister_row = FlightPassenger.objects.get(flight=first, case=sister)
    moved = actions.move_child(actor=None, passenger=sister_row, to_flight=later, reason="documents delayed")
    assert {r.case_id for r in moved} == {sister.pk, brother.pk}
    old = dict(FlightPassenger.objects.filter(flight=first).values_list("case_id", "status"))
    assert old == {sister.pk: "moved", brother.pk: "moved", other.pk: "booked"}
    assert FlightPassenger.objects.filter(moved_to=later).count() == 2
    with pytest.raises(Refused):  # never to an earlier flight
        actions.move_child(actor=None, passenger=moved[0], to_flight=first, reason="back")
    assert stage(sister) == stage(brother) == "ready_to_travel"
    assert other_row.status == "booked"


def test_moving_to_a_full_flight_is_refused_and_changes_nothing(make_ready: Maker, make_flight: Maker) -> None:
    first, later = make_flight(), make_flight(seats=1, date=dt.date(2019, 7, 1))
    actions.add_child_to_flight(actor=None, flight=later, case=make_ready())
    [row] = actions.add_child_to_flight(actor=None, flight=first, case=make_ready())
    with pytest.raises(Refused):
        actions.move_child(actor=None, passenger=row, to_flight=later, reason="x")
    assert FlightPassenger.objects.get(pk=row.pk).status == "booked"


def test_arrival_moves_all_boarded_cases_to_repatriated_in_one_transaction(
    make_ready: Maker, make_flight: Maker
) -> None:
    flight = make_flight()
    cases = [make_ready() for _ in range(3)]
    rows = [actions.add_child_to_flight(actor=None, flight=flight, case=c)[0] for c in cases]
    actions.record_not_boarded(actor=None, passenger=rows[2], reason="stayed with her mother's consent pending")
    landed = dt.datetime(2019, 2, 10, 14, 30, tzinfo=dt.UTC)
    arrive(rows[:2], flight, landed)
    assert [stage(c) for c in cases] == ["repatriated", "repatriated", "ready_to_travel"]
    events = CaseEvent.objects.filter(target_stage="repatriated")
    assert sorted(e.case_id for e in events) == sorted([cases[0].pk, cases[1].pk])
    assert {e.occurred_at for e in events} == {landed}
    assert Flight.objects.get(pk=flight.pk).status == "arrived"


def test_arrival_changes_nothing_if_one_case_cannot_move(make_ready: Maker, make_flight: Maker) -> None:
    flight = make_flight()
    cases = [make_ready() for _ in range(3)]
    rows = [actions.add_child_to_flight(actor=None, flight=flight, case=c)[0] for c in cases]
    for row in rows:
        actions.board_child(actor=None, passenger=row)
    actions.record_departure(actor=None, flight=flight, departed_at=dt.datetime(2019, 2, 10, 9, tzinfo=dt.UTC))
    # The last child's case was sent back meanwhile (a data error the arrival must not paper over).
    Case.objects.filter(pk=cases[2].pk).update(stage_id="documents_issued")
    with pytest.raises(Refused) as exc:
        actions.record_arrival(actor=None, flight=flight, arrived_at=dt.datetime(2019, 2, 10, 14, tzinfo=dt.UTC))
    assert cases[2].reference in exc.value.reasons[0]
    assert [stage(c) for c in cases] == ["ready_to_travel", "ready_to_travel", "documents_issued"]
    assert not CaseEvent.objects.filter(target_stage="repatriated").exists()
    assert Flight.objects.get(pk=flight.pk).status == "departed"


def test_departure_marks_children_left_behind_as_not_boarded(make_ready: Maker, make_flight: Maker) -> None:
    flight = make_flight()
    a, b = make_ready(), make_ready()
    [ra] = actions.add_child_to_flight(actor=None, flight=flight, case=a)
    [rb] = actions.add_child_to_flight(actor=None, flight=flight, case=b)
    with pytest.raises(Refused):  # nobody on board yet
        actions.record_departure(actor=None, flight=flight)
    actions.board_child(actor=None, passenger=ra)
    actions.record_departure(actor=None, flight=flight)
    assert FlightPassenger.objects.get(pk=rb.pk).status == "not_boarded"
    with pytest.raises(Refused):
        actions.board_child(actor=None, passenger=rb)


def test_arrival_before_departure_is_refused(make_ready: Maker, make_flight: Maker) -> None:
    flight = make_flight()
    [row] = actions.add_child_to_flight(actor=None, flight=flight, case=make_ready())
    with pytest.raises(Refused):
        actions.record_arrival(actor=None, flight=flight, arrived_at=dt.datetime(2019, 2, 10, tzinfo=dt.UTC))
    actions.board_child(actor=None, passenger=row)
    actions.record_departure(actor=None, flight=flight, departed_at=dt.datetime(2019, 2, 10, 10, tzinfo=dt.UTC))
    with pytest.raises(ActionErrorType):
        actions.record_arrival(actor=None, flight=flight, arrived_at=dt.datetime(2019, 2, 10, 9, tzinfo=dt.UTC))


def test_arrival_intake_is_recorded_only_for_children_who_flew(make_ready: Maker, make_flight: Maker) -> None:
    flight = make_flight()
    a, b = make_ready(), make_ready()
    [ra] = actions.add_child_to_flight(actor=None, flight=flight, case=a)
    [rb] = actions.add_child_to_flight(actor=None, flight=flight, case=b)
    actions.record_not_boarded(actor=None, passenger=rb, reason="ill")
    arrive([ra], flight)
    intake = actions.record_intake(actor=None, flight=flight, case=a, outcome="follow_up",
                                   psychological_notes="withdrawn, asks for mother")
    assert intake.outcome == "follow_up"
    with pytest.raises(ActionErrorType):
        actions.record_intake(actor=None, flight=flight, case=b, outcome="fit")


def test_escorts_are_listed_by_role(make_flight: Maker, agencies: dict[str, Any]) -> None:
    flight = make_flight()
    actions.add_escort(actor=None, flight=flight, name="Dr. Saida Umarova", role="doctor", agency=agencies["flight"])
    actions.add_escort(actor=None, flight=flight, name="Anna Kuznetsova", role="psychologist")
    with pytest.raises(ActionErrorType):
        actions.add_escort(actor=None, flight=flight, name="", role="pilot")
    assert [e.role for e in flight.escorts.all()] == ["doctor", "psychologist"]



def test_a_separation_is_only_recorded_between_siblings(make_ready: Maker, make_flight: Maker) -> None:
    a, b = make_ready(), make_ready()
    with pytest.raises(ActionErrorType) as exc:
        actions.record_sibling_separation(actor=None, flight=make_flight(), case=a, sibling=b.child, reason="x")
    assert "is not a sibling" in exc.value.message
