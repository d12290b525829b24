"""Sign-in lockout: django-axes counts failures per account and per address; Homeward audits
each lockout and its end, and answers a locked-out sign-in with a plain page saying until when."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_client_ip_address, get_cool_off
from axes.signals import user_locked_out
from django.db import transaction
from django.db.models import Q
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from homeward.accounts.models import Lockout
from homeward.audit.log import record


class LockoutBackend(AxesStandaloneBackend):  # type: ignore[misc]
    """Axes' check, for sign-ins over HTTP. Without a request (the test client's ``login``, a
    management command) there is no address to count, and the check is left to the caller."""

    def authenticate(self, request: HttpRequest | None, username: str | None = None,
                     password: str | None = None, **kwargs: Any) -> Any:
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


@receiver(user_locked_out)
def _locked_out(sender: Any, request: HttpRequest, username: str | None, ip_address: str | None,
                **kwargs: Any) -> None:
    now = timezone.now()
    ends = now + (get_cool_off(request) or timedelta(0))
    with transaction.atomic():
        same = Q(username=username) if username else Q(pk__in=[])
        if ip_address:
            same |= Q(ip=ip_address)
        if Lockout.objects.filter(same, ends_at__gt=now).exists():
            return  # a refused attempt during the lockout: the lockout is already on record
        Lockout.objects.create(username=username or "", ip=ip_address or None, started_at=now, ends_at=ends)
        record(actor=None, action="accounts.signin.locked_out", ip=ip_address,
               data={"username": username or "", "until": ends.isoformat()})


def record_ended_lockouts() -> int:
    """Audit, once each, the lockouts whose time is over; returns how many."""
    now = timezone.now()
    ended = 0
    with transaction.atomic():
        for lock in Lockout.objects.select_for_update().filter(end_recorded=False, ends_at__lte=now):
            record(actor=None, action="accounts.signin.lockout_ended", ip=str(lock.ip) if lock.ip else None,
                   data={"username": lock.username, "ended": lock.ends_at.isoformat()})
            lock.end_recorded = True
            lock.save(update_fields=["end_recorded"])
            ended += 1
    return ended


def lockout_until(request: HttpRequest) -> Any:
    """When the lockout of this request's account or address ends (the latest one in force)."""
    ip = get_client_ip_address(request)
    username = request.POST.get("username", "") if request.method == "POST" else ""
    locks = Lockout.objects.filter(ends_at__gt=timezone.now())
    mine = [x.ends_at for x in locks if (username and x.username == username) or (ip and str(x.ip) == ip)]
    return max(mine) if mine else None


def lockout_response(request: HttpRequest, original_response: HttpResponse | None = None,
                     credentials: dict[str, Any] | None = None) -> HttpResponse:
    from django.contrib.auth.forms import AuthenticationForm

    return render(request, "web/login.html", {
        "form": AuthenticationForm(request), "locked_until": lockout_until(request), "next": "",
    }, status=429)
