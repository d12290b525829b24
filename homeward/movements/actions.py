"""Every change to flights and their passengers, boarding, departure and arrival.

Each action is one transaction and writes its audit entry in it. Refusals name every reason at
once (``Refused.reasons``) and change nothing. Each checks the actor's permission and that the
flight (and every child) is within the actor's reach. Handover and follow-up are the aftercare
domain's.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from homeward.accounts import policy
from homeward.accounts.models import Agency
from homeward.audit.log import record
from homeward.cases import actions as case_actions
from homeward.cases.access import case_in
from homeward.cases.models import Case
from homeward.core.locking import lock_row
from homeward.errors import ActionError, Forbidden
from homeward.movements.access import MANAGE, require_flight
from homeward.movements.errors import Refused
from homeward.movements.models import (
    SEATED,
    ArrivalIntake,
    Flight,
    FlightEscort,
    FlightPassenger,
    PassengerStatus,
    SiblingSeparation,
)
from homeward.movements.queries import (
    READY,
    assess_adding,
    child_label,
    ready_siblings_to_add,
)
from homeward.people.models import Person
from homeward.places.models import Country


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


# Longer than any flight home, with its stopovers: a later arrival time is a typing error.
MAX_FLIGHT_TIME = dt.timedelta(days=2)
# A clock or time-zone slip; further ahead is a typing error.
FUTURE_SLACK = dt.timedelta(hours=12)


def _not_future(when: dt.datetime, field: str) -> None:
    if when > timezone.now() + FUTURE_SLACK:
        raise ActionError(_("The time is in the future."), field_errors={field: [_("In the future.")]})


def _lock(flight: Flight) -> Flight:
    # Locking the flight row serialises seat counting, so two clerks cannot both take the last seat.
    return Flight.objects.select_for_update().get(pk=flight.pk)


def next_reference(year: int) -> str:
    """The next free flight reference of ``year`` (FL-2019-001, ...)."""
    prefix = f"FL-{year}-"
    refs = Flight.objects.filter(reference__startswith=prefix).values_list("reference", flat=True)
    numbers = [int(r.rsplit("-", 1)[1]) for r in refs if r.rsplit("-", 1)[1].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:03d}"


@transaction.atomic
def create_flight(
    *, actor: Any, origin_city: str, origin_country: Country | str, destination_city: str,
    destination_country: Country | str, date: dt.date, seat_capacity: int, carrier: Agency | None = None,
    notes: str = "", status: str = Flight.Status.PLANNED, reference: str | None = None,
) -> Flight:
    """Plan a flight. ``status`` may be planned or confirmed."""
    grant = policy.require(actor, MANAGE)
    origin = getattr(origin_country, "pk", origin_country)
    if grant.host_country and origin != grant.host_country:
        raise Forbidden(_("Your office plans flights from its own host country only."))
    errors: dict[str, list[str]] = {}
    if not origin_city.strip():
        errors["origin_city"] = [_("This field is required.")]
    if not destination_city.strip():
        errors["destination_city"] = [_("This field is required.")]
    if seat_capacity < 1:
        errors["seat_capacity"] = [_("A flight needs at least one seat.")]
    if status not in Flight.OPEN_STATUSES:
        errors["status"] = [_("A new flight is planned or confirmed.")]
    if errors:
        raise ActionError(_("The flight was not created: %(fields)s.") % {"fields": ", ".join(errors)},
                          field_errors=errors)
    flight = Flight.objects.create(
        reference=reference or next_reference(date.year), origin_city=origin_city.strip(),
        origin_country_id=getattr(origin_country, "pk", origin_country), destination_city=destination_city.strip(),
        destination_country_id=getattr(destination_country, "pk", destination_country), date=date,
        seat_capacity=seat_capacity, carrier=carrier, notes=notes, status=status,
    )
    record(actor=actor, action="movements.flight.created", obj=flight,
           data={"date": date.isoformat(), "seats": seat_capacity, "route": flight.route})
    return flight


@transaction.atomic
def confirm_flight(*, actor: Any, flight: Flight) -> Flight:
    """Mark a planned flight as confirmed."""
    flight = _lock(flight)
    require_flight(actor, MANAGE, flight)
    if flight.status != Flight.Status.PLANNED:
        raise Refused([_("Only a planned flight can be confirmed; this one is %(status)s.")
                       % {"status": flight.get_status_display()}])
    flight.status = Flight.Status.CONFIRMED
    flight.save(update_fields=["status"])
    record(actor=actor, action="movements.flight.confirmed", obj=flight)
    return flight


@transaction.atomic
def add_child_to_flight(
    *, actor: Any, flight: Flight, case: Case, with_siblings: bool = False, seat: str = "",
) -> list[FlightPassenger]:
    """Book ``case`` (and, with ``with_siblings``, its ready siblings) on ``flight``.

    Refused, naming every reason, when a child is not ready to travel, already has a seat, the
    flight is full or not open, or a ready sibling would be left behind without a recorded reason.
    Returns the new passenger rows.
    """
    flight = _lock(flight)
    grant = require_flight(actor, BOOK, flight)
    # Locking the child's case serialises two clerks booking the same child onto two flights.
    case = lock_row(Case, case.pk, "child", "stage")
    group = [case, *ready_siblings_to_add(flight, case)] if with_siblings else [case]
    for member in group:
        if not case_in(grant, member):
            raise Forbidden(_("%(child)s is outside your office's cases.") % {"child": member.reference})
    assessment = assess_adding(flight, group, visible=_visible(actor))
    if not assessment.allowed:
        raise Refused(assessment.reasons, warnings=assessment.warnings)
    rows = []
    for member in group:
        row = FlightPassenger.objects.create(
            flight=flight, case=member, seat=seat if member is case else "", added_by=_user(actor),
        )
        rows.append(row)
        record(actor=actor, action="movements.passenger.booked", obj=row, case_id=member.pk,
               data={"flight": flight.reference, "with_siblings": with_siblings})
    return rows


@transaction.atomic
def record_sibling_separation(*, actor: Any, flight: Flight, case: Case, sibling: Person, reason: str
                              ) -> SiblingSeparation:
    """Record why ``case`` flies on ``flight`` without its sibling ``sibling``."""
    grant = require_flight(actor, BOOK, flight)
    if not case_in(grant, case):
        raise Forbidden(_("%(child)s is outside your office's cases.") % {"child": case.reference})
    if not reason.strip():
        raise ActionError(_("Say why the siblings travel apart."), field_errors={"reason": [_("This field is required.")]})
    group = case.child.sibling_group_id
    if group is None or sibling.sibling_group_id != group or sibling.pk == case.child_id:
        raise ActionError(_("%(name)s is not a sibling of %(child)s.") % {"name": sibling.display_name,
                                                                          "child": child_label(case)},
                          field_errors={"sibling": [_("Not a sibling.")]})
    row, _created = SiblingSeparation.objects.update_or_create(
        flight=flight, case=case, sibling=sibling,
        defaults={"reason": reason.strip(), "created_by": _user(actor)},
    )
    record(actor=actor, action="movements.separation.recorded", obj=row, case_id=case.pk,
           data={"flight": flight.reference, "sibling": sibling.pk, "reason": reason.strip()})
    return row


@transaction.atomic
def add_escort(*, actor: Any, flight: Flight, name: str, role: str, agency: Agency | None = None) -> FlightEscort:
    """Add an adult to the flight's escort roster (while the flight has not left)."""
    flight = _lock(flight)
    require_flight(actor, MANAGE, flight)
    _roster_open(flight)
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = [_("This field is required.")]
    if role not in FlightEscort.Role.values:
        errors["role"] = [_("Choose doctor, psychologist, official or other.")]
    if errors:
        raise ActionError(_("The escort was not added."), field_errors=errors)
    escort = FlightEscort.objects.create(flight=flight, name=name.strip(), role=role, agency=agency)
    record(actor=actor, action="movements.escort.added", obj=escort, data={"flight": flight.reference, "role": role})
    return escort


