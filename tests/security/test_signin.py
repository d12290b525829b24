"""Signing in over HTTP: lockout, the second factor, backup codes, passwords and session limits."""

from __future__ import annotations

import datetime as dt
import re
import time
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from homeward.audit.models import AuditEntry
from tests.signin import current_code, enrol

pytestmark = pytest.mark.django_db
PW = "pw-for-tests-1"


def _post_login(client: Client, username: str, password: str, **extra: Any) -> Any:
    return client.post("/login/", {"username": username, "password": password}, **extra)


def test_after_ten_wrong_passwords_the_right_one_is_refused_until_the_lockout_ends(make_user):
    from axes.models import AccessAttempt

    from homeward.accounts.models import Lockout

    make_user("omar", "consular", "consular")
    client = Client()
    for _ in range(10):
        _post_login(client, "omar", "wrong-password")
    refused = _post_login(client, "omar", PW)
    assert refused.status_code == 429
    assert "Signing in is refused until" in refused.content.decode()
    assert client.get("/cases/").status_code == 302  # not signed in
    assert AuditEntry.objects.filter(action="accounts.signin.locked_out", data__username="omar").count() == 1
    # another address, same account: still refused (the lockout is per account too)
    assert _post_login(Client(), "omar", PW, REMOTE_ADDR="10.9.9.9").status_code == 429

    # the lockout's time passes
    past = timezone.now() - dt.timedelta(minutes=16)
    AccessAttempt.objects.update(attempt_time=past)
    Lockout.objects.update(ends_at=past)
    assert _post_login(client, "omar", PW).status_code == 302
    assert client.get("/cases/").status_code == 200
    assert AuditEntry.objects.filter(action="accounts.signin.lockout_ended", data__username="omar").count() == 1


def test_ten_wrong_passwords_from_one_address_lock_that_address_out_for_every_account(make_user):
    make_user("omar", "consular", "consular")
    client = Client()
    for i in range(10):
        _post_login(client, f"nobody{i}", "wrong-password", REMOTE_ADDR="10.1.1.1")
    assert _post_login(client, "omar", PW, REMOTE_ADDR="10.1.1.1").status_code == 429
    assert _post_login(Client(), "omar", PW, REMOTE_ADDR="10.1.1.2").status_code == 302


def test_an_administrator_cannot_finish_signing_in_without_the_second_factor(make_user):
    admin = make_user("adminka", "national", "admin", is_staff=True, is_superuser=True)
    device = enrol(admin)
    client = Client()
    response = _post_login(client, "adminka", PW)
    assert response.status_code == 302 and response["Location"].startswith("/login/code/")
    for url in ("/cases/", "/admin/", "/audit/", "/account/"):
        blocked = client.get(url)
        assert blocked.status_code == 302 and "/login/code/" in blocked["Location"], url
    assert client.get("/api/cases/").status_code == 403
    assert 'href="/cases/"' not in client.get("/login/code/").content.decode()  # no menu before the code
    wrong = client.post("/login/code/", {"code": "000000"})
    assert wrong.status_code == 200 and "wrong" in wrong.content.decode()
    assert client.get("/cases/").status_code == 302
    device.throttle_reset()  # django-otp makes a second try wait a moment after a wrong code
    ok = client.post("/login/code/", {"code": current_code(device), "next": "/cases/"})
    assert ok.status_code == 302 and ok["Location"] == "/cases/"
    assert client.get("/cases/").status_code == 200
    assert AuditEntry.objects.filter(action="accounts.signin.second_factor_passed", actor=admin).exists()


def test_a_required_user_without_an_authenticator_must_enrol_first(make_user):
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    make_user("elena", "lab", "geneticist")
    client = Client()
    response = _post_login(client, "elena", PW)
    assert response["Location"].startswith("/login/enrol/")
    assert client.get("/kinship/samples/overdue/")["Location"].startswith("/login/enrol/")
    page = client.get("/login/enrol/").content.decode()
    secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', page).group(1)
    assert 'src="data:image/svg+xml' in page
    device = TOTPDevice.objects.get(user__username="elena", confirmed=False)
    import base64
    assert base64.b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8)) == device.bin_key
    code = str(TOTP(device.bin_key).token()).zfill(6)
    done = client.post("/login/enrol/", {"code": code})
    codes = re.findall(r"<code>([A-Z0-9]{5}-[A-Z0-9]{5})</code>", done.content.decode())
    assert len(codes) == 10
    assert client.get("/kinship/samples/overdue/").status_code == 200


