"""Decisions on record: assessments, the best-interests determination, consent, the child's views.

Each is a structured form whose fields are data (``FormKind.schema``, configurable per
programme in the admin or a fixture). Every save is a new version; a version is signed off by a
named person, and the kinds that need it (the determination) by a second, different person.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FormKind(models.Model):
    """A kind of form: its fields (JSON schema: a list of fields) and how many signatures it needs.

    ``schema`` is ``{"fields": [{"name": "...", "label": "...", "type": "text|textarea|date|choice|
    bool", "choices": [...], "required": true}]}``.
    """

    code = models.SlugField(_("code"), max_length=40, primary_key=True)
    label = models.CharField(_("label"), max_length=200)
    schema = models.JSONField(_("fields"), default=dict)
    signatures = models.PositiveSmallIntegerField(_("signatures needed"), default=1)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("form kind")
        verbose_name_plural = _("form kinds")

    def __str__(self) -> str:
        return self.title()

    @property
    def fields(self) -> list[dict[str, object]]:
        return list((self.schema or {}).get("fields", []))

    def title(self, language: str | None = None) -> str:
        """The kind's name in ``language`` (the schema's ``label_ru``, ``label_ar``), else as written."""
        return localized({"label": self.label, **(self.schema or {})}, language)


def choice_labels(spec: dict[str, object], language: str | None = None) -> list[tuple[str, str]]:
    """A choice field's (value kept, label shown) pairs: ``choices_<lang>`` of the spec, in the
    order of ``choices``, else the values themselves."""
    from django.utils.translation import get_language

    lang = (language or get_language() or "en").split("-")[0]
    values = [str(c) for c in _as_list(spec.get("choices"))]
    shown = [str(c) for c in _as_list(spec.get(f"choices_{lang}"))]
    return list(zip(values, shown, strict=True)) if len(shown) == len(values) else [(v, v) for v in values]


def _as_list(value: object) -> list[object]:
    return list(value) if isinstance(value, list | tuple) else []


def localized(spec: dict[str, object], language: str | None = None) -> str:
    """A label in the reader's language: ``label_<lang>`` of the spec if given, else ``label``."""
    from django.utils.translation import get_language

    lang = (language or get_language() or "en").split("-")[0]
    return str(spec.get(f"label_{lang}") or spec.get("label") or spec.get("name") or "")


class DecisionForm(models.Model):
    """One version of a form on a case; never edited once signed (a change is a new version)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PARTLY_SIGNED = "partly_signed", _("waiting for the second signature")
        SIGNED = "signed", _("signed")

    case = models.ForeignKey("cases.Case", models.PROTECT, related_name="decision_forms", verbose_name=_("case"))
    kind = models.ForeignKey(FormKind, models.PROTECT, related_name="forms", verbose_name=_("kind"))
    version = models.PositiveIntegerField(_("version"))
    data = models.JSONField(_("answers"), default=dict)
    status = models.CharField(_("status"), max_length=14, choices=Status.choices, default=Status.DRAFT)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("written by"))
    written_at = models.DateTimeField(_("written at"), default=timezone.now)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("signed by"))
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    second_signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                         related_name="+", verbose_name=_("second signature by"))
    second_signed_at = models.DateTimeField(_("second signature at"), null=True, blank=True)

    class Meta:
        ordering = ["case", "kind", "-version"]
        verbose_name = _("decision form")
        verbose_name_plural = _("decision forms")
        constraints = [models.UniqueConstraint(fields=["case", "kind", "version"], name="decisionform_version")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind_id} v{self.version} ({self.status})"
