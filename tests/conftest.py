"""Shared fixtures: reference data, agencies and users of every kind, and a case factory."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Callable, Iterator
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _each_test_starts_in_the_default_language() -> Iterator[None]:
    """A test that switched language (a page in Russian, say) does not leave it to the next one."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _figures_remembered_by_no_earlier_test() -> Iterator[None]:
    """A rolled-back test reuses the figures' generation numbers: what a page remembered under
    one of them belongs to that test's data alone."""
    from homeward.core import reference
    from homeward.reports import memo

    memo.forget()
    # Emptied and refilled test databases can show the same token (none) with other tables.
    reference.forget()
    yield


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing(django_test_environment: Any) -> None:
    """Tests make many users: hash their passwords quickly (never in production settings)."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True, scope="session")
def _test_keys_and_private_storage(django_test_environment: Any, tmp_path_factory: Any) -> Iterator[None]:
    """Tests seal with a throwaway key (unless one is configured) and keep documents in a temporary folder."""
    import base64
    import json

    from django.conf import settings

    from homeward.core import crypto

    if not os.environ.get("HOMEWARD_KEYS") and not os.environ.get("HOMEWARD_KEY_FILE"):
        os.environ["HOMEWARD_KEYS"] = json.dumps({"active": "t1", "keys": {
            "t1": base64.b64encode(crypto.new_key()).decode("ascii")}})
        crypto.reload()
    folder = tmp_path_factory.mktemp("documents")
    settings.STORAGES = {**settings.STORAGES, "documents": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(folder)}}}
    from django.core.files.storage import storages

    storages.__dict__.pop("backends", None)
    storages._backends = None
    storages._storages = {}
    yield


@pytest.fixture(autouse=True, scope="session")
def _test_logins_pass_the_second_factor(django_test_environment: Any) -> Iterator[None]:
    """``client.force_login`` and ``client.login`` stand for a finished sign-in, second factor
    included; tests of the sign-in itself post to /login/ and give their codes."""
    from django.test.client import ClientMixin

    from homeward.accounts.signin import VERIFIED_KEY

    original = ClientMixin._login

    def login_verified(self: Any, user: Any, backend: Any = None) -> None:
        original(self, user, backend)
        session = self.session
        session[VERIFIED_KEY] = True
        session.save()

    ClientMixin._login = login_verified  # type: ignore[method-assign]
    yield
    ClientMixin._login = original  # type: ignore[method-assign]


@pytest.fixture
def reference(db: Any) -> None:
    """Places and the workflow, as shipped."""
    from django.core.management import call_command

    call_command("load_reference", verbosity=0)


@pytest.fixture
def agencies(reference: None) -> dict[str, Any]:
    from homeward.accounts.models import Agency
    from homeward.places.models import Region

    return {
        "national": Agency.objects.create(name="Commissioner's office", kind=Agency.Kind.NATIONAL),
        "consular": Agency.objects.create(name="Consular section, Baghdad", kind=Agency.Kind.CONSULAR,
                                          host_country_id="IQ"),
        "chechnya": Agency.objects.create(name="Ombudsman, Chechen Republic", kind=Agency.Kind.REGIONAL,
                                          region=Region.objects.get(code="CE")),
        "dagestan": Agency.objects.create(name="Ombudsman, Republic of Dagestan", kind=Agency.Kind.REGIONAL,
                                          region=Region.objects.get(code="DA")),
        "flight": Agency.objects.create(name="Flight team", kind=Agency.Kind.FLIGHT),
        "lab": Agency.objects.create(name="DNA laboratory", kind=Agency.Kind.LAB),
        "analysis": Agency.objects.create(name="Analysts", kind=Agency.Kind.ANALYSIS),
    }


@pytest.fixture
def make_user(agencies: dict[str, Any]) -> Callable[..., Any]:
    from homeward.accounts.models import User

    def make(username: str, agency: str = "national", role: str = "caseworker", **extra: Any) -> Any:
        return User.objects.create_user(username=username, password="pw-for-tests-1", agency=agencies[agency],
                                        role=role, **extra)

    return make


@pytest.fixture
def national_user(make_user: Callable[..., Any]) -> Any:
    return make_user("natalia", "national", "caseworker")


@pytest.fixture
def consular_user(make_user: Callable[..., Any]) -> Any:
    """A consular officer in Baghdad: ticks the checks done abroad (interviews, court decisions)."""
    return make_user("omar", "consular", "consular")


@pytest.fixture
def make_case(agencies: dict[str, Any]) -> Callable[..., Any]:
    """A child with names and an open case in Iraq: make_case(names=[("Магомед Хасанов", "Cyrl")], region="CE")."""
    from homeward.cases.actions import open_case
    from homeward.people.actions import NameInput, create_person
    from homeward.places.models import Facility, Region

    def make(
        names: list[tuple[str, str]] | None = None, region: str = "CE", sex: str = "M",
        born: dt.date | None = dt.date(2012, 5, 1), birth_place: str = "abroad", facility: str | None = None,
        host_country: str = "IQ", **person: Any,
    ) -> Any:
        names = names or [("Хасанов Магомед Русланович", "Cyrl"), ("Khasanov Magomed", "Latn")]
        region_obj = Region.objects.get(code=region) if region else None
        child = create_person(
            actor=None, kind="child", names=[NameInput(t, script=s) for t, s in names], sex=sex, birth_date=born,
            birth_precision="exact" if born else "unknown", birth_place=birth_place, home_region=region_obj,
            **person,
        )
        fac = Facility.objects.get(name=facility) if facility else Facility.objects.filter(country_id=host_country).first()
        return open_case(actor=None, child=child, host_country_id=host_country, owner=agencies["national"],
                         facility_id=fac.pk if fac else None)

    return make


# Real headless Chromium (Debian's package) driven by Playwright against a live test server.
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
        # Queries the test made while Playwright's loop ran opened a connection of their own;
        # close it so the test database can be dropped.
        from django.db import connections

        connections.close_all()
