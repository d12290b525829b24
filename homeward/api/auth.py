"""Who is asking, what they may ask, and how often.

* :class:`BearerToken` — ``Authorization: Bearer hw_…``; a missing or bad token is a 401 with
  ``WWW-Authenticate: Bearer``. Signed-in page users (session cookie) are let in too, so the
  pages' own scripts and the schema browser work; the token is what partner systems use.
* :class:`Policy` — the permission each method of a view names (``permissions = {"GET": ...}``),
  from accounts/policy.py, exactly as for the pages.
* :class:`TokenRate` — each token's own limit (``ApiToken.rate_per_minute``), counted in the
  database (:class:`~homeward.api.models.ApiHit`) so that every server worker sees one count.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from rest_framework import authentication, exceptions, permissions, throttling
from rest_framework.request import Request

from homeward.accounts import policy
from homeward.api import tokens
from homeward.api.models import ApiHit, ApiToken

WINDOW = dt.timedelta(minutes=1)


class BearerToken(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("The Authorization header must be 'Bearer <token>'.")
        try:
            secret = header[1].decode("ascii")
        except UnicodeError:
            raise exceptions.AuthenticationFailed("The token is not valid.") from None
        found = tokens.user_for(secret)
        if found is None:
            raise exceptions.AuthenticationFailed("The token is not valid, has expired or was revoked.")
        return found

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="homeward"'


class Session(authentication.SessionAuthentication):
    """The pages' sign-in, for the browsable schema and the pages' own scripts (CSRF enforced)."""


class Policy(permissions.BasePermission):
    """The view's ``permissions[method]`` must be held (403 naming what the role may not do)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if not request.user or not request.user.is_authenticated:
            raise exceptions.NotAuthenticated()
        table: dict[str, str | None] = getattr(view, "permissions", {})
        method = "GET" if request.method in ("HEAD", "OPTIONS") else str(request.method)
        needed = table.get(method)
        if needed is not None and not policy.holds(request.user, needed):
            self.message = policy.refusal(needed)
            return False
        return True


class TokenRate(throttling.BaseThrottle):
    """A sliding one-minute window per token, kept in the database table ``api_apihit``.

    The count is read and the hit written in the request's own transaction: under PostgreSQL's
    READ COMMITTED two concurrent requests may both see one hit short, so a burst can go over by
    at most the number of server workers; a hit of a request that failed with a server error is
    rolled back with it and does not count.
    """

    def __init__(self) -> None:
        self.wait_seconds: float | None = None

    def allow_request(self, request: Request, view: Any) -> bool:
        token = request.auth
        if not isinstance(token, ApiToken):
            return True  # page sessions are not rate limited here, like the pages
        now = timezone.now()
        since = now - WINDOW
        ApiHit.objects.filter(token=token, at__lt=since).delete()
        recent = list(ApiHit.objects.filter(token=token, at__gte=since).order_by("at")
                      .values_list("at", flat=True)[: token.rate_per_minute])
        if len(recent) >= token.rate_per_minute:
            self.wait_seconds = max(1.0, (recent[0] + WINDOW - now).total_seconds())
            return False
        ApiHit.objects.create(token=token, at=now)
        return True

    def wait(self) -> float | None:
        return self.wait_seconds