def test_a_backup_code_works_once(make_user):
    from homeward.accounts.actions import enrol_known_secret
    from homeward.accounts.models import BackupCode

    admin = make_user("adminka", "national", "admin")
    _device, codes = enrol_known_secret(user=admin)
    # only digests are stored
    assert not BackupCode.objects.filter(digest__in=codes).exists()
    first = Client()
    _post_login(first, "adminka", PW)
    assert first.post("/login/code/", {"code": codes[0].lower()}).status_code == 302
    assert first.get("/cases/").status_code == 200
    again = Client()
    _post_login(again, "adminka", PW)
    refused = again.post("/login/code/", {"code": codes[0]})
    assert refused.status_code == 200
    assert again.get("/cases/").status_code == 302
    assert again.post("/login/code/", {"code": codes[1]}).status_code == 302


def test_five_wrong_codes_end_the_half_signed_in_session(make_user):
    admin = make_user("adminka", "national", "admin")
    enrol(admin)
    client = Client()
    _post_login(client, "adminka", PW)
    for _ in range(5):
        last = client.post("/login/code/", {"code": "123456"})
    assert last["Location"] == "/login/"
    assert client.get("/login/code/")["Location"] == "/login/"


def test_optional_roles_sign_in_with_the_password_alone_unless_they_enrolled(make_user):
    omar = make_user("omar", "consular", "consular")
    client = Client()
    assert _post_login(client, "omar", PW)["Location"] == "/cases/"
    device = enrol(omar)
    client = Client()
    assert _post_login(client, "omar", PW)["Location"].startswith("/login/code/")
    assert client.post("/login/code/", {"code": current_code(device)}).status_code == 302


def test_an_administrator_resets_a_users_second_factor(make_user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    admin = make_user("adminka", "national", "admin", is_staff=True, is_superuser=True)
    elena = make_user("elena", "lab", "geneticist")
    enrol(elena)
    client = Client()
    client.force_login(admin)
    response = client.post("/admin/accounts/user/", {"action": "reset_second_factor", "_selected_action": [elena.pk]})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=elena).exists()
    assert AuditEntry.objects.filter(action="accounts.second_factor.reset", object_id=str(elena.pk)).exists()
    again = Client()
    assert _post_login(again, "elena", PW)["Location"].startswith("/login/enrol/")


def test_an_administrator_issues_a_reset_link_that_sets_a_new_password_once(make_user):
    admin = make_user("adminka", "national", "admin", is_staff=True, is_superuser=True)
    omar = make_user("omar", "consular", "consular")
    client = Client()
    client.force_login(admin)
    response = client.post("/admin/accounts/user/", {"action": "issue_reset_link", "_selected_action": [omar.pk]},
                           follow=True)
    link = re.search(r"http://testserver(/password/reset/[^ <]+/)", response.content.decode()).group(1)
    visitor = Client()
    form_page = visitor.get(link, follow=True)
    set_url = form_page.redirect_chain[-1][0]
    new = "Tall-kettle-under-rain-7"
    done = visitor.post(set_url, {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    assert _post_login(Client(), "omar", new).status_code == 302
    assert visitor.get(link, follow=True).context["validlink"] is False
    assert AuditEntry.objects.filter(action="accounts.password.reset_link_issued").exists()


def test_a_user_changes_the_password_and_natalia2026_is_refused(make_user):
    natalia = make_user("natalia", "consular", "consular", first_name="Natalia")
    client = Client()
    client.force_login(natalia)
    for weak in ("natalia2026", "Natalia-2026!", "qwerty123456", "summer2026!!"):
        page = client.post("/account/password/", {"old_password": PW, "new_password1": weak, "new_password2": weak})
        assert page.status_code == 200, weak
    good = "Violet-harbour-lamp-42"
    ok = client.post("/account/password/", {"old_password": PW, "new_password1": good, "new_password2": good})
    assert ok.status_code == 302
    assert AuditEntry.objects.filter(action="accounts.password.changed", actor=natalia).exists()


def test_natalia2026_is_refused_by_the_validators_with_or_without_the_user(make_user):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    natalia = make_user("natalia")
    for user in (natalia, None):
        with pytest.raises(ValidationError):
            validate_password("natalia2026", user)
    validate_password("Violet-harbour-lamp-42", natalia)


def test_an_idle_session_ends_after_the_configured_minutes(make_user, settings):
    from homeward.web.signin_middleware import SEEN, STARTED

    omar = make_user("omar", "consular", "consular")
    client = Client()
    client.force_login(omar)
    assert client.get("/cases/").status_code == 200
    session = client.session
    session[SEEN] = time.time() - 31 * 60
    session.save()
    ended = client.get("/cases/")
    assert ended.status_code == 302 and "/login/" in ended["Location"]
    assert client.get("/cases/").status_code == 302
    # and whatever the activity, after the absolute lifetime
    client.force_login(omar)
    session = client.session
    session[STARTED] = time.time() - (settings.HOMEWARD_SESSION_MAX_HOURS * 3600 + 5)
    session.save()
    assert client.get("/cases/").status_code == 302
