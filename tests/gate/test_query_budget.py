"""The busiest pages run a bounded number of queries, whatever the data behind them.

Each page is loaded over a small and a larger caseload: the number of queries must be the same
(nothing is fetched per row, from the view or from a template) and within the page's budget.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db
Maker = Callable[..., Any]

# PostgreSQL adds one query per audited page: the advisory lock on the audit chain.
# The case page also shows notes, who answers for the case, what is due, documents, decisions and
# the history: one or two queries a panel, none per row.
BUDGET = {"case page": 42, "case list": 19, "review queue": 16}


def queries(client: Client, url: str) -> int:
    client.get(url)  # warm: the session, the language
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def grow_family(case: Any, relatives: int, make_case: Maker, siblings: Maker) -> None:
    from homeward.cases.actions import add_note
    from homeward.people.actions import NameInput, add_name, create_person, link_family

    for i in range(relatives):
        person = create_person(actor=None, kind="relative", names=[NameInput(f"Хасанова Мадина {i}")], sex="F")
        add_name(actor=None, person=person, name=NameInput(f"Khasanova Madina {i}"))
        link_family(actor=None, person=case.child, relative=person, relation="aunt")
        add_note(actor=None, case=case, text=f"note {i}")
    brothers = [make_case(names=[(f"Хасанов Брат {case.pk} {i}", "Cyrl")]) for i in range(max(1, relatives // 2))]
    if brothers:
        siblings(case, *brothers)


def test_the_case_page_runs_the_same_few_queries_for_a_small_and_a_large_family(
        national_user: Any, make_case: Maker, siblings: Maker) -> None:
    from homeward.cases.actions import set_check

    client = Client()
    client.force_login(national_user)
    small = make_case(names=[("Хасанов Малый", "Cyrl")])
    grow_family(small, 1, make_case, siblings)
    large = make_case(names=[("Хасанов Большой", "Cyrl")])
    grow_family(large, 8, make_case, siblings)
    for code in ("consular_interview", "identity_statement", "child_dna_sample"):
        set_check(actor=None, case=large, code=code, system=True)
    few, many = queries(client, f"/cases/{small.pk}/"), queries(client, f"/cases/{large.pk}/")
    assert few == many <= BUDGET["case page"], (few, many)


def test_the_case_list_runs_the_same_few_queries_for_3_and_for_25_cases(national_user: Any,
                                                                        make_case: Maker) -> None:
    client = Client()
    client.force_login(national_user)
    for i in range(3):
        make_case(names=[(f"Хасанов {i}", "Cyrl"), (f"Khasanov {i}", "Latn")])
    few = queries(client, "/cases/?q=Хасанов")
    for i in range(3, 25):
        make_case(names=[(f"Хасанов {i}", "Cyrl"), (f"Khasanov {i}", "Latn")])
    many = queries(client, "/cases/?q=Хасанов")
    assert few == many <= BUDGET["case list"], (few, many)


def test_the_review_queue_runs_the_same_few_queries_for_2_and_for_20_pairs(national_user: Any,
                                                                          make_case: Maker) -> None:
    from homeward.places.models import Region
    from homeward.tracing.actions import SoughtChildInput, SoughtNameInput, create_request
    from homeward.tracing.models import CandidateMatch

    def pairs(n: int, start: int) -> None:
        for i in range(start, start + n):
            case = make_case(names=[(f"Хасанов {i}", "Cyrl")])
            request = create_request(actor=None, requester_name=f"Хасанова {i}", relation="grandmother",
                                     region=Region.objects.get(code="CE"), received_on=dt.date(2019, 1, 2),
                                     children=[SoughtChildInput(names=[SoughtNameInput(f"Хасанов {i}")])])
            CandidateMatch.objects.create(case=case, sought_child=request.sought_children.get(),
                                          match_probability=0.5, match_weight=1.0,
                                          computed_at=dt.datetime(2019, 1, 3, tzinfo=dt.UTC))

    client = Client()
    client.force_login(national_user)
    pairs(2, 0)
    few = queries(client, "/tracing/review/")
    pairs(18, 2)
    many = queries(client, "/tracing/review/")
    assert few == many <= BUDGET["review queue"], (few, many)
