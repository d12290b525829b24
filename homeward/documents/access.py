"""The gate to documents: a document is seen by those who see its case, and by nobody else."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from homeward.cases.access import cases_visible_to
from homeward.core.access import one_or_404
from homeward.documents.models import Document

VIEW = "documents.document.view"


def documents_visible_to(user: Any) -> QuerySet[Document]:
    return Document.objects.filter(case__in=cases_visible_to(user, VIEW))


def get_document_for_user(user: Any, document_id: int | str) -> Document:
    """The document if the user may see its case; otherwise 404, as for a missing one."""
    found: Document = one_or_404(documents_visible_to(user).select_related("case", "uploaded_by"), document_id,
                                 "document")
    return found
