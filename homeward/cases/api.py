"""Case API (OpenAPI at /api/schema/). Every record comes through cases/access.py."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from homeward.accounts.gate import api_endpoint
from homeward.audit.log import record_list
from homeward.cases import access
from homeward.cases import actions as case_actions
from homeward.cases.models import Case
from homeward.cases.queries import search_cases
from homeward.people.models import PersonName


class NameSerializer(serializers.ModelSerializer[PersonName]):
    class Meta:
        model = PersonName
        fields = ["text", "script", "kind", "source"]


class CaseSerializer(serializers.ModelSerializer[Case]):
    names = NameSerializer(source="child.names", many=True, read_only=True)
    sex = serializers.CharField(source="child.sex", read_only=True)
    birth = serializers.CharField(source="child.birth_label", read_only=True)
    stage = serializers.CharField(source="stage_id", read_only=True)
    home_region = serializers.CharField(source="home_region.name", default=None, read_only=True)

    class Meta:
        model = Case
        fields = ["id", "reference", "stage", "host_country", "facility", "home_region", "names", "sex", "birth",
                  "version"]


@api_endpoint("cases.case.view")
def case_list(request: Request) -> Response:
    """Cases visible to the user; ``q`` searches names in any script."""
    cases = access.cases_visible_to(request.user)
    q = request.query_params.get("q", "")
    if q:
        cases = search_cases(cases, q)
    cases = cases.select_related("home_region").prefetch_related("child__names").order_by("reference")
    paginator = PageNumberPagination()
    page: Any = paginator.paginate_queryset(cases, request)
    response = paginator.get_paginated_response(CaseSerializer(page, many=True).data)
    record_list(actor=request.user, action="cases.case_api.listed", query={"q": q, "page": request.query_params.get(
        "page", "")}, shown=page, ip=request.META.get("REMOTE_ADDR"))
    return response


@api_endpoint("cases.case.view")
def case_detail(request: Request, case_id: int) -> Response:
    case = access.get_case_for_user(request.user, case_id)
    response = Response(CaseSerializer(case).data)
    case_actions.record_view(actor=request.user, case=case, what="case_api", ip=request.META.get("REMOTE_ADDR"))
    return response
