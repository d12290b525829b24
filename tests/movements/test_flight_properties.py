"""Whatever clerks do to flights, in any order, the cases stay consistent with what really flew."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from homeward.cases.models import Case
from homeward.errors import ActionError
from homeward.movements import actions
from homeward.movements.models import SEATED, Flight, FlightPassenger

pytestmark = pytest.mark.django_db

OPS = st.lists(
    st.tuples(
        st.sampled_from(["add", "add_siblings", "board", "not_boarded", "remove", "move", "cancel", "depart",
                         "arrive"]),
        st.integers(0, 4),  # which child
        st.integers(0, 1),  # which flight
    ),
    min_size=1, max_size=14,
)


class Rollback(Exception):
    pass


def _apply(op: str, case: Any, flights: list[Any], f: int) -> None:
    flight = Flight.objects.get(pk=flights[f].pk)
    seat = FlightPassenger.objects.filter(case=case, status__in=SEATED).first()
    when = dt.datetime(2019, 2, 10, 9, tzinfo=dt.UTC) + dt.timedelta(days=30 * f)
    if op in {"add", "add_siblings"}:
        actions.add_child_to_flight(actor=None, flight=flight, case=case, with_siblings=op == "add_siblings")
    elif op == "board" and seat:
        actions.board_child(actor=None, passenger=seat)
    elif op == "not_boarded" and seat:
        actions.record_not_boarded(actor=None, passenger=seat, reason="ill")
    elif op == "remove" and seat:
        actions.remove_child(actor=None, passenger=seat, reason="papers")
    elif op == "move" and seat:
        actions.move_child(actor=None, passenger=seat, to_flight=Flight.objects.get(pk=flights[1].pk), reason="later")
    elif op == "cancel":
        actions.cancel_flight(actor=None, flight=flight, reason="weather")
    elif op == "depart":
        actions.record_departure(actor=None, flight=flight, departed_at=when)
    elif op == "arrive":
        actions.record_arrival(actor=None, flight=flight, arrived_at=when + dt.timedelta(hours=5))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=OPS)
@example(ops=[("add", 2, 0), ("board", 2, 0), ("add", 3, 0), ("cancel", 0, 0), ("add_siblings", 0, 1),
              ("add", 2, 1), ("move", 0, 1), ("board", 0, 1), ("not_boarded", 2, 1), ("depart", 0, 1),
              ("arrive", 0, 1)])
def test_any_sequence_of_flight_actions_keeps_every_case_correct(
    ops: list[tuple[str, int, int]], make_ready: Callable[..., Any], make_flight: Callable[..., Any],
    siblings: Callable[..., Any],
) -> None:
    try:
        with transaction.atomic():
            cases = [make_ready(names=[(f"Child {i}", "Latn")]) for i in range(5)]
            siblings(cases[0], cases[1])
            flights = [make_flight(seats=3), make_flight(seats=4, date=dt.date(2019, 3, 12))]
            rows_seen = 0
            for op, c, f in ops:
                try:
                    with transaction.atomic():
                        _apply(op, Case.objects.get(pk=cases[c].pk), flights, f)
                except ActionError:
                    pass
                rows = FlightPassenger.objects.count()
                assert rows >= rows_seen, "a passenger row was deleted"
                rows_seen = rows
            for case in Case.objects.filter(pk__in=[c.pk for c in cases]):
                flew = FlightPassenger.objects.filter(case=case, status="boarded", flight__status="arrived").exists()
                assert case.stage_id == ("repatriated" if flew else "ready_to_travel"), (case.reference, ops)
                assert FlightPassenger.objects.filter(case=case, status__in=SEATED).count() <= 1
            for flight in Flight.objects.filter(pk__in=[f.pk for f in flights]):
                seated = FlightPassenger.objects.filter(flight=flight, status__in=SEATED).count()
                assert seated <= flight.seat_capacity
                if flight.status == "cancelled":
                    assert seated == 0
                if flight.status in {"departed", "arrived"}:
                    assert not FlightPassenger.objects.filter(flight=flight, status="booked").exists()
            raise Rollback
    except Rollback:
        pass
