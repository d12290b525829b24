"""Intake: spreadsheets as they arrive, the same person entered twice, and merges.

An :class:`ImportBatch` is one uploaded file: its hash, its rows' verdicts after the preview, and
whether it was committed. A :class:`SourceKey` remembers which person (and case) a source row
became, so importing the file again creates nothing twice. A :class:`DuplicatePair` is two people
the sweep (or an intake form) found alike; "not the same" is remembered for good. A
:class:`Merge` keeps what it moved, so an administrator can undo it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    CASES = "cases", _("children and their cases")
    REQUESTS = "requests", _("relatives' requests")
    PEOPLE = "people", _("people (mothers, fathers, relatives)")


class ImportBatch(models.Model):
    """One uploaded file, previewed row by row, then committed (or not)."""

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("uploaded")
        PREVIEWING = "previewing", _("previewing")
        READY = "ready", _("preview ready")
        COMMITTED = "committed", _("committed")
        FAILED = "failed", _("failed")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    filename = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    # The file itself, sealed with the keyring (it holds personal data).
    content = models.BinaryField(_("content"))
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.UPLOADED)
    done = models.PositiveIntegerField(_("rows done"), default=0)
    total = models.PositiveIntegerField(_("rows"), default=0)
    verdicts = models.JSONField(_("verdicts"), default=list, blank=True)
    message = models.TextField(_("message"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("uploaded by"))
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    committed_at = models.DateTimeField(_("committed"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"{self.filename} ({self.kind})"


class ColumnMapping(models.Model):
    """How the columns of files of one shape (the same headers) map to Homeward's fields."""

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    shape = models.CharField(_("shape"), max_length=64)
    headers = models.JSONField(_("headers"), default=list)
    mapping = models.JSONField(_("mapping"), default=dict)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "shape"], name="columnmapping_unique_shape")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.shape[:8]}"


class SourceKey(models.Model):
    """A source row's own id (or a stable key) and the record it became."""

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    key = models.CharField(_("key"), max_length=200)
    person = models.ForeignKey("people.Person", models.CASCADE, null=True, blank=True, related_name="+")
    case = models.ForeignKey("cases.Case", models.CASCADE, null=True, blank=True, related_name="+")
    request = models.ForeignKey("tracing.TracingRequest", models.CASCADE, null=True, blank=True, related_name="+")
    batch = models.ForeignKey(ImportBatch, models.SET_NULL, null=True, blank=True, related_name="keys")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="sourcekey_unique")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.key}"


class DuplicatePair(models.Model):
    """Two people who may be one. ``person_a`` has the lower id; a decided pair never reopens."""

    class Status(models.TextChoices):
        OPEN = "open", _("to review")
        NOT_SAME = "not_same", _("not the same")
        MERGED = "merged", _("merged")

    person_a = models.ForeignKey("people.Person", models.CASCADE, related_name="+")
    person_b = models.ForeignKey("people.Person", models.CASCADE, related_name="+")
    score = models.FloatField(_("score"))
    reasons = models.JSONField(_("explanation"), default=list)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    found_at = models.DateTimeField(_("found"), auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="duplicatepair_unique"),
            models.CheckConstraint(condition=models.Q(person_a__lt=models.F("person_b")),
                                   name="duplicatepair_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.person_a_id}~{self.person_b_id} {self.score:.2f}"


class Merge(models.Model):
    """One person merged into another; what moved, and the removed rows, kept for an undo."""

    survivor = models.ForeignKey("people.Person", models.PROTECT, related_name="+", verbose_name=_("survivor"))
    merged_id = models.PositiveBigIntegerField(_("merged person"))
    merged_case_id = models.PositiveBigIntegerField(_("merged case"), null=True, blank=True)
    # [[app_label.model, field, pk], ...] rows repointed from the merged person/case to the survivor
    moved = models.JSONField(_("moved rows"), default=list)
    # Django's JSON serialisation of the rows removed (the merged person, its case, clashing rows)
    removed = models.TextField(_("removed rows"))
    # The survivor's fields before the merge filled its gaps
    survivor_before = models.JSONField(_("survivor before"), default=dict)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("merged at"), auto_now_add=True)
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    undone_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("merge")
        verbose_name_plural = _("merges")

    def __str__(self) -> str:
        return f"#{self.merged_id} → #{self.survivor_id}"
