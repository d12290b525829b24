"""Printed documents: HTML templates rendered to PDF by WeasyPrint with the system's fonts.

WeasyPrint shapes Arabic (joined letters, right to left) and Cyrillic through HarfBuzz and Pango.
The fonts come from the operating system (Debian: fonts-noto-core, fonts-dejavu-core); nothing is
fetched while rendering: every URL a template might name is refused.
"""

from __future__ import annotations

import shutil
import subprocess
from typing import Any, NoReturn

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from homeward.errors import ActionError

# Font families the print stylesheet asks for, and the Debian packages that provide them.
FONT_PACKAGES = {
    "Noto Sans": "fonts-noto-core",
    "Noto Naskh Arabic": "fonts-noto-core",
    "DejaVu Sans": "fonts-dejavu-core",
}
SYSTEM_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-core fonts-dejavu-core"


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> NoReturn:
    raise ValueError(f"documents fetch nothing: {url}")


def document_language(requested: str | None, default: str) -> str:
    """The language a document is printed in: ``requested`` if Homeward speaks it, else ``default``."""
    from django.conf import settings

    codes = {code for code, _name in settings.LANGUAGES}
    return requested if requested in codes else default


def render_pdf(template: str, context: dict[str, Any], language: str | None = None) -> bytes:
    """Render ``template`` (HTML) with ``context`` and return the PDF bytes.

    With a ``language`` the document is written in it (words, dates, numbers, direction),
    whatever the language of the page that asked for it; the template gets ``lang`` and ``dir``.
    """
    from django.utils import translation

    if language is not None:
        with translation.override(language):
            return render_pdf(template, context)
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:  # OSError: Pango or HarfBuzz missing from the system
        raise ActionError(
            _("PDF documents need WeasyPrint and the system libraries %(packages)s (%(error)s).")
            % {"packages": SYSTEM_PACKAGES, "error": exc}
        ) from exc
    from django.utils.translation import get_language, get_language_bidi

    context = {**context, "lang": get_language() or "en", "dir": "rtl" if get_language_bidi() else "ltr"}
    html = render_to_string(template, context)
    return bytes(HTML(string=html, url_fetcher=_no_fetch, base_url=None).write_pdf())


def missing_fonts() -> list[str]:
    """Font families the documents use that fontconfig cannot find (empty when all are installed)."""
    if shutil.which("fc-list") is None:
        return []
    try:
        out = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, timeout=10, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    families = {f.strip() for line in out.splitlines() for f in line.split(",")}
    return [name for name in FONT_PACKAGES if name not in families]
