"""Handovers to guardians and follow-up visits, as the aftercare pages do them."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from homeward.aftercare import actions
from homeward.aftercare.access import (
    HAND_OVER,
    VIEW,
    VISIT,
    get_visit_for_user,
    handovers_visible_to,
    visits_visible_to,
)
from homeward.api.base import ApiView, client_ip, record_id
from homeward.api.pages import paginate
from homeward.api.schema import IDEMPOTENCY, PageQuery, page_of, problems
from homeward.api.serializers.aftercare import (
    HandoverInputSerializer,
    HandoverSerializer,
    ScheduleSerializer,
    VisitQuery,
    VisitRecordSerializer,
    VisitSerializer,
)
from homeward.audit.log import record_list
from homeward.cases.access import get_case_for_user

TAG = ["aftercare"]


class HandoverList(ApiView):
    permissions = {"GET": VIEW}

    @extend_schema(operation_id="handover_list_get", tags=TAG, parameters=[PageQuery],
                   responses={200: page_of(HandoverSerializer), **problems(404, 422)},
                   summary="Children handed over to guardians, latest first")
    def get(self, request: Request) -> Response:
        query = PageQuery(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        rows = handovers_visible_to(request.user).order_by("-signed_at", "-pk")
        response, page = paginate(request, rows, HandoverSerializer)
        record_list(actor=request.user, action="aftercare.handover_api.listed", query={}, shown=page,
                    ip=client_ip(request))
        return response


class CaseHandover(ApiView):
    permissions = {"POST": HAND_OVER}

    @extend_schema(operation_id="case_handover_post", tags=TAG, request=HandoverInputSerializer,
                   parameters=[IDEMPOTENCY], responses={201: HandoverSerializer, **problems(404, 409, 422)},
                   summary="Hand a repatriated child to a guardian; refusals list every reason")
    def post(self, request: Request, case_id: str) -> Response:
        def run() -> Response:
            case = get_case_for_user(request.user, record_id(case_id, "case"), HAND_OVER)
            body = HandoverInputSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            d = body.validated_data
            link = case.child.relatives.filter(relative_id=d["guardian"]).select_related("relative").first()
            if link is None:
                raise ValidationError({"guardian": ["Not a relative recorded in the child's family."]})
            handover = actions.hand_over(
                actor=request.user, case=case, guardian=link.relative, relation=d.get("relation", ""),
                identity_document=d["identity_document"], signed_at=d["signed_at"], place=d.get("place", ""),
                official_name=d.get("official_name", ""), notes=d.get("notes", ""))
            return Response(HandoverSerializer(handover).data, status=201)

        return self.write(request, run)


class VisitList(ApiView):
    permissions = {"GET": VIEW}

    @extend_schema(operation_id="visit_list_get", tags=TAG, parameters=[VisitQuery],
                   responses={200: page_of(VisitSerializer), **problems(404, 422)},
                   summary="Follow-up visits, soonest first")
    def get(self, request: Request) -> Response:
        query = VisitQuery(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        f = query.validated_data
        rows = visits_visible_to(request.user)
        if f.get("case"):
            rows = rows.filter(case_id=f["case"])
        response, page = paginate(request, rows.order_by("scheduled_for", "pk"), VisitSerializer)
        record_list(actor=request.user, action="aftercare.visit_api.listed", query={k: str(v) for k, v in f.items()},
                    shown=page, ip=client_ip(request))
        return response


class CaseVisits(ApiView):
    permissions = {"POST": VISIT}

    @extend_schema(operation_id="case_visits_post", tags=TAG, request=ScheduleSerializer, parameters=[IDEMPOTENCY],
                   responses={201: VisitSerializer, **problems(404, 409, 422)},
                   summary="Schedule a follow-up visit of a child at home")
    def post(self, request: Request, case_id: str) -> Response:
        def run() -> Response:
            case = get_case_for_user(request.user, record_id(case_id, "case"), VISIT)
            body = ScheduleSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            visit = actions.schedule_visit(actor=request.user, case=case,
                                           scheduled_for=body.validated_data["scheduled_for"])
            return Response(VisitSerializer(visit).data, status=201)

        return self.write(request, run)


class VisitRecord(ApiView):
    permissions = {"POST": VISIT}

    @extend_schema(operation_id="visit_record_post", tags=TAG, request=VisitRecordSerializer, parameters=[IDEMPOTENCY],
                   responses={200: VisitSerializer, **problems(404, 409, 422)},
                   summary="Write up a visit: when, school, health, benefits, notes")
    def post(self, request: Request, visit_id: str) -> Response:
        def run() -> Response:
            visit: Any = get_visit_for_user(request.user, record_id(visit_id, "visit"), VISIT)
            body = VisitRecordSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            d = body.validated_data
            done = actions.record_visit(actor=request.user, visit=visit, done_on=d["done_on"],
                                        school=d.get("school", ""), health=d.get("health", ""),
                                        benefits=d.get("benefits", ""), notes=d.get("notes", ""))
            return Response(VisitSerializer(done).data)

        return self.write(request, run)
