"""The served app: health routes open to all, a request id on every answer, JSON log lines, and a
request that runs past its time limit stopped with a 503 page."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_login(client: Any) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_checks_the_database_and_migrations(client: Any) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_is_unavailable_while_migrations_are_pending(client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from homeward.web import serving

    monkeypatch.setattr(serving, "_pending_migrations", lambda: 2)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["migrations_pending"] == 2


def test_every_answer_carries_a_request_id_and_keeps_a_safe_given_one(client: Any) -> None:
    made = client.get("/healthz")["X-Request-ID"]
    assert len(made) == 32
    assert client.get("/healthz", headers={"X-Request-ID": "edge-42"})["X-Request-ID"] == "edge-42"
    assert client.get("/healthz", headers={"X-Request-ID": "bad id\n"})["X-Request-ID"] != "bad id\n"


def test_log_lines_are_json_with_the_request_id(client: Any, caplog: pytest.LogCaptureFixture) -> None:
    from homeward.core.logs import JsonFormatter, RequestIdFilter

    with caplog.at_level(logging.INFO, logger="homeward.request"):
        client.get("/healthz", headers={"X-Request-ID": "trace-7"})
    record = next(r for r in caplog.records if r.name == "homeward.request")
    assert RequestIdFilter().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "trace-7"
    assert line["path"] == "/healthz" and line["status"] == 200


def test_a_request_past_its_time_limit_on_sqlite_gets_a_503_page(
    client: Any, national_user: Any, settings: Any,
) -> None:
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL stops statements itself (statement_timeout)")
    settings.HOMEWARD_REQUEST_TIMEOUT_MS = 1
    client.force_login(national_user)
    from homeward.cases import views

    real = views.filtered_cases

    def slow(request: Any) -> Any:
        with connection.cursor() as cursor:  # a statement that runs for seconds
            cursor.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50000000) "
                           "SELECT count(*) FROM n")
        return real(request)

    views.filtered_cases = slow
    try:
        response = client.get("/cases/")
    finally:
        views.filtered_cases = real
    assert response.status_code == 503
    assert "took too long" in response.content.decode()


def test_postgresql_connections_carry_a_statement_timeout_and_no_jit(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib
    import os

    monkeypatch.setenv("DATABASE_URL", "postgres://u@127.0.0.1:5432/x")
    monkeypatch.setenv("HOMEWARD_STATEMENT_TIMEOUT_MS", "2500")
    import config.settings as s

    try:
        fresh = importlib.reload(s)
        assert fresh.DATABASES["default"]["OPTIONS"]["options"] == (
            "-c jit=off -c max_parallel_workers_per_gather=0 -c statement_timeout=2500"
        )
    finally:
        monkeypatch.undo()
        os.environ.pop("HOMEWARD_STATEMENT_TIMEOUT_MS", None)
        importlib.reload(s)
