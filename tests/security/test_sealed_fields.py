"""Sensitive fields are sealed at rest, bound to their row and field, and still shown to the roles
allowed; keys rotate; the database file and key file are the owner's only."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection, transaction

from homeward.core import crypto

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def _raw(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])
        return str(cursor.fetchone()[0])


def test_detention_status_is_sealed_in_the_database_and_opens_on_the_model(make_case):
    from homeward.people.models import Person

    case = make_case()
    mother = Person.objects.create(kind="mother", detention_status="sentenced")
    raw = _raw("people_person", "detention_status", mother.pk)
    assert crypto.is_sealed(raw) and "sentenced" not in raw
    assert Person.objects.get(pk=mother.pk).detention_status == "sentenced"
    assert Person.objects.get(pk=mother.pk).get_detention_status_display() == "sentenced"
    assert case.child.detention_status == ""


def test_a_sealed_value_copied_into_another_row_does_not_open():
    from homeward.people.models import Person

    a = Person.objects.create(kind="mother", detention_status="detained")
    b = Person.objects.create(kind="mother", detention_status="released")
    token = _raw("people_person", "detention_status", a.pk)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE people_person SET detention_status = %s WHERE id = %s", [token, b.pk])
    with pytest.raises(crypto.DecryptionError):
        Person.objects.get(pk=b.pk).detention_status  # noqa: B018


def test_genotypes_are_sealed_in_the_database_and_shown_to_the_laboratory_only(client, make_user, make_case):
    from homeward.kinship.models import DnaSample, StrProfile

    case = make_case()
    sample = DnaSample.objects.create(case=case, donor=case.child, code="S-1", requested_at="2024-01-01T00:00Z")
    profile = StrProfile.objects.create(sample=sample, person=case.child, genotypes={"D3S1358": "15/16"},
                                        imported_at="2024-01-01T00:00Z", source_hash="0" * 64)
    raw = _raw("kinship_strprofile", "genotypes", profile.pk)
    assert crypto.is_sealed(raw) and "D3S1358" not in raw and "15/16" not in raw
    assert StrProfile.objects.get(pk=profile.pk).genotypes == {"D3S1358": "15/16"}
    client.force_login(make_user("elena", "lab", "geneticist"))
    assert "15/16" in client.get(f"/kinship/samples/{sample.pk}/").content.decode()
    client.force_login(make_user("omar", "consular", "consular"))
    page = client.get(f"/kinship/samples/{sample.pk}/")
    assert "15/16" not in page.content.decode()


def test_the_database_dump_holds_no_sensitive_value_in_the_clear(make_case):
    from homeward.kinship.models import DnaSample, StrProfile
    from homeward.people.models import Person
    from homeward.tracing.models import TracingRequest

    case = make_case()
    Person.objects.create(kind="mother", detention_status="sentenced")
    sample = DnaSample.objects.create(case=case, donor=case.child, code="S-2", requested_at="2024-01-01T00:00Z")
    StrProfile.objects.create(sample=sample, person=case.child, genotypes={"D8S1179": "12/14"},
                              imported_at="2024-01-01T00:00Z", source_hash="1" * 64)
    fields = {f.name for f in TracingRequest._meta.concrete_fields}
    assert {"phone", "address"} <= fields
    if connection.vendor != "sqlite":
        pytest.skip("the dump is SQLite's")
    dump = "\n".join(connection.connection.iterdump())
    for clear in ("sentenced", "D8S1179", "12/14"):
        assert clear not in dump, clear


def test_filtering_on_a_sealed_field_is_refused():
    from homeward.people.models import Person

    with pytest.raises(TypeError, match="sealed"):
        list(Person.objects.filter(detention_status="detained"))


def test_keys_rotate_resumably_under_a_new_key(tmp_path, monkeypatch):
    from django.core.management import call_command

    from homeward.people.models import Person

    key_file = tmp_path / "keys.json"
    monkeypatch.delenv("HOMEWARD_KEYS", raising=False)
    monkeypatch.setenv("HOMEWARD_KEY_FILE", str(key_file))
    crypto.reload()
    try:
        call_command("keys", "create", verbosity=0)
        assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
        people = [Person.objects.create(kind="mother", detention_status="detained") for _ in range(5)]
        assert {crypto.key_of(_raw("people_person", "detention_status", p.pk)) for p in people} == {"k1"}
        new = crypto.add_active_key()
        from homeward.core.management.commands.keys import rotate

        assert rotate(progress=False, limit=2) == 2  # interrupted after two rows
        call_command("keys", "rotate", "--resume", verbosity=0)
        assert {crypto.key_of(_raw("people_person", "detention_status", p.pk)) for p in people} == {new}
        assert all(Person.objects.get(pk=p.pk).detention_status == "detained" for p in people)
        assert rotate(progress=False) == 0
    finally:
        crypto.reload()


def test_the_sqlite_file_is_created_readable_by_its_owner_only(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update({"HOMEWARD_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "config.settings"})
    subprocess.run([sys.executable, "-c", "import django; django.setup()"], cwd=ROOT, env=env, check=True,
                   timeout=120)
    assert stat.S_IMODE(os.stat(tmp_path / "homeward.sqlite3").st_mode) == 0o600


def test_a_plain_value_never_reaches_the_database_through_update():
    from homeward.people.models import Person

    person = Person.objects.create(kind="mother", detention_status="detained")
    with pytest.raises(TypeError, match="sealed"), transaction.atomic():
        Person.objects.filter(pk=person.pk).update(detention_status="released")
    person.detention_status = "released"
    with pytest.raises(TypeError, match="sealed"), transaction.atomic():
        Person.objects.bulk_update([person], ["detention_status"])
    assert Person.objects.get(pk=person.pk).detention_status == "detained"


def test_staff_elimination_genotypes_and_follow_up_health_notes_are_sealed(make_case):
    import datetime as dt

    from homeward.aftercare.models import FollowUpVisit
    from homeward.kinship.models import EliminationProfile

    staff = EliminationProfile.objects.create(label="lab technician 4", genotypes={"vWA": "17/18"})
    raw = _raw("kinship_eliminationprofile", "genotypes", staff.pk)
    assert crypto.is_sealed(raw) and "vWA" not in raw
    assert EliminationProfile.objects.get(pk=staff.pk).genotypes == {"vWA": "17/18"}
    visit = FollowUpVisit.objects.create(case=make_case(), scheduled_for=dt.date(2025, 1, 1), health="asthma, inhaler")
    raw = _raw("aftercare_followupvisit", "health", visit.pk)
    assert crypto.is_sealed(raw) and "asthma" not in raw
    assert FollowUpVisit.objects.get(pk=visit.pk).health == "asthma, inhaler"


@pytest.mark.django_db(transaction=True)
def test_the_migration_seals_values_stored_in_the_clear_before_it():
    import uuid

    from django.db.migrations.executor import MigrationExecutor

    from homeward.people.models import Person

    executor = MigrationExecutor(connection)
    executor.migrate([("people", "0003_row_keys")])
    key = uuid.uuid4()
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO people_person (kind, sex, birth_precision, birth_place, citizenship, is_deceased, "
                       "detention_status, notes, row_key, version, created_at, updated_at) "
                       "VALUES ('mother', '', 'unknown', '', '', %s, 'sentenced', '', %s, 1, %s, %s)",
                       [False, key.hex if connection.vendor == "sqlite" else key, "2020-01-01T00:00:00Z",
                        "2020-01-01T00:00:00Z"])
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, detention_status FROM people_person")
        pk, raw = cursor.fetchone()
    assert crypto.is_sealed(raw) and "sentenced" not in raw
    assert Person.objects.get(pk=pk).detention_status == "sentenced"
