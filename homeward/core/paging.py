"""Paging that never counts a whole table: exact counts up to a cap, the planner's estimate past it."""

from __future__ import annotations

import json
from functools import cached_property
from typing import Any

from django.core.paginator import Paginator
from django.db import connections

COUNT_CAP = 1000


class CappedPaginator(Paginator):  # type: ignore[type-arg]
    """A Paginator whose count reads at most COUNT_CAP + 1 rows.

    Up to the cap the count is exact. Past it, PostgreSQL's planner estimate of the query's rows
    is used (never below the cap), SQLite's is the cap itself; ``estimated`` says so, and pages
    past the real end are simply empty.
    """

    cap = COUNT_CAP

    def __init__(self, object_list: Any, per_page: int, *, head: list[Any] | None = None,
                 total: int | None = None, at_least: bool = False, **kwargs: Any) -> None:
        """``head`` and ``total``: the ids of the first rows, in order, and their count (an
        estimate past the cap), where the caller has them already (a ranked search);
        ``at_least``: there may be more rows than ``total`` (they were not read)."""
        super().__init__(object_list, per_page, **kwargs)
        self._given_head, self._given_total, self.at_least = head, total, at_least

    @cached_property
    def estimated(self) -> bool:
        return self._counted > self.cap

    @cached_property
    def _head(self) -> list[Any]:
        """The ids of the first COUNT_CAP + 1 rows, in order: one query gives the count up to the
        cap and every page before it (a search ranks its matches once, not once to count them
        and again for the page)."""
        if self._given_head is not None:
            return self._given_head[: self.cap + 1]
        objects: Any = self.object_list
        return list(objects.values_list("pk", flat=True)[: self.cap + 1])

    @cached_property
    def _counted(self) -> int:
        return len(self._head)

    def page(self, number: Any) -> Any:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top > self.cap:
            if self._given_head is not None:  # ranked rows end at the cap
                return self._get_page([], number, self)  # type: ignore[attr-defined]
            return super().page(number)
        ids = self._head[bottom:top]
        objects: Any = self.object_list
        rows = {row.pk: row for row in objects.filter(pk__in=ids)}
        return self._get_page([rows[i] for i in ids if i in rows], number, self)  # type: ignore[attr-defined]

    @cached_property
    def count(self) -> int:
        if self._counted <= self.cap:
            return self._counted
        if self._given_total is not None:
            return max(self.cap + 1, self._given_total)
        return max(self.cap + 1, planner_estimate(self.object_list))


def planner_estimate(queryset: Any) -> int:
    """Rows PostgreSQL expects ``queryset`` to return (0 where there is no planner to ask)."""
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    return plan_rows(sql, params, queryset.db)


def plan_rows(sql: str, params: Any, using: str = "default") -> int:
    """Rows PostgreSQL expects the statement ``sql`` to return (0 where there is no planner)."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return 0
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])
