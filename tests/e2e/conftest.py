"""Real headless Chromium (Debian's package) driven by Playwright against a live test server."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

CHROMIUM = os.environ.get("HOMEWARD_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
# Quiet, offline Chromium: no sync, no component updates, no background calls to the outside.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


@pytest.fixture
def page(live_server: Any) -> Iterator[Any]:
    """A browser page; the test fails (in CI) or is skipped (elsewhere) without Chromium."""
    if not CHROMIUM:
        if os.environ.get("CI"):
            pytest.fail("Chromium is not installed: bin/setup --test installs it")
        pytest.skip("Chromium is not installed (bin/setup --test installs it)")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the test makes
    # around it are ordinary synchronous ones.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        pg = context.new_page()
        pg.set_default_timeout(15_000)
        pg.base_url = live_server.url  # type: ignore[attr-defined]
        yield pg
        context.close()
        browser.close()


def log_in(page: Any, username: str, password: str = "pw-for-tests-1") -> None:
    page.goto(page.base_url + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button.primary")
    page.wait_for_url("**/cases/**")
