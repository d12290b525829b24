"""Paging API lists: pages of 50, counted; a page past the end is 404."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response


class Pages(PageNumberPagination):
    page_size = 50


def paginate(request: Request, rows: QuerySet[Any], serializer: Any) -> tuple[Response, list[Any]]:
    """One page of ``rows`` as the answer, and the rows shown (for the audit entry)."""
    pager = Pages()
    page: list[Any] = list(pager.paginate_queryset(rows, request) or [])
    return pager.get_paginated_response(serializer(page, many=True).data), page
