"""One rule for every text a user gives Homeward: no invisible or direction-control characters.

Direction controls (U+202A–U+202E, U+2066–U+2069, U+200E/U+200F, U+061C) can make a stored name
or note display as something else; zero-width and other invisible characters (U+200B, U+2060,
U+FEFF, U+00AD, tag characters...) make two equal-looking names differ. Both are refused, naming
the character and where it is. The zero-width non-joiner (U+200C) and joiner (U+200D) are part of
correct spelling between letters of scripts that join (Persian, Kurdish, Urdu, Indic): there they
are kept (one, not a run); anywhere else they are removed.

:func:`install` applies the rule to every Django and REST framework text field (not passwords),
so every form, admin page and API serializer of Homeward refuses them the same way.
"""

from __future__ import annotations

import unicodedata
from typing import Any

DIRECTION = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
JOINERS = frozenset("\u200c\u200d")
ALLOWED_CONTROLS = frozenset("\t\n\r")
# Scripts in which ZWNJ/ZWJ are part of spelling.
JOINING_SCRIPTS = ("ARABIC", "SYRIAC", "DEVANAGARI", "BENGALI", "GURMUKHI", "GUJARATI", "ORIYA", "TAMIL",
                   "TELUGU", "KANNADA", "MALAYALAM", "SINHALA", "MONGOLIAN", "NKO", "THAANA")


class UnsafeText(ValueError):
    """The text holds a character that must not be stored; the message says which and where."""


def _describe(ch: str) -> str:
    return f"U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed character')}"


def _joins(ch: str) -> bool:
    if not ch:
        return False
    name = unicodedata.name(ch, "")
    return unicodedata.category(ch).startswith(("L", "M")) and name.startswith(JOINING_SCRIPTS)


def clean_text(text: str) -> str:
    """``text`` with legitimate joiners kept and stray ones removed; raises :class:`UnsafeText` on a
    direction control or another invisible or control character."""
    out: list[str] = []
    for index, ch in enumerate(text):
        if ch in DIRECTION:
            raise UnsafeText(f"contains the direction-control character {_describe(ch)} at position {index + 1}: "
                             "remove it and type the text again")
        if ch in JOINERS:
            before = out[-1] if out else ""
            after = text[index + 1] if index + 1 < len(text) else ""
            if _joins(before) and _joins(after):
                out.append(ch)
            continue  # stray or doubled: removed
        category = unicodedata.category(ch)
        if (category == "Cc" and ch not in ALLOWED_CONTROLS) or category in ("Cf", "Co", "Cn", "Zl", "Zp"):
            raise UnsafeText(f"contains the invisible character {_describe(ch)} at position {index + 1}: "
                             "remove it and type the text again")
        out.append(ch)
    return "".join(out)


_installed = False


def install() -> None:
    """Apply :func:`clean_text` in every text form field and REST framework CharField (once)."""
    global _installed
    if _installed:
        return
    _installed = True
    from django import forms
    from django.core.exceptions import ValidationError

    original = forms.CharField.to_python

    def to_python(self: forms.CharField, value: Any) -> Any:
        value = original(self, value)
        if isinstance(value, str) and value and not isinstance(self.widget, forms.PasswordInput):
            try:
                value = clean_text(value)
            except UnsafeText as exc:
                label = str(self.label) if self.label else ""
                raise ValidationError(f"{label} {exc}".strip(), code="unsafe_text") from exc
        return value

    forms.CharField.to_python = to_python  # type: ignore[method-assign]

    try:
        from rest_framework import fields as api_fields
        from rest_framework.exceptions import ValidationError as ApiValidationError
    except ImportError:  # pragma: no cover
        return
    api_original = api_fields.CharField.to_internal_value

    def to_internal_value(self: Any, data: Any) -> Any:
        value = api_original(self, data)
        if isinstance(value, str) and value and not (self.style or {}).get("input_type") == "password":
            try:
                value = clean_text(value)
            except UnsafeText as exc:
                raise ApiValidationError(str(exc)) from exc
        return value

    api_fields.CharField.to_internal_value = to_internal_value  # type: ignore[method-assign]
