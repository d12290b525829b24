"""Session limits and the second-factor barrier, for every request."""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _

from homeward.accounts.signin import has_second_factor, is_verified, needs_second_factor

STARTED, SEEN = "homeward_started", "homeward_seen"
# What a user who has given the password but not yet the code may reach.
HALF_SIGNED_IN = {"login", "login-code", "login-enrol", "logout", "set_language", "password-reset-confirm"}


@receiver(user_logged_in)
def _stamp_session(sender: object, request: HttpRequest | None, user: object, **kwargs: object) -> None:
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[STARTED] = now
        request.session[SEEN] = now


class SessionLimitsMiddleware:
    """Ends a session idle for HOMEWARD_SESSION_IDLE_MINUTES, or older than HOMEWARD_SESSION_MAX_HOURS."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            session = request.session
            started = float(session.get(STARTED) or now)
            seen = float(session.get(SEEN) or now)
            idle = settings.HOMEWARD_SESSION_IDLE_MINUTES * 60
            if now - seen > idle or now - started > settings.HOMEWARD_SESSION_MAX_HOURS * 3600:
                logout(request)
                messages.info(request, _("Your session ended after %(n)d minutes without activity, or at the end of "
                                         "the working day: sign in again.") % {"n": settings.HOMEWARD_SESSION_IDLE_MINUTES})
                return redirect_to_login(request.get_full_path())
            if STARTED not in session:
                session[STARTED] = now
            # Written at most once a minute, so most pages do not rewrite the session.
            if SEEN not in session or now - seen > 60:
                session[SEEN] = now
        return self.get_response(request)


class SecondFactorMiddleware:
    """A session that has the password but not yet the second factor reaches only the sign-in steps."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        pending = user.is_authenticated and not is_verified(request) and needs_second_factor(user)
        setattr(request, "second_factor_pending", pending)  # noqa: B010  (the sign-in pages show no menu)
        if pending and not self._allowed(request):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": _("Sign in with your second factor first.")}, status=403)
            target = "login-code" if has_second_factor(user) else "login-enrol"
            return redirect(reverse(target) + "?" + urlencode({"next": request.get_full_path()}))
        return self.get_response(request)

    @staticmethod
    def _allowed(request: HttpRequest) -> bool:
        if request.path.startswith("/" + settings.STATIC_URL.lstrip("/")):
            return True
        try:
            return resolve(request.path_info).url_name in HALF_SIGNED_IN
        except Resolver404:
            return False
