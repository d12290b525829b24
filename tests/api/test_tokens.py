"""Tokens: who they act as, hashed at rest, revocable, audited, rate limited; 401 without one."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.core.management import call_command
from rest_framework.test import APIClient

from homeward.api.models import ApiToken
from homeward.audit.models import AuditEntry


def test_anonymous_requests_get_401_with_www_authenticate(db: Any) -> None:
    for url in ("/api/cases/", "/api/schema/", "/api/cases/1/"):
        response = APIClient().get(url)
        assert response.status_code == 401, url
        assert response["WWW-Authenticate"].startswith("Bearer")
        assert response["Content-Type"] == "application/problem+json"


def test_a_wrong_token_gets_401(db: Any) -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer hw_not-a-real-token")
    assert client.get("/api/cases/").status_code == 401


def test_the_schema_answers_a_token(api: APIClient) -> None:
    response = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert "/api/cases/" in response.json()["paths"]


def test_only_the_tokens_digest_is_stored(national_user: Any, token_for: Callable[..., str]) -> None:
    secret = token_for(national_user)
    row = ApiToken.objects.get()
    assert row.digest == hashlib.sha256(secret.encode()).hexdigest()
    stored = [str(v) for v in ApiToken.objects.values().get().values()]
    assert secret not in stored
    assert AuditEntry.objects.filter(action="api.token.issued", object_id=str(row.pk)).exists()


def test_a_revoked_token_is_refused_and_the_revocation_audited(national_user: Any, token_for: Callable[..., str],
                                                              make_case: Any) -> None:
    make_case()
    secret = token_for(national_user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert client.get("/api/cases/").status_code == 200
    row = ApiToken.objects.get()
    assert client.delete(f"/api/tokens/{row.prefix}/").status_code == 200  # a user revokes their own
    assert client.get("/api/cases/").status_code == 401
    assert AuditEntry.objects.filter(action="api.token.revoked", object_id=str(row.pk)).exists()


def test_a_token_reaches_what_its_users_role_reaches(make_user: Any, make_case: Any,
                                                    api_for: Callable[..., APIClient]) -> None:
    in_chechnya = make_case(region="CE")
    in_dagestan = make_case(names=[("Алиев Ахмед", "Cyrl")], region="DA")
    zarema = api_for(make_user("zarema", "chechnya", "social_worker"))
    listed = [c["id"] for c in zarema.get("/api/cases/").json()["results"]]
    assert listed == [in_chechnya.pk]
    assert zarema.get(f"/api/cases/{in_dagestan.pk}/").status_code == 404
    analyst = api_for(make_user("igor", "analysis", "analyst"))
    refused = analyst.get("/api/cases/")
    assert refused.status_code == 403 and "may not" in refused.json()["detail"]


def test_every_read_of_personal_data_is_audited(api: APIClient, make_case: Any) -> None:
    case = make_case()
    api.get("/api/cases/", {"q": "Khasanov"})
    api.get(f"/api/cases/{case.pk}/")
    listed = AuditEntry.objects.get(action="cases.case_api.listed")
    assert listed.data["ids"] == [case.pk] and listed.data["query"]["q"] == "Khasanov"
    assert AuditEntry.objects.filter(action="cases.case_api.viewed", case_id_ref=case.pk).exists()


def test_over_the_tokens_rate_the_answer_is_429_with_retry_after(api_for: Callable[..., APIClient],
                                                                national_user: Any) -> None:
    client = api_for(national_user, rate=3)
    codes = [client.get("/api/cases/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    last = client.get("/api/cases/")
    assert last.status_code == 429 and int(last["Retry-After"]) >= 1


def test_an_integration_is_a_service_user_with_a_role_and_agency(agencies: Any, capsys: Any) -> None:
    call_command("api_token", "issue", "--integration", "registry-bridge", "--agency", "Commissioner's office",
                 "--role", "caseworker", "--name", "national registry")
    secret = [line for line in capsys.readouterr().out.splitlines() if line.startswith("hw_")][0]
    row = ApiToken.objects.get()
    assert row.user.username == "registry-bridge" and not row.user.has_usable_password()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert client.get("/api/cases/").status_code == 200
    call_command("api_token", "revoke", str(row.pk))
    assert client.get("/api/cases/").status_code == 401


def test_an_administrator_issues_a_token_over_the_api_and_the_secret_is_shown_once(
        make_user: Any, national_user: Any, api_for: Callable[..., APIClient]) -> None:
    admin = api_for(make_user("admin", "national", "admin"))
    issued = admin.post("/api/tokens/", {"username": national_user.username, "name": "registry"}, format="json")
    assert issued.status_code == 201 and issued.json()["token"].startswith("hw_")
    listed = admin.get("/api/tokens/").json()["results"]
    assert all("token" not in row for row in listed)
    assert {row["prefix"] for row in listed} >= {issued.json()["prefix"]}
    worker = api_for(national_user)
    assert worker.post("/api/tokens/", {"username": "admin", "name": "x"}, format="json").status_code == 403
    assert worker.delete(f"/api/tokens/{issued.json()['prefix']}/").status_code == 200  # their own
    other = [row["prefix"] for row in listed if row["user"] == "admin"][0]
    assert worker.delete(f"/api/tokens/{other}/").status_code == 404  # someone else's: as if missing
