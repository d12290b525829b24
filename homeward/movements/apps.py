from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MovementsConfig(AppConfig):
    name = "homeward.movements"
    label = "movements"
    verbose_name = _("Flights")

    def ready(self) -> None:
        from django.core import checks

        checks.register(check_document_fonts, "homeward")
        from homeward.cases.hooks import guard_transitions
        from homeward.movements.rules import seat_holds_case

        guard_transitions(seat_holds_case)


def check_document_fonts(app_configs: Any = None, **kwargs: Any) -> list[Any]:
    """Warn when the fonts the manifest and handover act need are missing (Arabic would not shape)."""
    from django.core.checks import Warning

    from homeward.core.pdf import FONT_PACKAGES, missing_fonts

    missing = missing_fonts()
    if not missing:
        return []
    packages = sorted({FONT_PACKAGES[name] for name in missing})
    return [Warning(
        f"Fonts missing for PDF documents: {', '.join(missing)}.",
        hint=f"Install the Debian packages: apt-get install {' '.join(packages)}",
        id="homeward.movements.W001",
    )]
