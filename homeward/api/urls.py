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
from homeward.api.views import aftercare, cases, kinship, movements, people, tokens, tracing


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
    path("cases/<id:case_id>/handover/", route(aftercare.CaseHandover), name="api-case-handover"),
    path("cases/<id:case_id>/visits/", route(aftercare.CaseVisits), name="api-case-visits"),
    path("handovers/", route(aftercare.HandoverList), name="api-handover-list"),
    path("visits/", route(aftercare.VisitList), name="api-visit-list"),
    path("visits/<id:visit_id>/record/", route(aftercare.VisitRecord), name="api-visit-record"),
    path("samples/", route(kinship.SampleList), name="api-sample-list"),
    path("samples/<id:sample_id>/", route(kinship.SampleDetail), name="api-sample-detail"),
    path("samples/<id:sample_id>/collection/", route(kinship.SampleCollection), name="api-sample-collection"),
    path("samples/<id:sample_id>/seal/", route(kinship.SampleSeal), name="api-sample-seal"),
    path("samples/<id:sample_id>/transfers/", route(kinship.SampleTransfer), name="api-sample-transfers"),
    path("samples/<id:sample_id>/receipt/", route(kinship.SampleReceipt), name="api-sample-receipt"),
    path("samples/<id:sample_id>/rejection/", route(kinship.SampleRejection), name="api-sample-rejection"),
    path("profiles/imports/", route(kinship.ProfileImport), name="api-profile-import"),
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
