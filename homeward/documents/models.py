"""Documents of a case: scans, PDFs and photos, stored encrypted outside the database.

Each document belongs to one case and may be attached to something of it: the child or a
relative, a check of its workflow, a DNA sample or the handover. The row holds what the
document is (kind, language, issuing body, reference number, date), what the file is (its type
sniffed from its bytes, size, SHA-256 of the plaintext) and where the sealed bytes are kept in
the documents storage; the file itself never enters the database.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    COURT_DECISION = "court_decision", _("court decision")
    BIRTH_CERTIFICATE = "birth_certificate", _("birth certificate")
    PASSPORT = "passport", _("passport or identity paper")
    TRAVEL_DOCUMENT = "travel_document", _("travel document")
    IDENTITY_PHOTO = "identity_photo", _("identification photo")
    CONSENT_FORM = "consent_form", _("consent form")
    ASSESSMENT = "assessment", _("assessment or report")
    CORRESPONDENCE = "correspondence", _("letter or correspondence")
    OTHER = "other", _("other")


class Attached(models.TextChoices):
    CASE = "case", _("the case")
    PERSON = "person", _("a person of the case")
    CHECK = "check", _("a check of the case")
    SAMPLE = "sample", _("a DNA sample")
    HANDOVER = "handover", _("the handover")


class Document(models.Model):
    uid = models.UUIDField(_("identifier"), default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey("cases.Case", models.PROTECT, related_name="documents", verbose_name=_("case"))
    attached_to = models.CharField(_("attached to"), max_length=10, choices=Attached.choices,
                                   default=Attached.CASE)
    # The person's or sample's or handover's id, or the check's code, as ``attached_to`` says.
    attached_ref = models.CharField(_("attached to (reference)"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices, db_index=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=16, blank=True)
    issuing_body = models.CharField(_("issuing body"), max_length=200, blank=True)
    reference_number = models.CharField(_("reference number"), max_length=100, blank=True)
    issued_on = models.DateField(_("date of the document"), null=True, blank=True)
    original_name = models.CharField(_("file name as uploaded"), max_length=200, blank=True)
    content_type = models.CharField(_("type"), max_length=40)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, db_index=True)
    stored_as = models.CharField(_("stored as"), max_length=200)
    preview_as = models.CharField(_("preview stored as"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("uploaded by"))
    agency = models.ForeignKey("accounts.Agency", models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("agency"))
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.title or f"{self.get_kind_display()} {self.reference_number}".strip()

    @property
    def aad(self) -> str:
        """What the sealed file is bound to: a sealed file copied onto another document does not open."""
        return f"documents.document:{self.uid}"

    @property
    def preview_aad(self) -> str:
        return f"documents.preview:{self.uid}"

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")
