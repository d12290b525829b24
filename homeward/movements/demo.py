"""Demo records for flights, attached to the cases the demo created.

The cases' histories already say when each child came home; this only adds the flights that
carried them (one per arrival date and host country), their passengers, escorts and intakes, and
one planned flight with free seats. Case stages are never changed here. Running it again adds
nothing twice. Handovers and visits are the aftercare demo's.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from typing import Any

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from homeward.accounts.models import Agency
from homeward.audit.log import record
from homeward.cases.models import Case, CaseEvent
from homeward.errors import ActionError
from homeward.movements.actions import add_child_to_flight, create_flight, next_reference
from homeward.movements.models import (
    SEATED,
    ArrivalIntake,
    Flight,
    FlightEscort,
    FlightPassenger,
    PassengerStatus,
)

ORIGIN_CITY = {"IQ": "Baghdad", "SY": "Qamishli", "TR": "Ankara", "PK": "Islamabad"}
DESTINATION_CITY = "Moscow"
FLIGHT_HOURS = dt.timedelta(hours=4, minutes=30)

# Synthetic escort names (no real person).
DOCTORS = ["Dr. Aminat Saidova", "Dr. Ruslan Gairbekov", "Dr. Elena Morozova", "Dr. Timur Bagaev"]
PSYCHOLOGISTS = ["Zalina Tsoeva", "Marina Orlova", "Khava Dudaeva", "Olga Belova"]
OFFICIALS = ["Irina Sokolova", "Akhmed Yusupov", "Pavel Lebedev"]


def _home_country() -> str:
    from django.conf import settings

    return str(settings.HOMEWARD.get("HOME_COUNTRY", "RU"))


def _arrivals() -> dict[tuple[dt.date, str], list[CaseEvent]]:
    """Transitions to "repatriated", grouped by arrival date and host country."""
    groups: dict[tuple[dt.date, str], list[CaseEvent]] = defaultdict(list)
    events = CaseEvent.objects.filter(kind=CaseEvent.Kind.TRANSITION, target_stage_id="repatriated").select_related(
        "case").order_by("occurred_at", "id")
    for event in events:
        groups[(timezone.localdate(event.occurred_at), event.case.host_country_id)].append(event)
    return groups


def _flight_for(day: dt.date, country: str, events: list[CaseEvent], rng: random.Random,
                carrier: Agency | None) -> Flight:
    origin = ORIGIN_CITY.get(country, country)
    existing = Flight.objects.filter(date=day, origin_country_id=country, status=Flight.Status.ARRIVED).first()
    if existing is not None:
        return existing
    arrived_at = max(e.occurred_at for e in events)
    return Flight.objects.create(
        reference=next_reference(day.year), origin_city=origin, origin_country_id=country,
        destination_city=DESTINATION_CITY, destination_country_id=_home_country(), date=day, carrier=carrier,
        seat_capacity=len(events) + rng.randint(0, 6), status=Flight.Status.ARRIVED,
        departed_at=arrived_at - FLIGHT_HOURS, arrived_at=arrived_at,
    )


def _escorts(flight: Flight, rng: random.Random, carrier: Agency | None) -> None:
    if flight.escorts.exists():
        return
    roster = [(rng.choice(DOCTORS), FlightEscort.Role.DOCTOR), (rng.choice(PSYCHOLOGISTS), FlightEscort.Role.PSYCHOLOGIST),
              (rng.choice(OFFICIALS), FlightEscort.Role.OFFICIAL)]
    if flight.seat_capacity > 20:
        second = rng.choice([d for d in DOCTORS if d != roster[0][0]])
        roster.append((second, FlightEscort.Role.DOCTOR))
    FlightEscort.objects.bulk_create([FlightEscort(flight=flight, name=n, role=r, agency=carrier) for n, r in roster])


def _passengers(flight: Flight, events: list[CaseEvent], rng: random.Random) -> int:
    on_board = set(FlightPassenger.objects.filter(flight=flight).values_list("case_id", flat=True))
    seated_elsewhere = set(FlightPassenger.objects.filter(status__in=SEATED).values_list("case_id", flat=True))
    assert flight.departed_at is not None
    rows, intakes = [], []
    for event in events:
        if event.case_id in on_board or event.case_id in seated_elsewhere:
            continue
        rows.append(FlightPassenger(
            flight=flight, case_id=event.case_id, status=PassengerStatus.BOARDED,
            boarded_at=flight.departed_at - dt.timedelta(minutes=rng.randint(30, 90)),
            identity_document="travel document",
        ))
        needs = rng.random() < 0.2
        intakes.append(ArrivalIntake(
            flight=flight, case_id=event.case_id,
            outcome=ArrivalIntake.Outcome.FOLLOW_UP if needs else ArrivalIntake.Outcome.FIT,
            medical_notes="underweight; vaccinations to complete" if needs else "no acute findings",
            psychological_notes="anxious, asks about mother" if needs else "calm, oriented",
        ))
    FlightPassenger.objects.bulk_create(rows)
    ArrivalIntake.objects.bulk_create(intakes, ignore_conflicts=True)
    return len(rows)


def _planned_flight(rng: random.Random, actor: Any, carrier: Agency | None, today: dt.date) -> Flight:
    """A flight from where most children now wait (Baghdad if none), with the first of them booked."""
    existing = Flight.objects.open().filter(date__gt=today).first()
    if existing is not None:
        return existing
    waiting = (Case.objects.filter(stage_id="ready_to_travel").exclude(flight_seats__status__in=SEATED)
               .values("host_country_id").annotate(n=Count("id")).order_by("-n", "host_country_id").first())
    country = waiting["host_country_id"] if waiting else "IQ"
    flight = create_flight(actor=actor, origin_city=ORIGIN_CITY.get(country, country), origin_country=country,
                           destination_city=DESTINATION_CITY, destination_country=_home_country(),
                           date=today + dt.timedelta(days=rng.randint(14, 35)), seat_capacity=30, carrier=carrier,
                           notes="charter requested")
    ready = list(Case.objects.filter(stage_id="ready_to_travel", host_country_id=country)
                 .exclude(flight_seats__status__in=SEATED).select_related("child", "stage").order_by("reference")[:8])
    for case in ready:
        if FlightPassenger.objects.filter(case=case, status__in=SEATED).exists():
            continue
        try:
            add_child_to_flight(actor=actor, flight=flight, case=case, with_siblings=True)
        except ActionError:
            continue  # refusals (a sibling not ready, no room) are what the demo user will see on the page
    FlightEscort.objects.create(flight=flight, name=rng.choice(DOCTORS), role=FlightEscort.Role.DOCTOR, agency=carrier)
    return flight


@transaction.atomic
def populate_demo(rng: random.Random, actor: Any = None, today: dt.date | None = None) -> dict[str, int]:
    """Attach flights, passengers and escorts to the demo's existing cases."""
    today = today or timezone.localdate()
    carrier = Agency.objects.filter(kind=Agency.Kind.FLIGHT).order_by("pk").first()
    flights = passengers = 0
    for (day, country), events in sorted(_arrivals().items()):
        flight = _flight_for(day, country, events, rng, carrier)
        flights += 1
        passengers += _passengers(flight, events, rng)
        _escorts(flight, rng, carrier)
    planned = _planned_flight(rng, actor, carrier, today)
    summary = {"flights": flights, "passengers": passengers,
               "planned_seats_taken": FlightPassenger.objects.filter(flight=planned, status__in=SEATED).count()}
    record(actor=actor, action="movements.demo.populated", data=summary)
    return summary
