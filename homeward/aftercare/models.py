"""After arrival: the handover of a child to a guardian at home, and the visits that follow."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from homeward.core.fields import SealedTextField, row_key_field


class Handover(models.Model):
    """The signed handing over of a child to a guardian at home. Never edited once signed."""

    case = models.OneToOneField("cases.Case", models.PROTECT, related_name="handover", verbose_name=_("case"))
    flight = models.ForeignKey(
        "movements.Flight", models.PROTECT, null=True, blank=True, related_name="handovers", verbose_name=_("flight")
    )
    guardian = models.ForeignKey("people.Person", models.PROTECT, related_name="+", verbose_name=_("guardian"))
    relation = models.CharField(_("relation to the child"), max_length=20)
    identity_document = models.CharField(_("guardian's identity document"), max_length=100)
    signed_at = models.DateTimeField(_("signed at"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    official_name = models.CharField(_("handed over by (official)"), max_length=200, blank=True)
    receiving_agency = models.ForeignKey(
        "accounts.Agency", models.PROTECT, related_name="+", verbose_name=_("receiving agency")
    )
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")

    def __str__(self) -> str:
        return f"{self.case} handed over {self.signed_at:%Y-%m-%d}"


class FollowUpVisitQuerySet(models.QuerySet["FollowUpVisit"]):
    def overdue(self, today: dt.date) -> FollowUpVisitQuerySet:
        """Visits scheduled before ``today``, not done, of cases still followed up."""
        return self.filter(scheduled_for__lt=today, done_on__isnull=True).exclude(case__stage__is_terminal=True)


class FollowUpVisit(models.Model):
    """A visit to a child at home after the handover: scheduled, then done and written up."""

    case = models.ForeignKey("cases.Case", models.PROTECT, related_name="follow_up_visits", verbose_name=_("case"))
    scheduled_for = models.DateField(_("scheduled for"), db_index=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    visitor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("by")
    )
    school = models.TextField(_("school"), blank=True)
    health = SealedTextField(_("health"), blank=True)  # sealed at rest (homeward.core.fields)
    benefits = models.TextField(_("benefits"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    row_key = row_key_field()
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = FollowUpVisitQuerySet.as_manager()

    class Meta:
        ordering = ["scheduled_for", "id"]
        verbose_name = _("follow-up visit")
        verbose_name_plural = _("follow-up visits")

    def __str__(self) -> str:
        return f"{self.case} visit {self.scheduled_for.isoformat()}"
