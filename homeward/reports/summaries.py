"""Plain-language summaries of flights: "27 children aged 4 to 13 from 10 regions arrived from
Baghdad on 10 February 2019".

``summarise`` takes plain facts (ages on the arrival date, home regions, origin, date) so that it
serves both the batches read from case histories and the flights recorded in
``homeward.movements``, whichever a page has at hand.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import ngettext

from homeward.core.bidi import isolate_in_rtl
from homeward.places.models import city_name
from homeward.reports.queries import Batch


def summarise(
    *, count: int, ages: Iterable[int], regions: int, origin: str, arrived_on: dt.date,
    threshold: int | None = None,
) -> str:
    """One sentence on one flight, in the active language.

    ``ages`` are the known ages in whole years on ``arrived_on``; ``regions`` the number of
    distinct home regions. With a ``threshold`` (public figures) a flight of fewer children says
    only "fewer than 5", without ages or regions. The date is written in the language's own
    format (``DATE_FORMAT``), once; each piece agrees with its number (Russian three forms,
    Arabic six), and the origin is isolated so a Latin name reads right in an Arabic sentence.
    """
    when = date_format(arrived_on, "DATE_FORMAT")
    origin = isolate_in_rtl(origin)
    if threshold is not None and 0 < count < threshold:
        return ngettext(
            "Fewer than %(threshold)d child arrived from %(origin)s on %(date)s.",
            "Fewer than %(threshold)d children arrived from %(origin)s on %(date)s.", threshold,
        ) % {"threshold": threshold, "origin": origin, "date": when}
    parts = [ngettext("%(count)d child", "%(count)d children", count) % {"count": count}]
    known = sorted(ages)
    if known:
        low, high = known[0], known[-1]
        if low == high:
            parts.append(ngettext("aged %(age)d", "aged %(age)d", low) % {"age": low})
        else:
            parts.append(ngettext("aged %(low)d to %(high)d", "aged %(low)d to %(high)d", high)
                         % {"low": low, "high": high})
    if regions:
        parts.append(ngettext("from %(n)d region", "from %(n)d regions", regions) % {"n": regions})
    parts.append(ngettext("arrived from %(origin)s on %(date)s", "arrived from %(origin)s on %(date)s", count)
                 % {"origin": origin, "date": when})
    return " ".join(parts)


@dataclass(frozen=True)
class FlightSummary:
    """A batch of arrivals with its sentence (and the recorded flight, when there is one)."""

    batch: Batch
    origin: str
    text: str
    flight: Any = None


def flight_origin(flight: Any) -> str:
    """Where a recorded flight left from, whatever the movements app calls it."""
    for attr in ("origin_city", "departure_city", "origin", "route"):
        value = getattr(flight, attr, None)
        if value:
            text = str(value)
            # a route "Baghdad – Grozny" (any dash or arrow): its first leg is the origin
            for sep in ("→", "->", "–", "—", " - ", "/"):
                if sep in text:
                    return city_name(text.split(sep, 1)[0].strip())
            return city_name(text.strip())
    return ""


def _country_name(code: str) -> str:
    """The host country's name in the active language (empty if the code is unknown)."""
    from homeward.places.models import Country

    country = Country.objects.filter(pk=code).first()
    return str(country) if country is not None else ""


def summarise_batch(batch: Batch, *, flight: Any = None, threshold: int | None = None,
                    country: str | None = None) -> FlightSummary:
    """The sentence for one batch of arrivals; the flight, if given, names the city of departure
    (else ``country``, the host country's name, looked up when not given)."""
    origin = flight_origin(flight) if flight is not None else ""
    if country is None and not origin:
        country = _country_name(batch.host_country_id)
    origin = origin or country or batch.host_country or batch.host_country_id
    text = summarise(count=batch.count, ages=batch.ages(), regions=batch.region_count(), origin=origin,
                     arrived_on=batch.arrived_on, threshold=threshold)
    return FlightSummary(batch, origin, text, flight)


