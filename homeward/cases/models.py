"""Cases and the workflow they move through.

The workflow itself is data: stages, the checks a case needs before it may enter a stage (for all
host countries or one), the transitions allowed between stages, and host-country rules. A case's
history is a list of events that is only ever appended to.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from homeward.core.translated import localized


class Stage(models.Model):
    """A stage of a case (identified, kinship verified, ready to travel, ...)."""

    code = models.SlugField(_("code"), max_length=40, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    name_ru = models.CharField(_("name (Russian)"), max_length=100, blank=True, default="")
    name_ar = models.CharField(_("name (Arabic)"), max_length=100, blank=True, default="")
    order = models.PositiveSmallIntegerField(_("order"), unique=True)
    is_terminal = models.BooleanField(_("terminal"), default=False)
    # Stages entered only by an action elsewhere (a flight's arrival, a handover), never by hand.
    system_only = models.BooleanField(_("entered by a dedicated action only"), default=False)

    class Meta:
        ordering = ["order"]
        verbose_name = _("stage")
        verbose_name_plural = _("stages")

    def __str__(self) -> str:
        return localized(self, "name")


class Applies(models.TextChoices):
    ALL = "all", _("every child")
    BORN_ABROAD = "born_abroad", _("children born abroad")
    BORN_HOME = "born_home", _("children born in the home country")


class Requirement(models.Model):
    """A check a case must have ticked before it may enter ``stage``.

    ``host_country`` empty means every host country; ``applies`` narrows it to children born
    abroad or at home. ``automatic`` checks are ticked by an action (e.g. a DNA kinship
    conclusion), never by hand.
    """

    stage = models.ForeignKey(Stage, models.CASCADE, related_name="requirements", verbose_name=_("stage"))
    host_country = models.ForeignKey(
        "places.Country", models.CASCADE, null=True, blank=True, related_name="requirements",
        verbose_name=_("host country"),
    )
    code = models.SlugField(_("code"), max_length=60)
    label = models.CharField(_("label"), max_length=200)
    label_ru = models.CharField(_("label (Russian)"), max_length=200, blank=True, default="")
    label_ar = models.CharField(_("label (Arabic)"), max_length=200, blank=True, default="")
    applies = models.CharField(_("applies to"), max_length=12, choices=Applies.choices, default=Applies.ALL)
    needs_reference = models.BooleanField(_("needs a document reference"), default=False)
    # A document of this kind (documents.Document.kind) must be on the case before it is ticked.
    needs_document = models.CharField(_("needs a document of kind"), max_length=40, blank=True)
    # A signed decision form of this kind (casework.DecisionForm) must be on the case first.
    needs_form = models.CharField(_("needs a signed form of kind"), max_length=40, blank=True)
    # Due this many days after the child was identified (empty: no due date).
    due_days = models.PositiveSmallIntegerField(_("due days after identification"), null=True, blank=True)
    automatic = models.BooleanField(_("ticked by the system"), default=False)
    # Which roles tick this check by hand (role codes of accounts.Role); empty: administrators only.
    roles = models.JSONField(_("roles that tick it"), default=list, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["stage__order", "order", "code"]
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")
        constraints = [
            models.UniqueConstraint(fields=["code", "host_country"], name="requirement_unique_code_country"),
            models.UniqueConstraint(
                fields=["code"], condition=models.Q(host_country__isnull=True), name="requirement_unique_code_all"
            ),
        ]

    def __str__(self) -> str:
        return localized(self, "label")


class Transition(models.Model):
    """A move allowed from one stage to another (for all host countries, or one)."""

    source = models.ForeignKey(Stage, models.CASCADE, related_name="transitions_out", verbose_name=_("from"))
    target = models.ForeignKey(Stage, models.CASCADE, related_name="transitions_in", verbose_name=_("to"))
    host_country = models.ForeignKey(
        "places.Country", models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("host country")
    )
    needs_reason = models.BooleanField(_("needs a reason"), default=False)
    # Which roles take this move by hand (role codes of accounts.Role); empty: administrators only.
    roles = models.JSONField(_("roles that take it"), default=list, blank=True)

    class Meta:
        ordering = ["source__order", "target__order"]
        verbose_name = _("transition")
        verbose_name_plural = _("transitions")
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "host_country"], name="transition_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.source_id} → {self.target_id}"


class HostRule(models.Model):
    """A host-country rule with a number: e.g. Iraq, ``mother_keeps_child_until_age`` = 3."""

    country = models.ForeignKey("places.Country", models.CASCADE, related_name="rules", verbose_name=_("country"))
    code = models.SlugField(_("code"), max_length=60)
    value = models.IntegerField(_("value"))
    description = models.CharField(_("description"), max_length=300, blank=True)
    description_ru = models.CharField(_("description (Russian)"), max_length=300, blank=True, default="")
    description_ar = models.CharField(_("description (Arabic)"), max_length=300, blank=True, default="")

    class Meta:
        verbose_name = _("host-country rule")
        verbose_name_plural = _("host-country rules")
        constraints = [models.UniqueConstraint(fields=["country", "code"], name="hostrule_unique")]

    def __str__(self) -> str:
        return f"{self.country_id}: {self.code} = {self.value}"


class CaseQuerySet(models.QuerySet["Case"]):
    def active(self) -> CaseQuerySet:
        return self.exclude(stage__is_terminal=True)


class Case(models.Model):
    """One case per child: where the child is, where the case stands, who owns it."""

    reference = models.CharField(_("reference"), max_length=30, unique=True)
    child = models.OneToOneField(
        "people.Person", models.PROTECT, related_name="case", verbose_name=_("child"),
        limit_choices_to={"kind": "child"},
    )
    host_country = models.ForeignKey(
        "places.Country", models.PROTECT, related_name="cases", verbose_name=_("host country")
    )
    facility = models.ForeignKey(
        "places.Facility", models.PROTECT, null=True, blank=True, related_name="cases", verbose_name=_("facility")
    )
    home_region = models.ForeignKey(
        "places.Region", models.PROTECT, null=True, blank=True, related_name="cases", verbose_name=_("home region")
    )
    stage = models.ForeignKey(Stage, models.PROTECT, related_name="cases", verbose_name=_("stage"))
    owner = models.ForeignKey(
        "accounts.Agency", models.PROTECT, related_name="cases", verbose_name=_("owning agency")
    )
    # The named caseworker of the owning agency who answers for the case (empty: unassigned).
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="assigned_cases",
        verbose_name=_("responsible caseworker"),
    )
    identified_on = models.DateField(_("identified on"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    closing_reason = models.CharField(_("closing reason"), max_length=300, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["reference"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def __str__(self) -> str:
        return self.reference


class CaseCheck(models.Model):
    """A requirement as it stands for one case: ticked or not, on what document."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="checks", verbose_name=_("case"))
    requirement = models.ForeignKey(Requirement, models.PROTECT, related_name="+", verbose_name=_("requirement"))
    done = models.BooleanField(_("done"), default=False)
    reference = models.CharField(_("document reference"), max_length=100, blank=True)
    document_date = models.DateField(_("document date"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("done by")
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        verbose_name = _("case check")
        verbose_name_plural = _("case checks")
        constraints = [models.UniqueConstraint(fields=["case", "requirement"], name="casecheck_unique")]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.requirement_id} {'done' if self.done else 'open'}"


class CaseEvent(models.Model):
    """One entry of a case's history. Never edited: a correction is a new event."""

    class Kind(models.TextChoices):
        OPENED = "opened", _("case opened")
        TRANSITION = "transition", _("stage changed")
        CHECK = "check", _("check ticked")
        UNCHECK = "uncheck", _("check withdrawn")
        EDIT = "edit", _("record edited")
        NOTE = "note", _("note")
        OWNER = "owner", _("ownership passed")

    case = models.ForeignKey(Case, models.PROTECT, related_name="events", verbose_name=_("case"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    # When it happened in the world (a flight's arrival date); recorded_at is when it was entered.
    occurred_at = models.DateTimeField(_("occurred at"), db_index=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("by")
    )
    source_stage = models.ForeignKey(
        Stage, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("from")
    )
    target_stage = models.ForeignKey(
        Stage, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("to")
    )
    reason = models.TextField(_("reason"), blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)

    class Meta:
        ordering = ["occurred_at", "id"]
        verbose_name = _("case event")
        verbose_name_plural = _("case events")

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.occurred_at:%Y-%m-%d}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("case history is append-only")
        super().save(*args, **kwargs)


class CaseNote(models.Model):
    """A note on a case, read by all who see the case or by the author's agency only."""

    class Visibility(models.TextChoices):
        CASE = "case", _("everyone who sees the case")
        AGENCY = "agency", _("my agency only")

    case = models.ForeignKey(Case, models.PROTECT, related_name="notes", verbose_name=_("case"))
    text = models.TextField(_("text"))
    visibility = models.CharField(_("visible to"), max_length=8, choices=Visibility.choices,
                                  default=Visibility.CASE)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("by")
    )
    agency = models.ForeignKey(
        "accounts.Agency", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("agency")
    )
    created_at = models.DateTimeField(_("written at"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("case note")
        verbose_name_plural = _("case notes")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.text[:40]}"


class Referral(models.Model):
    """A case offered by its owning agency to another: sent, then accepted or declined with a reason."""

    class Status(models.TextChoices):
        SENT = "sent", _("sent")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        WITHDRAWN = "withdrawn", _("withdrawn")

    case = models.ForeignKey(Case, models.PROTECT, related_name="referrals", verbose_name=_("case"))
    from_agency = models.ForeignKey("accounts.Agency", models.PROTECT, related_name="+", verbose_name=_("from"))
    to_agency = models.ForeignKey("accounts.Agency", models.PROTECT, related_name="referrals_in",
                                  verbose_name=_("to"))
    reason = models.TextField(_("reason"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SENT)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name=_("sent by"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        constraints = [
            models.UniqueConstraint(fields=["case"], condition=models.Q(status="sent"),
                                    name="referral_one_open_per_case"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.from_agency_id} → {self.to_agency_id} ({self.status})"
