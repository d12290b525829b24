"""The API's routes (under /api/) and its OpenAPI schema, which needs a token or a sign-in too."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path, register_converter
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import IsAuthenticated

from homeward.accounts.gate import Gate
from homeward.api.auth import BearerToken, Session, TokenRate
from homeward.api.base import route
from homeward.api.converters import RecordId
from homeward.api.problems import handler
from homeward.api.views import cases, movements, people, tokens, tracing


class Schema(SpectacularAPIView):
    authentication_classes = [BearerToken, Session]
    permission_classes = [IsAuthenticated]
    throttle_classes = [TokenRate]

    def get_exception_handler(self):  # type: ignore[no-untyped-def]
        return handler


register_converter(RecordId, "id")

schema = Schema.as_view()
schema.gate = Gate(None, ("GET",))  # type: ignore[attr-defined]

urlpatterns: list[URLPattern | URLResolver] = [
    path("schema/", schema, name="api-schema"),
    path("tokens/", route(tokens.TokenList), name="api-token-list"),
    path("tokens/<str:prefix>/", route(tokens.TokenDetail), name="api-token-detail"),
    path("cases/", route(cases.CaseList), name="api-case-list"),
    path("cases/<id:case_id>/", route(cases.CaseDetail), name="api-case-detail"),
    path("cases/<id:case_id>/transition/", route(cases.CaseTransition), name="api-case-transition"),
    path("cases/<id:case_id>/notes/", route(cases.CaseNotes), name="api-case-notes"),
    path("people/<id:person_id>/", route(people.PersonDetail), name="api-person-detail"),
    path("people/<id:person_id>/names/", route(people.PersonNames), name="api-person-names"),
    path("people/<id:person_id>/links/", route(people.PersonLinks), name="api-person-links"),
    path("requests/", route(tracing.RequestList), name="api-request-list"),
    path("requests/<id:request_id>/", route(tracing.RequestDetail), name="api-request-detail"),
    path("requests/<id:request_id>/close/", route(tracing.RequestClose), name="api-request-close"),
    path("matches/", route(tracing.MatchList), name="api-match-list"),
    path("matches/<id:candidate_id>/", route(tracing.MatchDetail), name="api-match-detail"),
    path("matches/<id:candidate_id>/decision/", route(tracing.MatchDecision), name="api-match-decision"),
    path("flights/", route(movements.FlightList), name="api-flight-list"),
    path("flights/<id:flight_id>/", route(movements.FlightDetail), name="api-flight-detail"),
    path("flights/<id:flight_id>/bookings/", route(movements.FlightBookings), name="api-flight-bookings"),
]
