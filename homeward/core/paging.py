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

    @cached_property
    def estimated(self) -> bool:
        return self._counted > self.cap

    @cached_property
    def _counted(self) -> int:
        objects: Any = self.object_list
        # which rows are counted up to the cap does not depend on their order: no sort
        return int(objects.order_by()[: self.cap + 1].count())

    @cached_property
    def count(self) -> int:
        if self._counted <= self.cap:
            return self._counted
        return max(self.cap + 1, planner_estimate(self.object_list))


def planner_estimate(queryset: Any) -> int:
    """Rows PostgreSQL expects ``queryset`` to return (0 where there is no planner to ask)."""
    db = queryset.db
    connection = connections[db]
    if connection.vendor != "postgresql":
        return 0
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])
