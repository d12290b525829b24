"""API fixtures: tokens for users of the shared fixtures, and clients that present them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from tests.tracing.conftest import make_request  # noqa: F401  (the relatives' request factory)


@pytest.fixture(autouse=True)
def immediate_tasks(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def token_for() -> Callable[..., str]:
    from homeward.api.tokens import issue_token

    def issue(user: Any, rate: int = 1000) -> str:
        return issue_token(actor=None, user=user, name=f"tests {user.username}", rate_per_minute=rate).secret

    return issue


@pytest.fixture
def api_for(token_for: Callable[..., str]) -> Callable[..., APIClient]:
    def client(user: Any, rate: int = 1000) -> APIClient:
        c = APIClient()
        c.credentials(HTTP_AUTHORIZATION=f"Bearer {token_for(user, rate)}")
        return c

    return client


@pytest.fixture
def api(api_for: Callable[..., APIClient], national_user: Any) -> APIClient:
    """A national caseworker's token: reaches every case."""
    return api_for(national_user)
