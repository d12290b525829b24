"""Backup, restore into an empty database, verify: identical row counts and checksums."""

from __future__ import annotations

import os
import stat

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from homeward.core.backup import table_checksums

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_backup_of_the_demo_restores_into_an_empty_database_identically(tmp_path):
    from django.core.files.base import ContentFile
    from django.core.files.storage import storages

    call_command("demo", no_input=True, core_only=True, verbosity=0)
    storages["documents"].save("cases/1/letter.bin", ContentFile(b"sealed document bytes"))
    before = table_checksums()
    assert before["people_person"][0] > 100 and before["audit_auditentry"][0] > 0
    out = tmp_path / "homeward.backup"
    call_command("backup", str(out), verbosity=0)
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    blob = out.read_bytes()
    assert blob.startswith(b"hw1.") and b"people_person" not in blob  # sealed, not readable

    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(out), verbosity=0)

    call_command("flush", interactive=False, verbosity=0)
    storages["documents"].delete("cases/1/letter.bin")
    assert table_checksums()["people_person"][0] == 0
    call_command("restore", str(out), verbosity=0)
    after = table_checksums()
    assert after == before
    with storages["documents"].open("cases/1/letter.bin", "rb") as handle:
        assert handle.read() == b"sealed document bytes"
    call_command("audit", "verify", "--no-write", verbosity=0)
    # the restored database works: the sealed fields open, new rows get fresh ids
    from homeward.people.models import Person

    person = Person.objects.order_by("pk").last()
    assert person is not None and isinstance(person.detention_status, str)
    assert Person.objects.create(kind="mother").pk > person.pk


def test_a_backup_does_not_open_with_other_keys(tmp_path, monkeypatch):
    from homeward.core import crypto

    call_command("load_reference", verbosity=0)
    out = tmp_path / "b"
    call_command("backup", str(out), verbosity=0)
    monkeypatch.setenv("HOMEWARD_KEYS", crypto.Keyring("other", {"other": crypto.new_key()}).as_json())
    crypto.reload()
    try:
        with pytest.raises(CommandError, match="does not open"):
            call_command("restore", str(out), verbosity=0)
    finally:
        monkeypatch.undo()
        crypto.reload()
