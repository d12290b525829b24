"""Small previews: a thumbnail of an image, the first page of a PDF (PDFium, from its wheel)."""

from __future__ import annotations

import io
import logging
from typing import Any

log = logging.getLogger(__name__)
WIDTH = 360
# A scan is a few thousand pixels a side; refuse "decompression bombs" well before memory runs out.
MAX_PIXELS = 80_000_000


def preview_png(data: bytes, content_type: str) -> bytes | None:
    """A PNG at most WIDTH pixels wide, or None when the file cannot be drawn (it is kept anyway)."""
    try:
        from PIL import Image

        Image.MAX_IMAGE_PIXELS = MAX_PIXELS
        image: Any
        if content_type == "application/pdf":
            image = _first_page(data)
        else:
            image = Image.open(io.BytesIO(data))
            image.seek(0)
            image.load()
        image = image.convert("RGB")
        image.thumbnail((WIDTH, WIDTH * 2))
        out = io.BytesIO()
        image.save(out, format="PNG", optimize=True)
        return out.getvalue()
    except Exception as exc:  # a damaged scan still belongs on the case; it has no preview
        log.warning("no preview for a %s: %s", content_type, exc)
        return None


def _first_page(data: bytes) -> Any:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        page = pdf[0]
        width = page.get_width() or WIDTH
        bitmap = page.render(scale=min(2.0, WIDTH / width))
        return bitmap.to_pil()
    finally:
        pdf.close()
