"""Reads across flights, cases and people: who may board, who is on board, who is overdue a visit.

Pages call these with querysets already narrowed by the domains' access modules.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Case as DbCase
from django.db.models import Count, Q, QuerySet, Value, When
from django.utils.translation import gettext as _

from homeward.cases.models import Case
from homeward.movements.models import (
    SEATED,
    Flight,
    FlightPassenger,
    SiblingSeparation,
)
from homeward.people.models import Person

READY = "ready_to_travel"


@dataclass
class Assessment:
    """Why some children may not be added to a flight (``reasons``) and what to watch (``warnings``)."""

    reasons: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def allowed(self) -> bool:
        return not self.reasons


def child_label(case: Case) -> str:
    """A child as named in refusals: first official name and case reference."""
    return f"{case.child.display_name} ({case.reference})"


def seats_taken(flight: Flight) -> int:
    return FlightPassenger.objects.filter(flight=flight, status__in=SEATED).count()


def sibling_cases(case: Case) -> list[Case]:
    """The cases of the child's brothers and sisters (full and half: one sibling group)."""
    group = case.child.sibling_group_id
    if group is None:
        return []
    return list(
        Case.objects.filter(child__sibling_group_id=group).exclude(pk=case.pk)
        .select_related("child", "stage").prefetch_related("child__names").order_by("reference")
    )


def siblings_without_case(case: Case) -> list[Person]:
    group = case.child.sibling_group_id
    if group is None:
        return []
    return list(
        Person.objects.filter(sibling_group_id=group, kind=Person.Kind.CHILD, case__isnull=True)
        .exclude(pk=case.child_id).prefetch_related("names")
    )


def assess_adding(flight: Flight, cases: Sequence[Case], visible: set[int] | None = None) -> Assessment:
    """Every reason the children ``cases``, added together, may not go on ``flight``.

    Siblings who are ready to travel must be on the same flight (or added with the child) unless a
    caseworker recorded why they travel apart; siblings not yet ready only give a warning.
    ``visible`` (case ids the reader may see; None: all) keeps a sibling the reader may not see
    from being named: the reason still counts, the child is "a sibling whose case you cannot see".
    """
    result = Assessment()

    def sibling_label(sib: Case) -> str:
        if visible is None or sib.pk in visible:
            return child_label(sib)
        return _("a brother or sister whose case is outside your office's cases")

    if not flight.is_open:
        result.reasons.append(
            _("Flight %(ref)s is %(status)s: only planned or confirmed flights take children.")
            % {"ref": flight.reference, "status": flight.get_status_display()}
        )
    adding_ids = {c.pk for c in cases}
    seated = {
        p.case_id: p for p in FlightPassenger.objects.filter(case_id__in=adding_ids, status__in=SEATED)
        .select_related("flight")
    }
    for case in cases:
        if case.stage_id != READY:
            result.reasons.append(
                _("%(child)s is at stage “%(stage)s”, not “Ready to travel”.")
                % {"child": child_label(case), "stage": str(case.stage)}
            )
        seat = seated.get(case.pk)
        if seat is not None:
            result.reasons.append(
                _("%(child)s already has a seat on flight %(ref)s.") % {"child": child_label(case), "ref": seat.flight.reference}
            )
    taken = seats_taken(flight)
    new = len([c for c in cases if c.pk not in seated])
    if taken + new > flight.seat_capacity:
        free = max(flight.seat_capacity - taken, 0)
        result.reasons.append(
            _("Flight %(ref)s is full: %(taken)s of %(cap)s seats taken, %(free)s free for %(new)s children.")
            % {"ref": flight.reference, "taken": taken, "cap": flight.seat_capacity, "free": free, "new": new}
        )
    on_flight = set(
        FlightPassenger.objects.filter(flight=flight, status__in=SEATED).values_list("case_id", flat=True)
    )
    separated = set(
        SiblingSeparation.objects.filter(flight=flight, case_id__in=adding_ids).values_list("case_id", "sibling_id")
    )
    for case in cases:
        for sib in sibling_cases(case):
            if sib.pk in adding_ids or sib.pk in on_flight:
                continue
            if sib.stage_id == READY:
                if (case.pk, sib.child_id) in separated:
                    result.warnings.append(
                        _("%(sibling)s travels apart from %(child)s, as recorded.")
                        % {"sibling": sibling_label(sib), "child": child_label(case)}
                    )
                    continue
                elsewhere = FlightPassenger.objects.filter(case=sib, status__in=SEATED).select_related("flight").first()
                where = (_(" (booked on flight %(ref)s)") % {"ref": elsewhere.flight.reference}) \
                    if elsewhere and (visible is None or sib.pk in visible) else ""
                result.reasons.append(
                    _("%(sibling)s, sibling of %(child)s, is ready to travel but not on this flight%(where)s: "
                      "add the siblings together, or record why they travel apart.")
                    % {"sibling": sibling_label(sib), "child": child_label(case), "where": where}
                )
            elif sib.stage.order < _ready_order():
                result.warnings.append(
                    _("%(sibling)s, sibling of %(child)s, is not ready to travel yet (stage “%(stage)s”).")
                    % {"sibling": sibling_label(sib), "child": child_label(case), "stage": str(sib.stage)}
                )
        for person in siblings_without_case(case):
            result.warnings.append(
                _("%(sibling)s, sibling of %(child)s, has no case yet.")
                % {"sibling": person.display_name if visible is None else _("a brother or sister"),
                   "child": child_label(case)}
            )
    return result


