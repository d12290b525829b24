from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _jobs_run_at_once(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def admin_user(make_user: Any) -> Any:
    return make_user("admin", "national", "admin")
