"""API tokens, the hits counted against their rate, and the responses kept for idempotent retries."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def live(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """A bearer token acting as one user (a person, or an integration's service user).

    Only the SHA-256 digest of the token is stored; the token itself is shown once, when issued.
    The token holds exactly what its user holds in the policy table, no more.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="api_tokens",
                             verbose_name=_("user"))
    name = models.CharField(_("name"), max_length=100)
    # The first characters of the token: its public name in lists, logs and the revocation URL
    # (not the row id, which is guessable).
    prefix = models.CharField(_("prefix"), max_length=12, unique=True)
    digest = models.CharField(_("digest"), max_length=64, unique=True)
    rate_per_minute = models.PositiveIntegerField(_("requests per minute"), default=120)
    created_at = models.DateTimeField(_("created at"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("created by"))
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("revoked by"))

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"


class ApiHit(models.Model):
    """One request made with a token: counted for its rate limit, in the database so that every
    server process sees the same count. Rows older than a minute are deleted as new ones come."""

    token = models.ForeignKey(ApiToken, models.CASCADE, related_name="hits")
    at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [models.Index(fields=["token", "at"], name="api_hit_token_at")]

    def __str__(self) -> str:
        return f"{self.token_id} {self.at:%H:%M:%S}"


class IdempotentRequest(models.Model):
    """A write made with an ``Idempotency-Key``: the request's digest and the response it got.

    The same key with the same request answers the stored response without writing again; the
    same key with another request is refused (422).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=500)
    request_digest = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField()
    # The answer as sent (JSON text), so a replay is byte for byte the first answer.
    body = models.TextField(default="{}")
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotent_user_key")]

    def __str__(self) -> str:
        return f"{self.method} {self.path} [{self.key}]"