@transaction.atomic
def remove_escort(*, actor: Any, escort: FlightEscort) -> None:
    """Take an adult off the roster (the audit log keeps who it was), while the flight has not left."""
    flight = _lock(escort.flight)
    require_flight(actor, MANAGE, flight)
    _roster_open(flight)
    record(actor=actor, action="movements.escort.removed", obj=escort,
           data={"flight": escort.flight.reference, "name": escort.name, "role": escort.role})
    escort.delete()


BOOK = "movements.passenger.book"
BOARD = "movements.passenger.board"


def _visible(actor: Any) -> set[int] | None:
    """Ids of the cases the actor sees (None: all), so refusals name only children they may see."""
    from homeward.movements.access import passenger_cases

    if actor is None or getattr(actor, "is_superuser", False):
        return None
    return set(passenger_cases(actor).values_list("pk", flat=True))


def _roster_open(flight: Flight) -> None:
    if not flight.is_open:
        raise Refused([_("Flight %(ref)s is %(status)s: its escort roster is final.")
                       % {"ref": flight.reference, "status": flight.get_status_display()}])


def _seated_row(passenger: FlightPassenger) -> FlightPassenger:
    row = FlightPassenger.objects.select_for_update().select_related("flight", "case", "case__child").get(pk=passenger.pk)
    if row.status not in SEATED:
        raise Refused([_("%(child)s holds no seat on flight %(ref)s (status: %(status)s).")
                       % {"child": child_label(row.case), "ref": row.flight.reference,
                          "status": row.get_status_display()}])
    return row


