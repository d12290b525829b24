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
    # the children's keys (which carry their case) or all keys: an index either way
    assert "searchkey_case_key" in plan or "searchkey_key_person" in plan, plan
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


@POSTGRES
def test_the_case_lists_ranked_search_reads_only_the_childrens_key_index(make_case: Callable[..., Any]) -> None:
    from django.test.utils import CaptureQueriesContext

    from homeward.cases.models import Case
    from homeward.cases.ranking import rank_search
    from homeward.people.models import SearchKey

    case = make_case(names=[("Хасанов Магомед", "Cyrl")])
    # many children's keys (carrying a case) and many of relatives (carrying none)
    SearchKey.objects.bulk_create([SearchKey(person_id=case.child_id, key=f"w:x{i:05d}", case=case,
                                             reference=case.reference) for i in range(20000)])
    SearchKey.objects.bulk_create([SearchKey(person_id=case.child_id, key=f"w:y{i:05d}") for i in range(20000)])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE people_searchkey")
    with CaptureQueriesContext(connection) as ctx:
        ranked = rank_search(Case.objects.all(), "Хасанов Magomed", 1001)
    assert ranked.ids == [case.pk]
    reads = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("SELECT")]
    assert len(reads) == 2, reads  # as written by every word, then every match
    for sql in reads:
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert "searchkey_case_key" in plan, plan  # the partial index of the children's keys
        assert "cases_case" not in plan and "people_person" not in plan, plan
        assert "Seq Scan" not in plan, plan


@POSTGRES
def test_one_word_is_read_in_reference_order_and_stops_at_the_limit(make_case: Callable[..., Any]) -> None:
    from django.test.utils import CaptureQueriesContext

    from homeward.cases.models import Case
    from homeward.cases.ranking import rank_search
    from homeward.people.models import Person, SearchKey

    cases = [make_case(names=[("Хасанов Магомед", "Cyrl")]) for _ in range(3)]
    # thousands of keys Хасанова and Хасановы leading to these cases: the prefix stands for three
    # keys, each long enough that reading it in order and stopping beats sorting it
    people = Person.objects.bulk_create([Person(kind="relative") for _ in range(3000)])
    SearchKey.objects.bulk_create([
        SearchKey(person=p, key=f"w:хасанов{'аы'[i % 2]}", case=cases[i % 3], reference=cases[i % 3].reference)
        for i, p in enumerate(people)])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE people_searchkey")
    with CaptureQueriesContext(connection) as ctx:
        ranked = rank_search(Case.objects.all(), "Хасанов", 2, 2)
    assert ranked.ids == sorted([c.pk for c in cases], key=lambda pk: Case.objects.get(pk=pk).reference)[:2]
    merged = [q["sql"] for q in ctx.captured_queries if "GROUP BY reference, case_id" in q["sql"]]
    assert len(merged) == 1 and merged[0].count("UNION ALL") == 2, merged  # one ordered read per key
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + merged[0])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    # the keys' reads merged in reference order under the limit: it stops after the first cases
    assert plan.startswith("Limit") and "Merge Append" in plan and "searchkey_case_key" in plan, plan


@POSTGRES
def test_past_the_cap_the_count_is_estimated_from_each_words_keys(make_case: Callable[..., Any]) -> None:
    from homeward.cases.models import Case
    from homeward.cases.queries import search_cases
    from homeward.cases.ranking import rank_search

    for i in range(120):
        names = [(f"Хасанов Ислам {i}", "Cyrl"), (f"Khasanov Islam {i}", "Latn")]
        if i % 3 == 0:
            names = [(f"Умаров Ислам {i}", "Cyrl")]
        make_case(names=names)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE people_searchkey; ANALYZE people_personname; ANALYZE cases_case")
    for query in ("Хасанов", "Ислам", "Хасанов Ислам"):
        true = search_cases(Case.objects.all(), query).count()
        ranked = rank_search(Case.objects.all(), query, 20)
        assert ranked.more and ranked.ids == list(search_cases(Case.objects.all(), query)
                                                  .values_list("pk", flat=True)[:20])
        # not the planner's 200 groups, nor the cap: within a factor of two of the truth
        assert true / 2 <= ranked.total <= true * 2, (query, ranked.total, true)
