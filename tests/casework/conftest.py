"""Helpers for the case-work tests: small real files, signed-in clients."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client


def pdf_bytes(text: str = "Decision of the Baghdad court") -> bytes:
    """A one-page PDF (Pillow writes PDFs) whose page is an image; the text is in its metadata."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (200, 280), (250, 250, 240)).save(out, format="PDF", title=text)
    return out.getvalue()


def png_bytes() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (800, 600), (30, 90, 160)).save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def logged_in() -> Callable[[Any], Client]:
    def make(user: Any) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make
