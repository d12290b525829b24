"""Sealing values at rest: AES-GCM bound to where a value belongs, under keys outside the database."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from homeward.core import crypto

RING = crypto.Keyring("k1", {"k1": bytes(range(32))})


@given(st.binary(max_size=2000), st.text(max_size=80))
def test_a_sealed_value_opens_where_it_belongs(data: bytes, aad: str) -> None:
    token = crypto.seal(data, aad, RING)
    assert crypto.is_sealed(token) and crypto.key_of(token) == "k1"
    assert crypto.open_sealed(token, aad, RING) == data
    assert crypto.open_bytes(crypto.seal_bytes(data, aad, RING), aad, RING) == data


def test_a_sealed_value_does_not_open_in_another_row_or_field() -> None:
    token = crypto.seal(b'{"D3S1358": "15/16"}', "kinship.strprofile.genotypes:7", RING)
    with pytest.raises(crypto.DecryptionError):
        crypto.open_sealed(token, "kinship.strprofile.genotypes:8", RING)


def test_a_tampered_value_does_not_open() -> None:
    token = crypto.seal(b"detained", "people.person.detention_status:1", RING)
    body = token.rsplit(".", 1)[1]
    flipped = body[:-2] + ("A" if body[-2] != "A" else "B") + body[-1]
    with pytest.raises(crypto.DecryptionError):
        crypto.open_sealed(token.rsplit(".", 1)[0] + "." + flipped, "people.person.detention_status:1", RING)


def test_values_sealed_under_an_older_key_still_open_after_a_new_key_becomes_active(tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    crypto.create_key_file(path)
    old = crypto.parse_keyring(path.read_text())
    token = crypto.seal(b"note", "x", old)
    new_id = crypto.add_active_key(path)
    ring = crypto.parse_keyring(path.read_text())
    assert ring.active == new_id != "k1"
    assert crypto.open_sealed(token, "x", ring) == b"note"
    assert crypto.key_of(crypto.seal(b"note", "x", ring)) == new_id


def test_the_key_file_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    path = crypto.create_key_file(tmp_path / "keys.json")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_missing_or_malformed_key_file_is_named() -> None:
    with pytest.raises(crypto.KeysMissing, match="active"):
        crypto.parse_keyring('{"keys": {}}')
    with pytest.raises(crypto.KeysMissing, match="32"):
        crypto.parse_keyring('{"active": "k1", "keys": {"k1": "AAAA"}}')
