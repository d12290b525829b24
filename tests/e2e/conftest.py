"""Helpers for the browser tests; the ``page`` fixture itself lives in tests/conftest.py."""

from __future__ import annotations

from typing import Any


def log_in(page: Any, username: str, password: str = "pw-for-tests-1") -> None:
    page.goto(page.base_url + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button.primary")
    page.wait_for_url("**/cases/**")