@transaction.atomic
def remove_child(*, actor: Any, passenger: FlightPassenger, reason: str) -> FlightPassenger:
    """Take a child off a flight that has not left; the case stays where it is."""
    if not reason.strip():
        raise ActionError(_("Say why the child is taken off the flight."),
                          field_errors={"reason": [_("This field is required.")]})
    require_flight(actor, BOOK, _lock(passenger.flight))
    row = _seated_row(passenger)
    if not row.flight.is_open:
        raise Refused([_("Flight %(ref)s is %(status)s: its passenger list is final.")
                       % {"ref": row.flight.reference, "status": row.flight.get_status_display()}])
    row.status = PassengerStatus.REMOVED
    row.reason = reason.strip()
    row.save(update_fields=["status", "reason"])
    record(actor=actor, action="movements.passenger.removed", obj=row, case_id=row.case_id,
           data={"flight": row.flight.reference, "reason": row.reason})
    return row


@transaction.atomic
def move_child(*, actor: Any, passenger: FlightPassenger, to_flight: Flight, reason: str) -> list[FlightPassenger]:
    """Move a child to a later flight, together with the siblings booked on the same flight.

    The old rows are kept with status ``moved``; recorded sibling separations follow the child.
    """
    if not reason.strip():
        raise ActionError(_("Say why the child moves to another flight."),
                          field_errors={"reason": [_("This field is required.")]})
    source = _lock(passenger.flight)
    target = _lock(to_flight)
    require_flight(actor, BOOK, source)
    require_flight(actor, BOOK, target)
    row = _seated_row(passenger)
    reasons: list[str] = []
    if target.pk == source.pk:
        reasons.append(_("The child is already on flight %(ref)s.") % {"ref": target.reference})
    if target.date < source.date:
        reasons.append(_("Flight %(ref)s leaves before flight %(old)s: move children to a later flight.")
                       % {"ref": target.reference, "old": source.reference})
    if not source.is_open:
        reasons.append(_("Flight %(ref)s is %(status)s: its passenger list is final.")
                       % {"ref": source.reference, "status": source.get_status_display()})
    together = [row]
    group = row.case.child.sibling_group_id
    if group is not None:
        together += list(
            FlightPassenger.objects.select_for_update().filter(
                flight=source, status__in=SEATED, case__child__sibling_group_id=group
            ).exclude(pk=row.pk).select_related("case", "case__child")
        )
    cases = [Case.objects.select_related("child", "stage").get(pk=r.case_id) for r in together]
    # The moving children give up their seats here first, so the check sees them as seat-less.
    if not reasons:
        FlightPassenger.objects.filter(pk__in=[r.pk for r in together]).update(
            status=PassengerStatus.MOVED, moved_to=target, reason=reason.strip()
        )
        for sep in SiblingSeparation.objects.filter(flight=source, case__in=cases):
            SiblingSeparation.objects.get_or_create(
                flight=target, case=sep.case, sibling=sep.sibling,
                defaults={"reason": sep.reason, "created_by": sep.created_by},
            )
        assessment = assess_adding(target, cases, visible=_visible(actor))
        reasons += assessment.reasons
    if reasons:
        raise Refused(reasons)
    new_rows = []
    for case in cases:
        new = FlightPassenger.objects.create(flight=target, case=case, added_by=_user(actor))
        new_rows.append(new)
        record(actor=actor, action="movements.passenger.moved", obj=new, case_id=case.pk,
               data={"from": source.reference, "to": target.reference, "reason": reason.strip()})
    return new_rows


