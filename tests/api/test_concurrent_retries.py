"""A write and its retry sent at the same moment with one Idempotency-Key: one record, one answer.

Run on PostgreSQL, where requests really overlap (SQLite serialises every writer).
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection, connections
from rest_framework.test import APIClient

from homeward.cases.models import Case

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="requests overlap only on PostgreSQL"),
]

NEW = {"name": {"text": "Хасанов Ибрагим", "script": "Cyrl"}, "sex": "M", "birth_date": "2013-04-02",
       "host_country": "IQ", "home_region": "CE"}


def test_two_retries_at_once_write_once_and_answer_alike(national_user: Any, token_for: Any) -> None:
    secret = token_for(national_user)
    barrier = threading.Barrier(3)
    answers: list[Any] = [None] * 3

    def send(i: int) -> None:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
        barrier.wait()
        try:
            answers[i] = client.post("/api/cases/", NEW, format="json", HTTP_IDEMPOTENCY_KEY="same")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(i,)) for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [a.status_code for a in answers] == [201, 201, 201]
    assert len({a.content for a in answers}) == 1  # byte for byte
    assert Case.objects.count() == 1
