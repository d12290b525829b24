"""On PostgreSQL the search reads the key index (pattern operator class) for prefixes and keys."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL plans")
def test_the_search_plan_uses_the_search_key_index(make_case: Callable[..., Any]) -> None:
    from homeward.cases.models import Case
    from homeward.cases.queries import search_cases
    from homeward.people.models import SearchKey

    case = make_case(names=[("Хасанов Магомед", "Cyrl")])
    # enough other keys that a scan of the table would cost more than the index
    SearchKey.objects.bulk_create([SearchKey(person_id=case.child_id, key=f"w:x{i:05d}") for i in range(20000)])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE people_searchkey")
        sql, params = search_cases(Case.objects.all(), "Хасанов Magomed").query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "searchkey_key_person" in plan, plan
    assert "Seq Scan on people_searchkey" not in plan, plan
    assert search_cases(Case.objects.all(), "Хасанов Magomed").get() == case
