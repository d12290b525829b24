"""Encryption at rest: AES-256-GCM under keys that live outside the database.

Values are sealed as text tokens ``hw1.<key id>.<base64 of nonce + ciphertext + tag>``, each bound
to where it belongs by associated data (``aad``: e.g. ``"kinship.strprofile.genotypes:<row ref>"``),
so a token copied into another row or field does not open. Several keys can be present: new
values are sealed under the active key, and any present key opens the values sealed under it,
which is what lets ``homeward keys rotate`` re-seal everything under a new key step by step.

Keys come from, in order: the environment variable ``HOMEWARD_KEYS`` (JSON, as in the key file),
or the key file ``HOMEWARD_KEY_FILE`` (default ``var/keys.json``), which :func:`create_key_file`
makes with mode 0600. Neither is ever in the repository nor in a migration. The key file::

    {"active": "k2", "keys": {"k1": "<base64 of 32 bytes>", "k2": "<base64 of 32 bytes>"}}
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import secrets
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

PREFIX = "hw1"
NONCE_BYTES = 12
KEY_BYTES = 32


class KeysMissing(Exception):
    """No usable key: the key file or environment variable is missing or malformed."""


class DecryptionError(Exception):
    """A sealed value does not open: wrong key, wrong place (associated data), or tampered."""


@dataclass(frozen=True)
class Keyring:
    active: str
    keys: dict[str, bytes]

    def __post_init__(self) -> None:
        if self.active not in self.keys:
            raise KeysMissing(f"the active key {self.active!r} is not among the keys")
        for kid, key in self.keys.items():
            if len(key) != KEY_BYTES:
                raise KeysMissing(f"key {kid!r} is {len(key)} bytes, not {KEY_BYTES}")
            if not kid or "." in kid:
                raise KeysMissing(f"key id {kid!r} must be non-empty and contain no dot")

    def as_json(self) -> str:
        return json.dumps({"active": self.active,
                           "keys": {k: base64.b64encode(v).decode("ascii") for k, v in self.keys.items()}},
                          indent=1)


def parse_keyring(text: str) -> Keyring:
    try:
        raw = json.loads(text)
        keys = {str(k): base64.b64decode(v, validate=True) for k, v in raw["keys"].items()}
        return Keyring(str(raw["active"]), keys)
    except (ValueError, KeyError, TypeError, AttributeError, binascii.Error) as exc:
        raise KeysMissing(f"the keys are not of the form {{'active': id, 'keys': {{id: base64}}}}: {exc}") from None


def key_file_path() -> Path:
    from django.conf import settings

    configured = os.environ.get("HOMEWARD_KEY_FILE")
    return Path(configured) if configured else Path(settings.VAR_DIR) / "keys.json"


@lru_cache(maxsize=1)
def keyring() -> Keyring:
    """The keys in use (read once per process; :func:`reload` after rotating)."""
    text = os.environ.get("HOMEWARD_KEYS")
    if text:
        return parse_keyring(text)
    path = key_file_path()
    if not path.exists():
        raise KeysMissing(f"no key file at {path}: create one with `homeward keys create` (or set HOMEWARD_KEYS)")
    return parse_keyring(path.read_text(encoding="utf-8"))


def reload() -> None:
    keyring.cache_clear()


def new_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def write_key_file(path: Path, ring: Keyring) -> None:
    """Write ``ring`` to ``path`` readable by its owner only (0600), replacing it atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(ring.as_json())
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)
    reload()


def create_key_file(path: Path | None = None) -> Path:
    """Make a key file with one fresh key, unless one exists (then it is left as it is)."""
    path = path or key_file_path()
    if not path.exists():
        write_key_file(path, Keyring("k1", {"k1": new_key()}))
    return path


def add_active_key(path: Path | None = None) -> str:
    """Add a fresh key to the key file and make it the active one; returns its id."""
    path = path or key_file_path()
    ring = parse_keyring(path.read_text(encoding="utf-8"))
    number = 1 + max((int(k[1:]) for k in ring.keys if k[1:].isdigit()), default=0)
    kid = f"k{number}"
    write_key_file(path, Keyring(kid, {**ring.keys, kid: new_key()}))
    return kid


def seal(data: bytes, aad: str, ring: Keyring | None = None) -> str:
    """Encrypt ``data`` under the active key, bound to ``aad``; a text token to store."""
    ring = ring or keyring()
    nonce = secrets.token_bytes(NONCE_BYTES)
    box = AESGCM(ring.keys[ring.active]).encrypt(nonce, data, aad.encode("utf-8"))
    return f"{PREFIX}.{ring.active}.{base64.b64encode(nonce + box).decode('ascii')}"


def is_sealed(value: object) -> bool:
    return isinstance(value, str) and value.startswith(PREFIX + ".")


def key_of(token: str) -> str:
    """The id of the key a token was sealed under."""
    parts = token.split(".", 2)
    if len(parts) != 3 or parts[0] != PREFIX:
        raise DecryptionError("not a sealed value")
    return parts[1]


def open_sealed(token: str, aad: str, ring: Keyring | None = None) -> bytes:
    """Decrypt a token made by :func:`seal` for the same ``aad``."""
    ring = ring or keyring()
    kid = key_of(token)
    key = ring.keys.get(kid)
    if key is None:
        raise DecryptionError(f"the value was sealed under key {kid!r}, which is not in the key file")
    try:
        raw = base64.b64decode(token.split(".", 2)[2], validate=True)
        return AESGCM(key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], aad.encode("utf-8"))
    except (InvalidTag, ValueError, binascii.Error) as exc:
        raise DecryptionError("the value does not open here: it was altered or belongs elsewhere") from exc


def seal_text(text: str, aad: str) -> str:
    return seal(text.encode("utf-8"), aad)


def open_text(token: str, aad: str) -> str:
    return open_sealed(token, aad).decode("utf-8")


def seal_bytes(data: bytes, aad: str, ring: Keyring | None = None) -> bytes:
    """For files: the same sealing as bytes (``hw1.<kid>.`` then nonce + ciphertext + tag, raw)."""
    ring = ring or keyring()
    nonce = secrets.token_bytes(NONCE_BYTES)
    box = AESGCM(ring.keys[ring.active]).encrypt(nonce, data, aad.encode("utf-8"))
    return f"{PREFIX}.{ring.active}.".encode("ascii") + nonce + box


def open_bytes(blob: bytes, aad: str, ring: Keyring | None = None) -> bytes:
    ring = ring or keyring()
    head, sep, rest = blob.partition(b".")
    kid, sep2, body = rest.partition(b".")
    if head != PREFIX.encode("ascii") or not sep or not sep2:
        raise DecryptionError("not a sealed file")
    key = ring.keys.get(kid.decode("ascii", "replace"))
    if key is None:
        raise DecryptionError(f"the file was sealed under key {kid.decode('ascii', 'replace')!r}, which is missing")
    try:
        return AESGCM(key).decrypt(body[:NONCE_BYTES], body[NONCE_BYTES:], aad.encode("utf-8"))
    except (InvalidTag, ValueError) as exc:
        raise DecryptionError("the file does not open here: it was altered or belongs elsewhere") from exc
