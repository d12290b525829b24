"""Helpers for the browser tests; the ``page`` fixture itself lives in tests/conftest.py."""

from __future__ import annotations

from typing import Any


def log_in(page: Any, username: str, password: str = "pw-for-tests-1") -> None:
    """Sign in through the form, giving the authenticator's code where the role needs one."""
    from homeward.accounts.models import User
    from homeward.accounts.signin import needs_second_factor
    from tests.signin import current_code, enrol

    user = User.objects.get(username=username)
    device = enrol(user) if needs_second_factor(user) else None
    page.goto(page.base_url + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button.primary")
    if device is not None:
        page.wait_for_url("**/login/code/**")
        page.fill("#id_code", current_code(device))
        page.click("button.primary")
    page.wait_for_url("**/cases/**")
