"""Mixed-direction text: keep a fragment's direction from leaking into the sentence around it.

A Latin name or a code inside an Arabic sentence, or an Arabic name in a Russian one, is wrapped
in Unicode's first-strong isolate (U+2068 … U+2069) wherever the text is not HTML (PDF text,
exports, messages); HTML pages use <bdi>.
"""

from __future__ import annotations

FSI = "\u2068"
PDI = "\u2069"


def isolate(text: object) -> str:
    """``text`` between a first-strong isolate and its closing mark (empty text stays empty)."""
    value = str(text) if text is not None else ""
    if not value or (value.startswith(FSI) and value.endswith(PDI)):
        return value
    return f"{FSI}{value}{PDI}"


def isolate_in_rtl(text: object) -> str:
    """``text`` isolated when the active language is written right to left, as it is otherwise."""
    from django.utils.translation import get_language_bidi

    return isolate(text) if get_language_bidi() else ("" if text is None else str(text))
