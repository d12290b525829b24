"""Reference data in the users' languages.

Rows an administrator edits (stages, checks, countries, regions, facilities, agencies) carry their
Russian and Arabic forms in sibling columns: ``name`` (English), ``name_ru``, ``name_ar``. The
page shows the column of the active language and falls back to English where a form is missing,
so a row added in English only still reads.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language

LANGUAGES = ("ru", "ar")


def active_language() -> str:
    """The base code of the active language ("ru" for "ru-RU"), "en" if none is active."""
    return (get_language() or "en").split("-")[0].lower()


def localized(row: Any, field: str, language: str | None = None) -> str:
    """``row.<field>`` in ``language`` (default: the active one), English where none is given."""
    lang = language or active_language()
    if lang in LANGUAGES:
        value = getattr(row, f"{field}_{lang}", "")
        if value:
            return str(value)
    return str(getattr(row, field) or "")
