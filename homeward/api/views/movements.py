"""Flights (plan, read) and bookings (book a child, with siblings), as the flight pages do."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from homeward.api.base import ApiView, client_ip, record_id
from homeward.api.pages import paginate
from homeward.api.schema import IDEMPOTENCY, page_of, problems
from homeward.api.serializers.movements import (
    BookingSerializer,
    FlightCreateSerializer,
    FlightDetailSerializer,
    FlightQuery,
    FlightSerializer,
    PassengerSerializer,
)
from homeward.audit.log import record, record_list
from homeward.cases.access import get_case_for_user
from homeward.movements import actions
from homeward.movements.access import (
    MANAGE,
    VIEW,
    flights_visible_to,
    get_flight_for_user,
    passenger_cases,
)
from homeward.movements.models import Flight
from homeward.movements.queries import passengers_visible, seats_taken

TAG = ["flights"]
BOOK = actions.BOOK


def one_flight(user: Any, flight_id: Any, permission: str = VIEW) -> Flight:
    return get_flight_for_user(user, record_id(flight_id, "flight"), permission)


def detail(user: Any, flight: Flight) -> dict[str, Any]:
    rows = list(passengers_visible(flight, passenger_cases(user)).select_related("case").order_by("pk"))
    out = dict(FlightSerializer(flight).data)
    out["passengers"] = PassengerSerializer(rows, many=True).data
    out["seats_taken"] = seats_taken(flight)
    return out


class FlightList(ApiView):
    permissions = {"GET": VIEW, "POST": MANAGE}

    @extend_schema(operation_id="flight_list_get", tags=TAG, parameters=[FlightQuery], responses={200: page_of(FlightSerializer), **problems(403, 404, 422)},
                   summary="Flights the token reaches, latest first")
    def get(self, request: Request) -> Response:
        query = FlightQuery(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        f = query.validated_data
        rows = flights_visible_to(request.user)
        if f.get("status"):
            rows = rows.filter(status=f["status"])
        response, page = paginate(request, rows.order_by("-date", "-pk"), FlightSerializer)
        record_list(actor=request.user, action="movements.flight_api.listed", query={k: str(v) for k, v in f.items()},
                    shown=page, ip=client_ip(request))
        return response

    @extend_schema(operation_id="flight_list_post", tags=TAG, request=FlightCreateSerializer, parameters=[IDEMPOTENCY],
                   responses={201: FlightSerializer, **problems(403, 409, 422)}, summary="Plan a flight")
    def post(self, request: Request) -> Response:
        def run() -> Response:
            body = FlightCreateSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            d = body.validated_data
            flight = actions.create_flight(
                actor=request.user, origin_city=d["origin_city"], origin_country=d["origin_country"],
                destination_city=d["destination_city"], destination_country=d["destination_country"],
                date=d["date"], seat_capacity=d["seat_capacity"], notes=d.get("notes", ""))
            return Response(FlightSerializer(flight).data, status=201)

        return self.write(request, run)


class FlightDetail(ApiView):
    permissions = {"GET": VIEW}

    @extend_schema(operation_id="flight_detail_get", tags=TAG, responses={200: FlightDetailSerializer, **problems(403, 404)},
                   summary="One flight and the passengers the token may see")
    def get(self, request: Request, flight_id: str) -> Response:
        flight = one_flight(request.user, flight_id)
        out = detail(request.user, flight)
        record(actor=request.user, action="movements.flight.viewed", obj=flight, ip=client_ip(request),
               data={"cases": [p["case"] for p in out["passengers"]], "via": "api"})
        return Response(out)


class FlightBookings(ApiView):
    permissions = {"POST": BOOK}

    @extend_schema(operation_id="flight_bookings_post", tags=TAG, request=BookingSerializer, parameters=[IDEMPOTENCY],
                   responses={201: PassengerSerializer(many=True), **problems(403, 404, 409, 422)},
                   summary="Book a child (and siblings) on a flight; refusals name every reason")
    def post(self, request: Request, flight_id: str) -> Response:
        def run() -> Response:
            flight = one_flight(request.user, flight_id, BOOK)
            body = BookingSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            d = body.validated_data
            try:
                case = get_case_for_user(request.user, d["case"], BOOK)
            except Http404:
                raise ValidationError({"case": ["No such case within your reach."]}) from None
            rows = actions.add_child_to_flight(actor=request.user, flight=flight, case=case,
                                               with_siblings=d["with_siblings"], seat=d.get("seat", ""))
            return Response(PassengerSerializer(rows, many=True).data, status=201)

        return self.write(request, run)
