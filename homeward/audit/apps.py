from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "homeward.audit"
    label = "audit"
    verbose_name = _("Audit")

    def ready(self) -> None:
        from django.contrib.auth import signals

        signals.user_logged_in.connect(_logged_in, dispatch_uid="homeward.audit.login")
        signals.user_login_failed.connect(_login_failed, dispatch_uid="homeward.audit.login_failed")
        signals.user_logged_out.connect(_logged_out, dispatch_uid="homeward.audit.logout")


def _ip(request: Any) -> str | None:
    return getattr(request, "META", {}).get("REMOTE_ADDR") if request is not None else None


# Sign-ins are facts about security, not domain logic: Django's own signals are the place to hear them.
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    from homeward.audit.log import record

    record(actor=user, action="accounts.login.succeeded", obj=user, ip=_ip(request))


def _login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    from homeward.audit.log import record

    record(actor=None, action="accounts.login.failed", ip=_ip(request),
           data={"username": str(credentials.get("username", ""))[:150]})


def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    from homeward.audit.log import record

    if user is not None:
        record(actor=user, action="accounts.logout", obj=user, ip=_ip(request))
