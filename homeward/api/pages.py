"""Paging API lists: pages of 50, counted; a page past the end is 404.

A name search is paged from its ranked matches (cases/ranking.py), as the case list is: counted
exactly up to homeward.core.paging.COUNT_CAP, estimated past it, and never counted over every
case.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from homeward.core.paging import CappedPaginator


class Pages(PageNumberPagination):
    page_size = 50


def paginate(request: Request, rows: QuerySet[Any], serializer: Any,
             pager: Pages | None = None) -> tuple[Response, list[Any]]:
    """One page of ``rows`` as the answer, and the rows shown (for the audit entry); ``pager``
    for lists paged otherwise (a ranked search's :class:`RankedPages`)."""
    pager = pager if pager is not None else Pages()
    page: list[Any] = list(pager.paginate_queryset(rows, request) or [])
    return pager.get_paginated_response(serializer(page, many=True).data), page


class RankedPages(Pages):
    """Pages of a ranked search: ``ids`` in order (at most the cap), ``total`` their count or,
    past the cap, an estimate."""

    def __init__(self, ids: list[int], total: int) -> None:
        self.ids, self.total = ids, total

    def django_paginator_class(self, rows: QuerySet[Any], per_page: int) -> CappedPaginator:  # type: ignore[override]
        return CappedPaginator(rows, per_page, head=self.ids, total=self.total)

