"""What a file is, from its first bytes (never from its name or the browser's word for it)."""

from __future__ import annotations

# (content type, extension) by leading bytes; WebP is checked apart (RIFF....WEBP).
SIGNATURES: list[tuple[bytes, str, str]] = [
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"II*\x00", "image/tiff", "tif"),
    (b"MM\x00*", "image/tiff", "tif"),
]
ACCEPTED = ("application/pdf", "image/jpeg", "image/png", "image/tiff", "image/webp")


def sniff(head: bytes) -> tuple[str, str] | None:
    """(content type, extension) of a file starting with ``head``, or None if not one we accept."""
    for magic, content_type, ext in SIGNATURES:
        if head.startswith(magic):
            return content_type, ext
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp", "webp"
    return None