def _ready_order() -> int:
    from homeward.cases.models import Stage

    return Stage.objects.filter(code=READY).values_list("order", flat=True).first() or 0


def ready_siblings_to_add(flight: Flight, case: Case) -> list[Case]:
    """Ready siblings of ``case`` that hold no seat yet: the ones to add with the child."""
    seated = set(FlightPassenger.objects.filter(status__in=SEATED).filter(
        case__child__sibling_group_id=case.child.sibling_group_id).values_list("case_id", flat=True))
    return [s for s in sibling_cases(case) if s.stage_id == READY and s.pk not in seated]


def passengers_visible(flight: Flight, cases: QuerySet[Case]) -> QuerySet[FlightPassenger]:
    """Rows of ``flight`` whose case is among ``cases`` (the user's visible cases)."""
    return (
        FlightPassenger.objects.filter(flight=flight, case__in=cases)
        .select_related("case", "case__child", "case__child__sibling_group", "case__stage", "case__home_region",
                        "identity_checked_by", "moved_to")
        .prefetch_related("case__child__names")
        # Children holding a seat first (siblings next to each other), then the history rows.
        .annotate(history=DbCase(When(status__in=SEATED, then=Value(0)), default=Value(1)))
        .order_by("history", "case__child__sibling_group_id", "case__reference", "id")
    )


def flights_with_counts(flights: QuerySet[Flight]) -> QuerySet[Flight]:
    return flights.select_related("origin_country", "destination_country", "carrier").annotate(
        seated=Count("passengers", filter=Q(passengers__status__in=SEATED)),
        boarded=Count("passengers", filter=Q(passengers__status="boarded")),
    )


def cases_ready_without_seat(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Children ready to travel who hold no seat on any flight."""
    return (
        cases.filter(stage_id=READY).exclude(flight_seats__status__in=SEATED)
        .select_related("child", "child__sibling_group", "stage", "home_region").prefetch_related("child__names")
        .order_by("reference")
    )


def arrival_flight(case: Case) -> Flight | None:
    """The flight on which the child came home (boarded, arrived)."""
    row = (
        FlightPassenger.objects.filter(case=case, status="boarded", flight__status=Flight.Status.ARRIVED)
        .select_related("flight").order_by("-flight__date").first()
    )
    return row.flight if row else None
