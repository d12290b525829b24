"""Helpers for tests that sign in through the form: an authenticator and its current code."""

from __future__ import annotations

from typing import Any


def enrol(user: Any) -> Any:
    """A confirmed authenticator for ``user`` (replacing any)."""
    from homeward.accounts.actions import enrol_known_secret

    device, _codes = enrol_known_secret(user=user)
    return device


def current_code(device: Any) -> str:
    """The code the authenticator shows now; the device forgets the last code used, so the same
    user may sign in twice within one 30-second step."""
    from django_otp.oath import TOTP

    device.refresh_from_db()
    device.last_t = -1
    device.save(update_fields=["last_t"])
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return str(totp.token()).zfill(device.digits)
