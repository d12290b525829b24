"""The workflow rule "this check needs a document of kind X on the case" (Requirement.needs_document)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from homeward.documents.models import Document, Kind


def check_needs_document(case: Any, requirement: Any, done: bool) -> list[str]:
    kind = getattr(requirement, "needs_document", "")
    if not done or not kind:
        return []
    if Document.objects.filter(case_id=case.pk, kind=kind).exists():
        return []
    label = dict(Kind.choices).get(kind, kind)
    return [_("“%(check)s” needs a document of kind “%(kind)s” on the case: upload it first.")
            % {"check": requirement.label, "kind": label}]
