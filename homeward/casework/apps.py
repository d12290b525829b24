from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "homeward.casework"
    label = "casework"
    verbose_name = _("Case work")

    def ready(self) -> None:
        from homeward.cases.hooks import guard_checks
        from homeward.casework.decisions import check_needs_signed_form
        from homeward.casework.models import FormKind
        from homeward.core import reference

        reference.track(FormKind)

        # A check whose requirement names a form kind cannot be ticked without that form signed.
        guard_checks(check_needs_signed_form)
