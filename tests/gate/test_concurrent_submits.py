"""Two submits at the same moment: one wins, the other is refused cleanly, never a server error.

Run on PostgreSQL, where requests really overlap (SQLite serialises every writer).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from homeward.cases.models import Case
from homeward.movements.models import SEATED, FlightPassenger

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="requests overlap only on PostgreSQL"),
]


def at_once(user: Any, posts: list[tuple[str, dict[str, Any]]]) -> list[int]:
    """POST each (url, data) from its own thread, all released together; the status codes."""
    barrier = threading.Barrier(len(posts))
    statuses: list[int] = [0] * len(posts)

    def send(i: int, url: str, data: dict[str, Any]) -> None:
        client = Client()
        client.force_login(user)
        barrier.wait()
        try:
            statuses[i] = client.post(url, data).status_code
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(i, url, data)) for i, (url, data) in enumerate(posts)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return statuses


def test_booking_one_child_onto_two_flights_at_once(make_ready: Callable[..., Any], make_flight: Callable[..., Any],
                                                    national_user: Any) -> None:
    case = make_ready()
    first, second = make_flight(), make_flight()
    statuses = at_once(national_user, [(reverse("movements:flight-add-child", args=[f.pk]), {"case": case.pk})
                                       for f in (first, second)])
    assert sorted(statuses) in ([302, 409], [302, 422]), statuses
    assert FlightPassenger.objects.filter(case=case, status__in=SEATED).count() == 1


def test_the_same_transition_twice_at_once(make_case: Callable[..., Any], national_user: Any,
                                           consular_user: Any) -> None:
    from homeward.cases import actions

    case = make_case()
    for code in ("consular_interview", "identity_statement", "child_dna_sample"):
        actions.set_check(actor=consular_user, case=case, code=code)
    url = reverse("case-transition", args=[case.pk])
    statuses = at_once(national_user, [(url, {"target": "identity_verified"})] * 2)
    assert sorted(statuses) in ([302, 409], [302, 422]), statuses
    assert Case.objects.get(pk=case.pk).events.filter(kind="transition").count() == 1
