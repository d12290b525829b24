"""Users, the agencies they work for, and the roles that decide what they may see and do."""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device

from homeward.core import reference
from homeward.core.translated import localized


class Agency(models.Model):
    """An office taking part in the programme.

    The national office sees every case; a consular section sees the cases of its host country; a
    regional ombudsman or social service sees the cases of its region (and the regions below it).
    """

    class Kind(models.TextChoices):
        NATIONAL = "national", _("national office (commissioner)")
        CONSULAR = "consular", _("consular section")
        REGIONAL = "regional", _("regional ombudsman / social services")
        FLIGHT = "flight", _("flight and medical team")
        LAB = "lab", _("DNA laboratory")
        ANALYSIS = "analysis", _("analysts and press")

    name = models.CharField(_("name"), max_length=200, unique=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=200, blank=True, default="")
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True, default="")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    region = models.ForeignKey(
        "places.Region", models.PROTECT, null=True, blank=True, related_name="agencies", verbose_name=_("region")
    )
    host_country = models.ForeignKey(
        "places.Country", models.PROTECT, null=True, blank=True, related_name="agencies",
        verbose_name=_("host country"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="regional") | models.Q(region__isnull=False),
                name="regional_agency_has_region",
            ),
        ]

    def __str__(self) -> str:
        return localized(self, "name")


def agencies() -> dict[int, Agency]:
    """Every agency by id, with its region, in the agencies' order: kept per process until one
    changes (homeward/core/reference.py). Every page's permission check reads its user's agency."""
    return reference.kept("accounts.agencies", lambda: {a.pk: a for a in Agency.objects.select_related("region")})


def agency_of(user: Any) -> Agency | None:
    """``user.agency`` from the kept agencies, given to the user as its agency too, so that the
    page header and every later ``user.agency`` read no row."""
    agency_id = getattr(user, "agency_id", None)
    if agency_id is None:
        return None
    agency = agencies().get(agency_id)
    if agency is None:  # created since the token was read: read it as Django would
        return user.agency  # type: ignore[no-any-return]
    user._meta.get_field("agency").set_cached_value(user, agency)
    return agency


class Role(models.TextChoices):
    """What a user does; access.py turns a role into what the user may see and change."""

    ADMIN = "admin", _("programme administrator")
    CASEWORKER = "caseworker", _("ombudsman caseworker")
    CONSULAR = "consular", _("consular officer")
    SOCIAL_WORKER = "social_worker", _("regional social worker")
    FLIGHT = "flight", _("flight team")
    GENETICIST = "geneticist", _("DNA analyst")
    ANALYST = "analyst", _("analyst / press officer")


class User(AbstractUser):  # type: ignore[django-manager-missing]
    """A person who logs in. Belongs to one agency and has one role."""

    agency = models.ForeignKey(
        Agency, models.PROTECT, null=True, blank=True, related_name="users", verbose_name=_("agency")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.CASEWORKER)
    language = models.CharField(_("language"), max_length=8, blank=True, default="")

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")


class BackupCodes(Device):  # type: ignore[misc]
    """A user's one-time backup codes (a django-otp device): only their SHA-256 digests are kept.

    The codes are random (10 characters of a 32-letter alphabet), so a fast digest is enough; the
    sign-in lockout and this device's own throttling bound guessing.
    """

    class Meta:
        verbose_name = _("backup codes")
        verbose_name_plural = _("backup codes")

    def verify_token(self, token: Any) -> bool:
        digest = backup_digest(str(token))
        used = self.codes.filter(digest=digest, used_at__isnull=True).update(used_at=timezone.now())
        return bool(used == 1)

    def remaining(self) -> int:
        return int(self.codes.filter(used_at__isnull=True).count())


def backup_digest(code: str) -> str:
    clean = "".join(ch for ch in code.upper() if ch.isalnum())
    return hashlib.sha256(clean.encode("ascii", "ignore")).hexdigest()


class BackupCode(models.Model):
    device = models.ForeignKey(BackupCodes, models.CASCADE, related_name="codes")
    digest = models.CharField(max_length=64, db_index=True)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"backup code {self.pk} ({'used' if self.used_at else 'unused'})"


class Lockout(models.Model):
    """A sign-in lockout (of an account or an address), kept so that its end is audited once."""

    username = models.CharField(max_length=150, blank=True, default="")
    ip = models.GenericIPAddressField(null=True, blank=True)
    started_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    end_recorded = models.BooleanField(default=False, db_index=True)

    def __str__(self) -> str:
        return f"lockout of {self.username or self.ip} until {self.ends_at:%Y-%m-%d %H:%M}"