@transaction.atomic
def cancel_flight(*, actor: Any, flight: Flight, reason: str) -> Flight:
    """Cancel a flight that has not left: every seat is released (status ``removed``), cases stay put."""
    if not reason.strip():
        raise ActionError(_("Say why the flight is cancelled."), field_errors={"reason": [_("This field is required.")]})
    flight = _lock(flight)
    require_flight(actor, MANAGE, flight)
    if not flight.is_open:
        raise Refused([_("Flight %(ref)s is %(status)s and cannot be cancelled.")
                       % {"ref": flight.reference, "status": flight.get_status_display()}])
    released = list(FlightPassenger.objects.filter(flight=flight, status__in=SEATED).values_list("case_id", flat=True))
    FlightPassenger.objects.filter(flight=flight, status__in=SEATED).update(
        status=PassengerStatus.REMOVED, reason=_("flight cancelled: %(reason)s") % {"reason": reason.strip()}
    )
    flight.status = Flight.Status.CANCELLED
    flight.cancel_reason = reason.strip()
    flight.save(update_fields=["status", "cancel_reason"])
    record(actor=actor, action="movements.flight.cancelled", obj=flight,
           data={"reason": reason.strip(), "released_cases": released})
    return flight


@transaction.atomic
def board_child(*, actor: Any, passenger: FlightPassenger, identity_document: str = "",
                boarded_at: dt.datetime | None = None) -> FlightPassenger:
    """Record that the child's identity was checked and the child boarded."""
    require_flight(actor, BOARD, _lock(passenger.flight))
    row = _seated_row(passenger)
    reasons = []
    if row.status != PassengerStatus.BOOKED:
        reasons.append(_("%(child)s has already boarded.") % {"child": child_label(row.case)})
    if not row.flight.is_open:
        reasons.append(_("Flight %(ref)s is %(status)s.") % {"ref": row.flight.reference,
                                                            "status": row.flight.get_status_display()})
    stage = Case.objects.filter(pk=row.case_id).values_list("stage_id", flat=True).first()
    if stage != READY:
        reasons.append(_("%(child)s is no longer ready to travel (stage: %(stage)s).")
                       % {"child": child_label(row.case), "stage": stage})
    if reasons:
        raise Refused(reasons)
    row.status = PassengerStatus.BOARDED
    row.boarded_at = boarded_at or timezone.now()
    row.identity_checked_by = _user(actor)
    row.identity_document = identity_document.strip()
    row.save(update_fields=["status", "boarded_at", "identity_checked_by", "identity_document"])
    record(actor=actor, action="movements.passenger.boarded", obj=row, case_id=row.case_id,
           data={"flight": row.flight.reference, "identity_document": row.identity_document})
    return row


@transaction.atomic
def record_not_boarded(*, actor: Any, passenger: FlightPassenger, reason: str) -> FlightPassenger:
    """Record that a booked child did not board, and why; the case stays ready to travel."""
    if not reason.strip():
        raise ActionError(_("Say why the child did not board."), field_errors={"reason": [_("This field is required.")]})
    require_flight(actor, BOARD, _lock(passenger.flight))
    row = _seated_row(passenger)
    if not row.flight.is_open:
        raise Refused([_("Flight %(ref)s is %(status)s.") % {"ref": row.flight.reference,
                                                            "status": row.flight.get_status_display()}])
    row.status = PassengerStatus.NOT_BOARDED
    row.reason = reason.strip()
    row.boarded_at = None
    row.save(update_fields=["status", "reason", "boarded_at"])
    record(actor=actor, action="movements.passenger.not_boarded", obj=row, case_id=row.case_id,
           data={"flight": row.flight.reference, "reason": row.reason})
    return row


@transaction.atomic
def record_departure(*, actor: Any, flight: Flight, departed_at: dt.datetime | None = None) -> Flight:
    """The flight left. Children booked but not boarded are recorded as not boarded.

    The departure time may not lie in the future, nor before the day before the flight's date.
    """
    flight = _lock(flight)
    require_flight(actor, MANAGE, flight)
    departed_at = departed_at or timezone.now()
    _not_future(departed_at, "departed_at")
    earliest = dt.datetime.combine(flight.date - dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC)
    if departed_at < earliest:
        raise ActionError(_("The departure time is before the flight's date (%(date)s).")
                          % {"date": flight.date.isoformat()},
                          field_errors={"departed_at": [_("Before the flight's date.")]})
    reasons = []
    if not flight.is_open:
        reasons.append(_("Flight %(ref)s is %(status)s.") % {"ref": flight.reference,
                                                            "status": flight.get_status_display()})
    if not FlightPassenger.objects.filter(flight=flight, status=PassengerStatus.BOARDED).exists():
        reasons.append(_("No child has boarded flight %(ref)s.") % {"ref": flight.reference})
    if reasons:
        raise Refused(reasons)
    left_behind = list(FlightPassenger.objects.filter(flight=flight, status=PassengerStatus.BOOKED)
                       .values_list("case_id", flat=True))
    FlightPassenger.objects.filter(flight=flight, status=PassengerStatus.BOOKED).update(
        status=PassengerStatus.NOT_BOARDED, reason=_("not boarded when the flight left")
    )
    flight.status = Flight.Status.DEPARTED
    flight.departed_at = departed_at
    flight.save(update_fields=["status", "departed_at"])
    record(actor=actor, action="movements.flight.departed", obj=flight,
           data={"departed_at": flight.departed_at.isoformat(), "not_boarded": left_behind})
    return flight


