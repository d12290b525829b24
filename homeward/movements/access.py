"""The gate to flights (policy: accounts/policy.py).

The national office and the flight team work on every flight; a consular section on the flights
that leave its host country; a regional office on the flights that carry a child of its region.
On a flight, a user sees only the children whose cases they reach. A flight out of reach
answers 404 like a missing one.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from homeward.accounts import policy
from homeward.accounts.policy import Grant
from homeward.cases.access import cases_for
from homeward.cases.models import Case
from homeward.core.access import one_or_404
from homeward.errors import Forbidden
from homeward.movements.models import Flight, FlightPassenger

VIEW = "movements.flight.view"
MANAGE = "movements.flight.manage"


def flight_filter(grant: Grant) -> Q:
    if grant.everything or grant.flight_stages:
        return Q()
    if grant.host_country:
        return Q(origin_country_id=grant.host_country)
    if grant.regions is not None:
        carrying = FlightPassenger.objects.filter(case__home_region_id__in=sorted(grant.regions)).values("flight_id")
        return Q(pk__in=carrying)
    return Q(pk__in=[])


def flights_for(grant: Grant | None) -> QuerySet[Flight]:
    if grant is None:
        return Flight.objects.none()
    return Flight.objects.filter(flight_filter(grant))


def flights_visible_to(user: Any, permission: str = VIEW) -> QuerySet[Flight]:
    """Every flight ``user`` may reach under ``permission``."""
    return flights_for(policy.grant(user, permission))


def get_flight_for_user(user: Any, flight_id: int | str, permission: str = VIEW) -> Flight:
    qs = flights_visible_to(user, permission).select_related("origin_country", "destination_country", "carrier")
    flight: Flight = one_or_404(qs, flight_id, "flight")
    return flight


def flight_in(grant: Grant, flight: Flight) -> bool:
    if grant.everything or grant.flight_stages:
        return True
    if grant.host_country:
        return flight.origin_country_id == grant.host_country
    return flights_for(grant).filter(pk=flight.pk).exists()


def require_flight(actor: Any, permission: str, flight: Flight) -> Grant:
    """For actions: the grant, if it holds ``permission`` and reaches ``flight``; else Forbidden."""
    found = policy.require(actor, permission)
    if not flight_in(found, flight):
        raise Forbidden(policy.refusal(permission) + " " + _outside())
    return found


def _outside() -> str:
    from django.utils.translation import gettext as _

    return _("This flight is outside your office's flights.")


def passenger_cases(user: Any) -> QuerySet[Case]:
    """The children whose names and details ``user`` may see on a flight."""
    return cases_for(policy.grant(user, VIEW))