def flight_model_or_none() -> Any:
    """The movements app's Flight model, if that app records flights."""
    try:
        from homeward.movements import models as movements
    except ImportError:
        return None
    return getattr(movements, "Flight", None)


def flights_for_batches(batches: Iterable[Batch]) -> dict[tuple[dt.date, str], Any]:
    """The recorded flight of each batch, found by its passengers, else by date and origin country.

    Flights are optional: without the movements app (or its tables) every batch is described from
    the case histories alone, so a failed lookup is not an error.
    """
    from django.core.exceptions import FieldError
    from django.db import DatabaseError, transaction

    flight_model = flight_model_or_none()
    batches = list(batches)
    if flight_model is None or not batches:
        return {}
    found: dict[tuple[dt.date, str], Any] = {}
    try:
        with transaction.atomic():
            # Three queries for all the batches: the flights of their dates, and the seats their
            # children held on them; each batch then takes, as before, the flight its children
            # boarded, else one they were booked on, else one that left the host country then.
            days = {d for b in batches for d in (b.arrived_on - dt.timedelta(days=1), b.arrived_on)}
            flights = list(flight_model.objects.filter(date__in=sorted(days)).order_by("-date", "pk"))
            by_id = {f.pk: f for f in flights}
            ids = sorted({h.case_id for b in batches for h in b.children})
            seats: dict[int, list[tuple[int, str]]] = {}
            if flights and ids:
                passengers = flight_model._meta.get_field("passengers").related_model
                for flight_id, case_id, status in (passengers.objects.filter(flight_id__in=list(by_id),
                                                                             case_id__in=ids)
                                                   .values_list("flight_id", "case_id", "status")):
                    seats.setdefault(case_id, []).append((flight_id, status))
            for batch in batches:
                near = (batch.arrived_on - dt.timedelta(days=1), batch.arrived_on)
                candidates = [f for f in flights if f.date in near]
                boarded = {fid for h in batch.children for fid, st in seats.get(h.case_id, []) if st == "boarded"}
                booked = {fid for h in batch.children for fid, _st in seats.get(h.case_id, [])}
                flight = (next((f for f in candidates if f.pk in boarded), None)
                          or next((f for f in candidates if f.pk in booked), None)
                          or next((f for f in candidates if f.origin_country_id == batch.host_country_id), None))
                if flight is not None:
                    found[(batch.arrived_on, batch.host_country_id)] = flight
    except (DatabaseError, FieldError):
        return {}
    return found


def flight_summaries(batches: Iterable[Batch], *, threshold: int | None = None) -> list[FlightSummary]:
    """A sentence for every batch of arrivals, oldest first."""
    from homeward.places.models import Country

    batches = list(batches)
    flights = flights_for_batches(batches)
    names = {c.code: str(c) for c in Country.objects.filter(code__in=sorted({b.host_country_id for b in batches}))}
    return [summarise_batch(b, flight=flights.get((b.arrived_on, b.host_country_id)), threshold=threshold,
                            country=names.get(b.host_country_id, "")) for b in batches]


def summarise_flight(flight: Any, *, threshold: int | None = None) -> str:
    """The sentence for a recorded flight that has landed, from its boarded passengers.

    Ages are taken on the arrival date (the flight's date if no arrival time was recorded).
    """
    from django.utils import timezone

    from homeward.reports.queries import age_on, birth_middle

    arrived_on = timezone.localtime(flight.arrived_at).date() if flight.arrived_at else flight.date
    rows = list(flight.passengers.filter(status="boarded").select_related("case__child"))
    children = [row.case.child for row in rows]
    ages = [a for a in (age_on(birth_middle(c.birth_date, c.birth_date_min, c.birth_date_max), arrived_on)
                        for c in children) if a is not None]
    regions = len({row.case.home_region_id for row in rows if row.case.home_region_id is not None})
    origin = flight_origin(flight) or str(flight.origin_country)
    return summarise(count=len(rows), ages=ages, regions=regions, origin=origin, arrived_on=arrived_on,
                     threshold=threshold)
