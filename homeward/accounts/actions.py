"""Changes to accounts: enrolling and resetting the second factor, backup codes, password reset
links. Each is audited in its own transaction."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from homeward.accounts import policy
from homeward.accounts.models import BackupCode, BackupCodes, User, backup_digest
from homeward.accounts.signin import BACKUP_COUNT, new_backup_code, totp_device
from homeward.audit.log import record
from homeward.errors import ActionError


def start_enrolment(*, user: Any) -> TOTPDevice:
    """An unconfirmed authenticator for ``user`` (the one in progress, or a new one)."""
    with transaction.atomic():
        device = totp_device(user, confirmed=False)
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
        return device


def confirm_enrolment(*, user: Any, token: str, ip: str | None = None) -> list[str]:
    """Confirm the authenticator in progress with a code from it; returns fresh backup codes."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("-pk").first()
        if device is None or not device.verify_token(token.strip().replace(" ", "")):
            raise ActionError(_("That code is not the one the authenticator shows now. Try the next one."))
        TOTPDevice.objects.filter(user=user, confirmed=True).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _replace_backup_codes(user)
        record(actor=user, action="accounts.second_factor.enrolled", obj=user, ip=ip)
    return codes


def enrol_known_secret(*, user: Any, key_hex: str | None = None) -> tuple[TOTPDevice, list[str]]:
    """Enrol ``user`` with a confirmed authenticator straight away (the demo, a command line)."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        extra = {"key": key_hex} if key_hex else {}
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True, **extra)
        codes = _replace_backup_codes(user)
        record(actor=None, action="accounts.second_factor.enrolled", obj=user)
    return device, codes


def _replace_backup_codes(user: Any) -> list[str]:
    BackupCodes.objects.filter(user=user).delete()
    device = BackupCodes.objects.create(user=user, name="backup codes", confirmed=True)
    codes = [new_backup_code() for _ in range(BACKUP_COUNT)]
    BackupCode.objects.bulk_create([BackupCode(device=device, digest=backup_digest(c)) for c in codes])
    return codes


def new_backup_codes(*, user: Any, ip: str | None = None) -> list[str]:
    """Replace a user's backup codes (the old ones stop working); returns the new ones, shown once."""
    with transaction.atomic():
        codes = _replace_backup_codes(user)
        record(actor=user, action="accounts.backup_codes.replaced", obj=user, ip=ip)
    return codes


def reset_second_factor(*, actor: Any, user: User, ip: str | None = None) -> None:
    """An administrator removes a user's authenticator and backup codes: at the next sign-in the
    user enrols again (and, where it is required, cannot go further before)."""
    policy.require(actor, "accounts.user.manage")
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        BackupCodes.objects.filter(user=user).delete()
        record(actor=actor, action="accounts.second_factor.reset", obj=user, ip=ip)


def issue_reset_link(*, actor: Any, user: User, base_url: str, ip: str | None = None) -> tuple[str, bool]:
    """A one-time password reset link for ``user``, valid PASSWORD_RESET_TIMEOUT seconds; sent by
    e-mail when a mail server is configured and the user has an address. Returns (link, e-mailed)."""
    policy.require(actor, "accounts.user.manage")
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    link = base_url.rstrip("/") + reverse("password-reset-confirm", kwargs={"uidb64": uid, "token": token})
    emailed = False
    with transaction.atomic():
        record(actor=actor, action="accounts.password.reset_link_issued", obj=user, ip=ip)
        if settings.EMAIL_HOST and user.email:
            send_mail(_("Set your Homeward password"), _("Open this link to set a new password: %(link)s")
                      % {"link": link}, None, [user.email])
            emailed = True
    return link, emailed


def record_password_changed(*, user: Any, how: str, ip: str | None = None) -> None:
    record(actor=user, action="accounts.password.changed", obj=user, data={"how": how}, ip=ip)


def record_second_factor(*, user: Any, passed: bool, kind: str, ip: str | None = None) -> None:
    record(actor=user, action="accounts.signin.second_factor_" + ("passed" if passed else "failed"),
           obj=user, data={"kind": kind}, ip=ip)
