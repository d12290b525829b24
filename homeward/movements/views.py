"""Flight pages: the list, one flight (passengers, siblings, escorts, boarding, departure, arrival),
and its manifest PDF. Flights come through movements/access.py, children through cases/access.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from homeward.accounts import policy
from homeward.accounts.gate import by_arg, gate
from homeward.audit.log import record, record_list
from homeward.cases.access import get_case_for_user
from homeward.cases.models import Case
from homeward.core.editing import client_ip, form_errors_to_messages, run, run_with_messages
from homeward.core.http import is_htmx
from homeward.core.pdf import document_language
from homeward.errors import ActionError
from homeward.movements import actions
from homeward.movements.access import (
    MANAGE,
    VIEW,
    flights_visible_to,
    get_flight_for_user,
    passenger_cases,
)
from homeward.movements.documents import manifest_pdf, manifest_rows, ordered_names
from homeward.movements.errors import Refused
from homeward.movements.forms import (
    AddChildForm,
    BoardForm,
    EscortForm,
    FlightForm,
    IntakeForm,
    MoveForm,
    ReasonForm,
    SeparationForm,
    WhenForm,
)
from homeward.movements.models import (
    SEATED,
    ArrivalIntake,
    Flight,
    FlightPassenger,
    SiblingSeparation,
)
from homeward.movements.queries import (
    READY,
    assess_adding,
    cases_ready_without_seat,
    flights_with_counts,
    passengers_visible,
    seats_taken,
    sibling_cases,
)
from homeward.people.models import Person

BOOK = "movements.passenger.book"
BOARD = "movements.passenger.board"
INTAKE = "movements.intake.record"


def run_action(request: HttpRequest, action: Callable[[], Any], success: str) -> ActionError | None:
    """Run ``action`` (core/editing.run): on refusal show every reason and return the error."""
    return run_with_messages(request, action, success).error


def back_to(flight: Flight, anchor: str = "") -> HttpResponse:
    return redirect(reverse("movements:flight-detail", args=[flight.pk]) + (f"#{anchor}" if anchor else ""))


@gate(VIEW)
def flight_list(request: HttpRequest) -> HttpResponse:
    """The flights the user may see, newest first, with seats taken and children boarded."""
    status = request.GET.get("status", "")[:20]
    flights = flights_visible_to(request.user)
    if status in Flight.Status.values:
        flights = flights.filter(status=status)
    shown = list(flights_with_counts(flights))
    response = render(request, "movements/flight_list.html", {
        "flights": shown, "status": status, "statuses": Flight.Status.choices,
        "can_manage": policy.holds(request.user, MANAGE),
    })
    record_list(actor=request.user, action="movements.flight.listed", query={"status": status}, shown=shown,
                ip=client_ip(request))
    return response


@gate(MANAGE, methods=("GET", "POST"))
def flight_create(request: HttpRequest) -> HttpResponse:
    form = FlightForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        created: list[Flight] = []
        error = run_action(request, lambda: created.append(actions.create_flight(
            actor=request.user, origin_city=d["origin_city"], origin_country=d["origin_country"],
            destination_city=d["destination_city"], destination_country=d["destination_country"], date=d["date"],
            seat_capacity=d["seat_capacity"], carrier=d["carrier"], notes=d["notes"])), _("Flight planned."))
        if error is None:
            return back_to(created[0])
    return render(request, "movements/flight_form.html", {"form": form})


def _flight_context(request: HttpRequest, flight: Flight, **extra: Any) -> dict[str, Any]:
    cases = passenger_cases(request.user)
    rows = list(passengers_visible(flight, cases))
    seated_total = seats_taken(flight)
    seated_shown = sum(1 for r in rows if r.status in SEATED)
    intakes = {i.case_id: i for i in ArrivalIntake.objects.filter(flight=flight, case__in=cases)}
    manage = policy.holds(request.user, MANAGE)
    book = policy.holds(request.user, BOOK)
    passengers = [
        {
            "row": r, "names": ordered_names(list(r.case.child.names.all())), "age": r.case.child.age_on(flight.date),
            "group": r.case.child.sibling_group, "ready": r.case.stage_id == READY, "intake": intakes.get(r.case_id),
        }
        for r in rows
    ]
    context: dict[str, Any] = {
        "flight": flight, "passengers": passengers, "seated": seated_total,
        "free": max(flight.seat_capacity - seated_total, 0), "hidden": seated_total - seated_shown,
        "escorts": flight.escorts.select_related("agency"), "can_manage": manage, "can_book": book,
        "can_board": policy.holds(request.user, BOARD), "can_intake": policy.holds(request.user, INTAKE),
        "separations": SiblingSeparation.objects.filter(flight=flight, case__in=cases).select_related(
            "case", "sibling", "created_by"),
        "ready_cases": cases_ready_without_seat(cases) if book and flight.is_open else [],
        "later_flights": flights_visible_to(request.user).filter(status__in=Flight.OPEN_STATUSES, date__gte=flight.date).exclude(pk=flight.pk),
        "escort_form": EscortForm(), "add_form": AddChildForm(), "intake_outcomes": ArrivalIntake.Outcome.choices,
        "now": timezone.now(),
    }
    context.update(extra)
    return context


@gate(VIEW)
def flight_detail(request: HttpRequest, flight_id: int) -> HttpResponse:
    """One flight: the children the user may see, siblings, readiness, escorts, boarding, arrival."""
    flight = get_flight_for_user(request.user, flight_id)
    context = _flight_context(request, flight)
    response = render(request, "movements/flight_detail.html", context)
    record(actor=request.user, action="movements.flight.viewed", obj=flight, ip=client_ip(request),
           data={"cases": [p["row"].case_id for p in context["passengers"]]})
    return response


@gate(BOOK, methods=("POST",))
def flight_add_child(request: HttpRequest, flight_id: int) -> HttpResponse:
    """Add a child; a refusal lists every reason and offers the ways out (siblings, separation)."""
    flight = get_flight_for_user(request.user, flight_id, BOOK)
    form = AddChildForm(request.POST)
    refusal: Refused | ActionError | None = None
    attempted: Case | None = None
    if form.is_valid():
        attempted = get_case_for_user(request.user, form.cleaned_data["case"], BOOK)
        case = attempted
        result = run(lambda: actions.add_child_to_flight(actor=request.user, flight=flight, case=case,
                                                         with_siblings=form.cleaned_data["with_siblings"],
                                                         seat=form.cleaned_data["seat"]))
        refusal = result.error
        if result.value is not None:
            rows = result.value
            booked = Case.objects.filter(pk__in=[r.case_id for r in rows]).order_by("reference")
            messages.success(request, _("Booked on this flight: %(refs)s.")
                             % {"refs": ", ".join(c.reference for c in booked)})
            # Siblings not yet ready do not block, but the caseworker should know they stay behind.
            for warning in assess_adding(flight, list(booked.select_related("child", "stage")),
                                         visible=_visible_ids(request)).warnings:
                messages.warning(request, warning)
    else:
        refusal = ActionError(_("Choose a child."))
    if refusal is None:
        if is_htmx(request):
            response = HttpResponse(status=204)
            response["HX-Refresh"] = "true"
            return response
        return back_to(flight, "passengers")
    blocking = []
    if attempted is not None:
        visible = passenger_cases(request.user)
        on_flight = set(FlightPassenger.objects.filter(flight=flight, status__in=SEATED).values_list("case_id", flat=True))
        blocking = [s for s in sibling_cases(attempted)
                    if s.stage_id == READY and s.pk not in on_flight and visible.filter(pk=s.pk).exists()]
    warnings = refusal.warnings if isinstance(refusal, Refused) else (
        assess_adding(flight, [attempted], visible=_visible_ids(request)).warnings if attempted else [])
    context = _flight_context(
        request, flight, refusal=refusal, reasons=refusal.reasons if isinstance(refusal, Refused) else [refusal.message],
        warnings=warnings, attempted=attempted, blocking=blocking,
    )
    if is_htmx(request):
        return render(request, "movements/flight_detail.html#add_child", context)
    return render(request, "movements/flight_detail.html", context, status=422)


def _visible_ids(request: HttpRequest) -> set[int] | None:
    if request.user.is_superuser:
        return None
    return set(passenger_cases(request.user).values_list("pk", flat=True))


@gate(BOOK, methods=("POST",))
def flight_separation(request: HttpRequest, flight_id: int) -> HttpResponse:
    """Record why a child flies without a ready sibling."""
    flight = get_flight_for_user(request.user, flight_id, BOOK)
    form = SeparationForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return back_to(flight, "add-child")
    case = get_case_for_user(request.user, form.cleaned_data["case"], BOOK)
    sibling_case = get_case_for_user(request.user, Case.objects.filter(
        child_id=form.cleaned_data["sibling"]).values_list("pk", flat=True).first() or 0)
    sibling: Person = sibling_case.child
    run_action(request, lambda: actions.record_sibling_separation(
        actor=request.user, flight=flight, case=case, sibling=sibling, reason=form.cleaned_data["reason"]),
        _("The reason is recorded; the child may now be added alone."))
    return back_to(flight, "add-child")


@gate(MANAGE, methods=("POST",))
def flight_escort(request: HttpRequest, flight_id: int) -> HttpResponse:
    flight = get_flight_for_user(request.user, flight_id, MANAGE)
    form = EscortForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        run_action(request, lambda: actions.add_escort(actor=request.user, flight=flight, name=d["name"],
                                                       role=d["role"], agency=d["agency"]), _("Escort added."))
    else:
        form_errors_to_messages(request, form)
    return back_to(flight, "escorts")


@gate(MANAGE, methods=("POST",))
def flight_escort_remove(request: HttpRequest, flight_id: int, escort_id: int) -> HttpResponse:
    flight = get_flight_for_user(request.user, flight_id, MANAGE)
    escort = flight.escorts.filter(pk=escort_id).first()
    if escort is None:
        raise Http404("No such escort")
    run_action(request, lambda: actions.remove_escort(actor=request.user, escort=escort), _("Escort removed."))
    return back_to(flight, "escorts")


def _passenger(request: HttpRequest, flight: Flight, passenger_id: int) -> FlightPassenger:
    row = FlightPassenger.objects.filter(flight=flight, pk=passenger_id, case__in=passenger_cases(request.user)) \
        .select_related("flight", "case").first()
    if row is None:  # a child the user may not see answers like a missing one
        raise Http404("No such passenger")
    return row


PASSENGER_STEPS = {"board": BOARD, "not-boarded": BOARD, "remove": BOOK, "move": BOOK}


@gate(by_arg("what", PASSENGER_STEPS), methods=("POST",))
def passenger_action(request: HttpRequest, flight_id: int, passenger_id: int, what: str) -> HttpResponse:
    """Board, not boarded, remove or move one child."""
    flight = get_flight_for_user(request.user, flight_id, PASSENGER_STEPS[what])
    row = _passenger(request, flight, passenger_id)
    if what == "board":
        board = BoardForm(request.POST)
        doc = board.cleaned_data["identity_document"] if board.is_valid() else ""
        run_action(request, lambda: actions.board_child(actor=request.user, passenger=row, identity_document=doc),
                   _("Boarded: identity checked."))
    elif what in {"not-boarded", "remove"}:
        form = ReasonForm(request.POST)
        if form.is_valid():
            reason = form.cleaned_data["reason"]
            if what == "remove":
                run_action(request, lambda: actions.remove_child(actor=request.user, passenger=row, reason=reason),
                           _("Taken off the flight."))
            else:
                run_action(request, lambda: actions.record_not_boarded(actor=request.user, passenger=row,
                                                                       reason=reason), _("Recorded as not boarded."))
        else:
            form_errors_to_messages(request, form)
    elif what == "move":
        move = MoveForm(request.POST)
        if move.is_valid():
            target = get_flight_for_user(request.user, move.cleaned_data["to_flight"], BOOK)
            run_action(request, lambda: actions.move_child(actor=request.user, passenger=row, to_flight=target,
                                                           reason=move.cleaned_data["reason"]),
                       _("Moved to flight %(ref)s.") % {"ref": target.reference})
        else:
            form_errors_to_messages(request, move)
    else:
        raise Http404("No such action")
    return back_to(flight, "passengers")


def _when(request: HttpRequest) -> dt.datetime:
    form = WhenForm(request.POST)
    if form.is_valid() and form.cleaned_data["at"]:
        value: dt.datetime = form.cleaned_data["at"]
        return value if timezone.is_aware(value) else timezone.make_aware(value, dt.UTC)
    return timezone.now()


@gate(by_arg("what", {"confirm": MANAGE, "depart": MANAGE, "arrive": MANAGE, "cancel": MANAGE}),
      methods=("POST",))
def flight_status(request: HttpRequest, flight_id: int, what: str) -> HttpResponse:
    """Confirm, record departure, record arrival, or cancel."""
    flight = get_flight_for_user(request.user, flight_id, MANAGE)
    user = request.user
    if what == "confirm":
        run_action(request, lambda: actions.confirm_flight(actor=user, flight=flight), _("Flight confirmed."))
    elif what == "depart":
        when = _when(request)
        run_action(request, lambda: actions.record_departure(actor=user, flight=flight, departed_at=when),
                   _("Departure recorded."))
    elif what == "arrive":
        when = _when(request)
        run_action(request, lambda: actions.record_arrival(actor=user, flight=flight, arrived_at=when),
                   _("Arrival recorded: the children on board are home."))
    elif what == "cancel":
        form = ReasonForm(request.POST)
        if form.is_valid():
            run_action(request, lambda: actions.cancel_flight(actor=user, flight=flight,
                                                              reason=form.cleaned_data["reason"]),
                       _("Flight cancelled; every child keeps their place in the workflow."))
        else:
            form_errors_to_messages(request, form)
    else:
        raise Http404("No such action")
    return back_to(flight)


@gate(INTAKE, methods=("POST",))
def flight_intake(request: HttpRequest, flight_id: int, case_id: int) -> HttpResponse:
    """Record the arrival medical and psychological intake of one child."""
    flight = get_flight_for_user(request.user, flight_id, INTAKE)
    case = get_case_for_user(request.user, case_id, INTAKE)
    form = IntakeForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        run_action(request, lambda: actions.record_intake(
            actor=request.user, flight=flight, case=case, outcome=d["outcome"], medical_notes=d["medical_notes"],
            psychological_notes=d["psychological_notes"]), _("Arrival intake recorded."))
    else:
        form_errors_to_messages(request, form)
    return back_to(flight, "passengers")


@gate(VIEW)
def flight_manifest(request: HttpRequest, flight_id: int) -> HttpResponse:
    """The manifest as PDF, listing the children the user may see."""
    flight = get_flight_for_user(request.user, flight_id)
    cases = passenger_cases(request.user)
    try:
        language = document_language(request.GET.get("lang"), get_language() or "en")
        pdf = manifest_pdf(flight, cases, language)
    except ActionError as exc:
        return HttpResponse(exc.message, status=503, content_type="text/plain; charset=utf-8")
    rows, hidden = manifest_rows(flight, cases)
    record(actor=request.user, action="movements.flight.manifest_printed", obj=flight, ip=client_ip(request),
           data={"cases": [r.passenger.case_id for r in rows], "hidden": hidden, "language": language})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="manifest-{flight.reference}-{language}.pdf"'
    return response
