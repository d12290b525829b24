"""Who must sign in with a second factor, and what a session that has passed it carries."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django_otp.plugins.otp_totp.models import TOTPDevice

from homeward.accounts.models import BackupCodes

# Set in the session once the second factor is passed (or was not needed at sign-in).
VERIFIED_KEY = "homeward_second_factor"
# Wrong codes a half-signed-in session may give before it is ended.
MAX_CODE_FAILURES = 5
BACKUP_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
BACKUP_COUNT = 10


def second_factor_required(user: Any) -> bool:
    """Administrators, DNA analysts and every user of the national office must use a second factor."""
    if not getattr(user, "is_authenticated", False):
        return False
    agency = getattr(user, "agency", None)
    return bool(
        user.is_superuser
        or user.role in settings.HOMEWARD_SECOND_FACTOR_ROLES
        or (agency is not None and agency.kind in settings.HOMEWARD_SECOND_FACTOR_AGENCY_KINDS)
    )


def totp_device(user: Any, confirmed: bool = True) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("-pk").first()


def has_second_factor(user: Any) -> bool:
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def needs_second_factor(user: Any) -> bool:
    """Whether signing in as ``user`` goes through the code step (required, or chosen)."""
    return second_factor_required(user) or has_second_factor(user)


def is_verified(request: HttpRequest) -> bool:
    return bool(request.session.get(VERIFIED_KEY))


def mark_verified(request: HttpRequest) -> None:
    request.session[VERIFIED_KEY] = True
    request.session.pop("homeward_code_failures", None)


def new_backup_code() -> str:
    raw = "".join(secrets.choice(BACKUP_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def backup_device(user: Any) -> BackupCodes | None:
    found: BackupCodes | None = BackupCodes.objects.filter(user=user, confirmed=True).first()
    return found
