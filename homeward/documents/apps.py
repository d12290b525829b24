from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "homeward.documents"
    label = "documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        from homeward.cases.hooks import guard_checks
        from homeward.documents.rules import check_needs_document

        # A check whose requirement names a document kind cannot be ticked without one on the case.
        guard_checks(check_needs_document)