@transaction.atomic
def record_arrival(*, actor: Any, flight: Flight, arrived_at: dt.datetime) -> Flight:
    """The flight landed: every boarded child's case moves to "repatriated", all or none.

    Each case's history says it was repatriated at ``arrived_at``. If one case cannot move (its
    stage was changed meanwhile), nothing is recorded and the refusal names the child.
    """
    flight = _lock(flight)
    require_flight(actor, MANAGE, flight)
    if flight.status != Flight.Status.DEPARTED:
        raise Refused([_("Record the departure of flight %(ref)s before its arrival (it is %(status)s).")
                       % {"ref": flight.reference, "status": flight.get_status_display()}])
    _not_future(arrived_at, "arrived_at")
    if flight.departed_at and arrived_at < flight.departed_at:
        raise ActionError(_("The arrival time is before the departure time."),
                          field_errors={"arrived_at": [_("Before the departure.")]})
    if flight.departed_at and arrived_at > flight.departed_at + MAX_FLIGHT_TIME:
        raise ActionError(_("The arrival time is more than two days after the departure: check the date."),
                          field_errors={"arrived_at": [_("Too long after the departure.")]})
    boarded = list(
        FlightPassenger.objects.filter(flight=flight, status=PassengerStatus.BOARDED)
        .select_related("case", "case__child").order_by("id")
    )
    for row in boarded:
        try:
            case_actions.transition(
                actor=actor, case=row.case, target="repatriated", occurred_at=arrived_at, system=True,
                reason=_("arrived on flight %(ref)s") % {"ref": flight.reference},
            )
        except ActionError as exc:
            raise Refused([_("%(child)s could not be recorded as repatriated: %(why)s")
                           % {"child": child_label(row.case), "why": exc.message}]) from exc
    flight.status = Flight.Status.ARRIVED
    flight.arrived_at = arrived_at
    flight.save(update_fields=["status", "arrived_at"])
    record(actor=actor, action="movements.flight.arrived", obj=flight,
           data={"arrived_at": arrived_at.isoformat(), "repatriated": [r.case_id for r in boarded]})
    return flight


@transaction.atomic
def record_intake(
    *, actor: Any, flight: Flight, case: Case, outcome: str, medical_notes: str = "",
    psychological_notes: str = "",
) -> ArrivalIntake:
    """Record the medical and psychological check of a child who arrived on ``flight``."""
    grant = require_flight(actor, "movements.intake.record", flight)
    if not case_in(grant, case):
        raise Forbidden(_("%(child)s is outside your office's cases.") % {"child": case.reference})
    errors: dict[str, list[str]] = {}
    if outcome not in ArrivalIntake.Outcome.values:
        errors["outcome"] = [_("Choose fit or needs follow-up.")]
    if not FlightPassenger.objects.filter(flight=flight, case=case, status=PassengerStatus.BOARDED).exists():
        errors["case"] = [_("This child did not fly on this flight.")]
    if errors:
        raise ActionError(_("The intake was not recorded."), field_errors=errors)
    intake, _created = ArrivalIntake.objects.update_or_create(
        flight=flight, case=case,
        defaults={"outcome": outcome, "medical_notes": medical_notes.strip(),
                  "psychological_notes": psychological_notes.strip(), "recorded_by": _user(actor)},
    )
    record(actor=actor, action="movements.intake.recorded", obj=intake, case_id=case.pk,
           data={"flight": flight.reference, "outcome": outcome})
    return intake


__all__ = [
    "Refused", "create_flight", "confirm_flight", "add_child_to_flight", "record_sibling_separation",
    "add_escort", "remove_escort", "remove_child", "move_child", "cancel_flight", "board_child",
    "record_not_boarded", "record_departure", "record_arrival", "record_intake",
]
