"""Relatives' requests (file, read, edit, close) and candidate matches (review, decide)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from homeward.api.base import ApiView, client_ip, record_id
from homeward.api.pages import paginate
from homeward.api.schema import IDEMPOTENCY, page_of, problems
from homeward.api.serializers.tracing import (
    CloseSerializer,
    DecisionSerializer,
    MatchQuery,
    MatchSerializer,
    RequestCreateSerializer,
    RequestQuery,
    RequestSerializer,
    RequestUpdateSerializer,
)
from homeward.audit.log import record, record_list
from homeward.errors import ActionError
from homeward.tracing import access, actions
from homeward.tracing.models import SoughtChild, TracingRequest
from homeward.tracing.queries import search_requests

TAG_REQUESTS = ["requests"]
TAG_MATCHES = ["matches"]
FILE = "tracing.request.file"


def requests_for(user: Any) -> Any:
    children = SoughtChild.objects.prefetch_related("names").order_by("pk")
    return access.requests_visible_to(user).select_related("region").prefetch_related(
        Prefetch("sought_children", queryset=children))


def one_request(user: Any, request_id: Any, permission: str = access.VIEW) -> TracingRequest:
    return access.get_request_for_user(user, record_id(request_id, "request"), permission)


def show(user: Any, row: TracingRequest) -> dict[str, Any]:
    return dict(RequestSerializer(requests_for(user).get(pk=row.pk)).data)


def child_input(data: dict[str, Any], index: int) -> actions.SoughtChildInput:
    from homeward.tracing.birth import BirthError, parse_birth

    try:
        birth = parse_birth(data.get("birth", ""))
    except BirthError as exc:
        raise ActionError(str(exc), field_errors={f"children[{index}].birth": [str(exc)]}) from None
    return actions.SoughtChildInput(
        names=[actions.SoughtNameInput(n) for n in data["names"]], sex=data.get("sex", ""), birth=birth,
        mother_names=data.get("mother_names", []), father_names=data.get("father_names", []),
        last_heard_country=data.get("last_heard_country", ""), last_heard_city=data.get("last_heard_city", ""),
    )


class RequestList(ApiView):
    permissions = {"GET": access.VIEW, "POST": FILE}

    @extend_schema(operation_id="request_list_get", tags=TAG_REQUESTS, parameters=[RequestQuery],
                   responses={200: page_of(RequestSerializer), **problems(403, 404, 422)},
                   summary="Relatives' requests the token reaches; q searches every name in them")
    def get(self, request: Request) -> Response:
        query = RequestQuery(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        f = query.validated_data
        rows = requests_for(request.user)
        if f.get("q"):
            rows = search_requests(rows, f["q"])
        if f.get("status"):
            rows = rows.filter(status=f["status"])
        if f.get("region"):
            rows = rows.filter(region__code=f["region"])
        response, page = paginate(request, rows.order_by("-received_on", "-pk"), RequestSerializer)
        record_list(actor=request.user, action="tracing.request_api.listed",
                    query={k: str(v) for k, v in f.items()}, shown=page, ip=client_ip(request))
        return response

    @extend_schema(operation_id="request_list_post", tags=TAG_REQUESTS, request=RequestCreateSerializer, parameters=[IDEMPOTENCY],
                   responses={201: RequestSerializer, **problems(403, 409, 422)},
                   summary="File a relative's request for one or more children; matching follows")
    def post(self, request: Request) -> Response:
        def run() -> Response:
            body = RequestCreateSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            d = body.validated_data
            children = [child_input(c, i) for i, c in enumerate(d["children"])]
            row = actions.create_request(
                actor=request.user, requester_name=d["requester_name"], relation=d["relation"], region=d["region"],
                received_on=d["received_on"], received_by=getattr(request.user, "agency", None),
                phone=d.get("phone", ""), address=d.get("address", ""), notes=d.get("notes", ""),
                children=children)
            return Response(show(request.user, row), status=201)

        return self.write(request, run)


class RequestDetail(ApiView):
    permissions = {"GET": access.VIEW, "PATCH": FILE}

    @extend_schema(operation_id="request_detail_get", tags=TAG_REQUESTS, responses={200: RequestSerializer, **problems(403, 404)},
                   summary="One request, with the children it seeks")
    def get(self, request: Request, request_id: str) -> Response:
        row = one_request(request.user, request_id)
        response = Response(show(request.user, row))
        record(actor=request.user, action="tracing.request.viewed", obj=row, ip=client_ip(request),
               data={"via": "api"})
        return response

    @extend_schema(operation_id="request_detail_patch", tags=TAG_REQUESTS, request=RequestUpdateSerializer, parameters=[IDEMPOTENCY],
                   responses={200: RequestSerializer, **problems(403, 404, 409, 422)},
                   summary="Edit a request at the version read (409 if it changed since)")
    def patch(self, request: Request, request_id: str) -> Response:
        def run() -> Response:
            row = one_request(request.user, request_id, FILE)
            body = RequestUpdateSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            changes = dict(body.validated_data)
            version = changes.pop("version")
            updated = actions.update_request(actor=request.user, request_id=row.pk, expected_version=version,
                                             changes=changes)
            return Response(show(request.user, updated))

        return self.write(request, run)


class RequestClose(ApiView):
    permissions = {"POST": FILE}

    @extend_schema(operation_id="request_close_post", tags=TAG_REQUESTS, request=CloseSerializer, parameters=[IDEMPOTENCY],
                   responses={200: RequestSerializer, **problems(403, 404, 409, 422)},
                   summary="Close a request, saying why")
    def post(self, request: Request, request_id: str) -> Response:
        def run() -> Response:
            row = one_request(request.user, request_id, FILE)
            body = CloseSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            d = body.validated_data
            closed = actions.close_request(actor=request.user, request=row, note=d["note"],
                                           expected_version=d["version"])
            return Response(show(request.user, closed))

        return self.write(request, run)


def matches_for(user: Any) -> Any:
    return access.candidates_visible_to(user).select_related("case", "sought_child")


def one_match(user: Any, match_id: Any, permission: str = access.REVIEW) -> Any:
    return access.get_candidate_for_user(user, record_id(match_id, "candidate match"), permission)


class MatchList(ApiView):
    permissions = {"GET": access.REVIEW}

    @extend_schema(operation_id="match_list_get", tags=TAG_MATCHES, parameters=[MatchQuery],
                   responses={200: page_of(MatchSerializer), **problems(403, 404, 422)},
                   summary="Candidate pairs (case, sought child), likeliest first")
    def get(self, request: Request) -> Response:
        query = MatchQuery(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        f = query.validated_data
        rows = matches_for(request.user)
        if f.get("status"):
            rows = rows.filter(status=f["status"])
        if f.get("case"):
            rows = rows.filter(case_id=f["case"])
        response, page = paginate(request, rows.order_by("-match_probability", "pk"), MatchSerializer)
        record_list(actor=request.user, action="tracing.match_api.listed", query={k: str(v) for k, v in f.items()},
                    shown=page, ip=client_ip(request))
        return response


class MatchDetail(ApiView):
    permissions = {"GET": access.REVIEW}

    @extend_schema(operation_id="match_detail_get", tags=TAG_MATCHES, responses={200: MatchSerializer, **problems(403, 404)},
                   summary="One candidate pair")
    def get(self, request: Request, candidate_id: str) -> Response:
        row = one_match(request.user, candidate_id)
        response = Response(MatchSerializer(matches_for(request.user).get(pk=row.pk)).data)
        record(actor=request.user, action="tracing.match.viewed", obj=row, case_id=row.case_id,
               ip=client_ip(request), data={"request": row.sought_child.request_id, "via": "api"})
        return response


class MatchDecision(ApiView):
    permissions = {"POST": access.DECIDE}

    @extend_schema(operation_id="match_decision_post", tags=TAG_MATCHES, request=DecisionSerializer, parameters=[IDEMPOTENCY],
                   responses={200: MatchSerializer, **problems(403, 404, 409, 422)},
                   summary="Confirm or reject a pair (409 if it was decided meanwhile)")
    def post(self, request: Request, candidate_id: str) -> Response:
        def run() -> Response:
            row = one_match(request.user, candidate_id, access.DECIDE)
            body = DecisionSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            d = body.validated_data
            if d["decision"] == "confirm":
                decided = actions.confirm_match(actor=request.user, candidate=row, note=d.get("note", ""))
            else:
                decided = actions.reject_match(actor=request.user, candidate=row, note=d.get("note", ""))
            return Response(MatchSerializer(matches_for(request.user).get(pk=decided.pk)).data)

        return self.write(request, run)
