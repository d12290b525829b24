"""Rules flights impose on the rest of the workflow."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from homeward.movements.models import SEATED, Flight, FlightPassenger

READY = "ready_to_travel"


def seat_holds_case(case: Any, target: Any, system: bool) -> list[str]:
    """A child holding a seat stays ready to travel until the flight's own actions move it.

    Moving the case back by hand while the child is booked (or on board a flight in the air)
    would leave a passenger who can neither board nor arrive; take the child off the flight
    first, or record the arrival.
    """
    if system or case.stage_id != READY:
        return []
    seat = (FlightPassenger.objects.filter(case_id=case.pk, status__in=SEATED)
            .exclude(flight__status=Flight.Status.CANCELLED).select_related("flight").first())
    if seat is None:
        return []
    if seat.flight.status == Flight.Status.DEPARTED:
        return [_("The child is on board flight %(ref)s, which is in the air: record its arrival instead.")
                % {"ref": seat.flight.reference}]
    return [_("The child holds a seat on flight %(ref)s: take the child off the flight first.")
            % {"ref": seat.flight.reference}]
