"""On PostgreSQL the search reads the key index first and never counts a whole table."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db
POSTGRES = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL plans")


def _plan(queryset: Any) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.fixture
def many_keys(make_case: Callable[..., Any]) -> Any:
    from homeward.people.models import SearchKey

    case = make_case(names=[("Хасанов Магомед", "Cyrl")])
    # enough other keys that a scan of the table would cost more than the index
    SearchKey.objects.bulk_create([SearchKey(person_id=case.child_id, key=f"w:x{i:05d}") for i in range(20000)])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE people_searchkey")
    return case


@POSTGRES
def test_the_search_plan_uses_the_search_key_index(many_keys: Any) -> None:
    from homeward.cases.models import Case
    from homeward.cases.queries import search_cases

    plan = _plan(search_cases(Case.objects.all(), "Хасанов Magomed"))
    assert "searchkey_key_person" in plan, plan
    assert "Seq Scan on people_searchkey" not in plan, plan
    assert search_cases(Case.objects.all(), "Хасанов Magomed").get() == many_keys


@POSTGRES
def test_the_search_joins_the_keys_to_cases_without_persons_or_a_second_key_read(many_keys: Any) -> None:
    from homeward.cases.models import Case
    from homeward.cases.queries import search_cases

    plan = _plan(search_cases(Case.objects.all(), "Хасанов Magomed Русланович"))
    assert "people_person" not in plan, plan  # keys join cases on person = child, nothing between
    assert plan.count(" on people_searchkey") == 1, plan  # one read of the keys ranks and filters
    assert "SubPlan" not in plan and "Seq Scan on people_person" not in plan, plan


@POSTGRES
def test_the_case_list_counts_at_most_the_cap_and_asks_the_planner_past_it(many_keys: Any) -> None:
    from homeward.cases.models import Case
    from homeward.cases.queries import search_cases
    from homeward.core.paging import COUNT_CAP, CappedPaginator

    searched = search_cases(Case.objects.all(), "Хасанов")
    paginator = CappedPaginator(searched, 25)
    head = paginator.object_list.values_list("pk", flat=True)[: COUNT_CAP + 1]
    plan = _plan(head)
    assert plan.splitlines()[0].startswith("Limit"), plan  # the ranked ids stop at the cap
    assert "Aggregate" not in plan.splitlines()[0], plan  # no COUNT(*) over the matches
    assert paginator.count == 1 and [c.pk for c in paginator.page(1)] == [many_keys.pk]
