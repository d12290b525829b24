"""Issuing, revoking and checking API tokens.

A token is ``hw_`` followed by 43 random URL-safe characters (256 bits). It is shown once; the
database keeps its SHA-256 digest, which is enough for a secret of that strength (a slow password
hash protects guessable secrets, and a token is not one), and keeps lookups one indexed read.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from homeward.accounts import policy
from homeward.api.models import ApiToken
from homeward.audit.log import record
from homeward.errors import ActionError

PREFIX = "hw_"
PREFIX_LENGTH = 12
MANAGE = "accounts.token.manage"


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Issued:
    """A new token: the row, and the secret itself, which is never stored and never shown again."""

    row: ApiToken
    secret: str


@transaction.atomic
def issue_token(*, actor: Any, user: Any, name: str, rate_per_minute: int = 120,
                expires_at: dt.datetime | None = None) -> Issued:
    """Issue a token acting as ``user``. Administrators issue tokens; ``actor=None`` is the system
    (the ``api_token`` command run by whoever runs the server)."""
    if actor is not None:
        policy.require(actor, MANAGE)
    if not name.strip():
        raise ActionError(_("Name the token."), field_errors={"name": [_("This field is required.")]})
    if not user.is_active:
        raise ActionError(_("The user is inactive."), field_errors={"user": [_("Inactive user.")]})
    if rate_per_minute < 1:
        raise ActionError(_("The rate must be at least one request a minute."),
                          field_errors={"rate_per_minute": [_("At least 1.")]})
    secret = PREFIX + secrets.token_urlsafe(32)
    row = ApiToken.objects.create(
        user=user, name=name.strip(), prefix=secret[:PREFIX_LENGTH], digest=digest(secret),
        rate_per_minute=rate_per_minute, created_at=timezone.now(), expires_at=expires_at,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    record(actor=actor, action="api.token.issued", obj=row,
           data={"user": user.username, "name": row.name, "prefix": row.prefix,
                 "rate_per_minute": rate_per_minute, "expires_at": expires_at.isoformat() if expires_at else None})
    return Issued(row, secret)


@transaction.atomic
def revoke_token(*, actor: Any, token: ApiToken) -> ApiToken:
    """Revoke ``token``: its next request is refused. An administrator revokes any token, a user
    their own; revoking twice changes nothing the second time."""
    locked = ApiToken.objects.select_for_update().get(pk=token.pk)
    own = getattr(actor, "pk", None) is not None and actor.pk == locked.user_id
    if actor is not None and not own:
        policy.require(actor, MANAGE)
    if locked.revoked_at is None:
        locked.revoked_at = timezone.now()
        locked.revoked_by = actor if getattr(actor, "is_authenticated", False) else None
        locked.save(update_fields=["revoked_at", "revoked_by"])
        record(actor=actor, action="api.token.revoked", obj=locked,
               data={"user_id": locked.user_id, "prefix": locked.prefix})
    return locked


def user_for(secret: str) -> tuple[Any, ApiToken] | None:
    """The user and token a presented secret stands for, if live (not revoked, not expired)."""
    if not secret.startswith(PREFIX) or len(secret) > 100:
        return None
    row = ApiToken.objects.live().select_related("user", "user__agency").filter(digest=digest(secret)).first()
    if row is None or (row.expires_at is not None and row.expires_at <= timezone.now()):
        return None
    if not row.user.is_active:
        return None
    now = timezone.now()
    if row.last_used_at is None or now - row.last_used_at > dt.timedelta(minutes=1):
        # at most one write a minute per token: the last use is a hint, not an audit record
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
    return row.user, row
