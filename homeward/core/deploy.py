"""Deployment settings that refuse to be unsafe.

With DEBUG off, Homeward does not serve (WSGI, ASGI, ``runserver``) with the demo SECRET_KEY or
without HTTPS settings (secure cookies, SSL redirect, HSTS), unless ``HOMEWARD_INSECURE_DEMO=1``
says that this is the laptop demo. ``homeward check --deploy`` reports the same as errors.
"""

from __future__ import annotations

from typing import Any

from django.core import checks
from django.core.exceptions import ImproperlyConfigured


def unsafe_reasons(settings: Any) -> list[str]:
    """What makes these settings unfit to serve real data (empty when they are fit, or DEBUG is on)."""
    if settings.DEBUG or getattr(settings, "HOMEWARD_INSECURE_DEMO", False):
        return []
    reasons = []
    key = str(settings.SECRET_KEY)
    if key == getattr(settings, "DEMO_SECRET_KEY", None) or len(key) < 50 or len(set(key)) < 5:
        reasons.append("SECRET_KEY is the demo key or too short: set SECRET_KEY to 50+ random characters")
    if not settings.SESSION_COOKIE_SECURE or not settings.CSRF_COOKIE_SECURE:
        reasons.append("cookies are not Secure: set HOMEWARD_HTTPS=1 (or SECURE_COOKIES=1)")
    if not settings.SECURE_SSL_REDIRECT:
        reasons.append("plain HTTP is not redirected: set HOMEWARD_HTTPS=1 (or SECURE_SSL_REDIRECT=1)")
    if not settings.SECURE_HSTS_SECONDS:
        reasons.append("no HSTS: set HOMEWARD_HTTPS=1 (or SECURE_HSTS_SECONDS)")
    return reasons


def refuse_if_unsafe() -> None:
    """Called by the servers' entry points: raises instead of serving with unsafe settings."""
    from django.conf import settings

    reasons = unsafe_reasons(settings)
    if reasons:
        raise ImproperlyConfigured(
            "Homeward will not start with DEBUG off and unsafe settings: " + "; ".join(reasons)
            + ". For the laptop demo only, set HOMEWARD_INSECURE_DEMO=1.")


@checks.register(checks.Tags.security, deploy=True)
def check_deployment(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    from django.conf import settings

    return [checks.Error(reason, id="homeward.E001") for reason in unsafe_reasons(settings)]
