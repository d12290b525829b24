"""Where sealed files are kept: Django's storage ``documents`` (a local folder by default).

``STORAGES["documents"]`` in the settings picks the backend: the default is a folder under
``MEDIA_ROOT`` (``var/media/documents``), never served by the web server; with
``HOMEWARD_DOCUMENTS_STORAGE=s3`` it is an S3-compatible bucket through django-storages (see
the README). Only sealed bytes are written, so the storage never holds a readable document.
"""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage, storages
from django.core.files.storage.handler import InvalidStorageError

from homeward.core.crypto import open_bytes, seal_bytes


def storage() -> Storage:
    try:
        return storages["documents"]
    except InvalidStorageError:
        return default_storage


def put_sealed(name: str, data: bytes, aad: str) -> str:
    """Seal ``data`` bound to ``aad`` and store it under ``name``; the name actually used."""
    return storage().save(name, ContentFile(seal_bytes(data, aad)))


def get_opened(name: str, aad: str) -> bytes:
    with storage().open(name, "rb") as handle:
        return open_bytes(handle.read(), aad)


def remove(name: str) -> None:
    if name:
        storage().delete(name)
