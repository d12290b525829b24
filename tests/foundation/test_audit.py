"""Every view of a case and every change is in the append-only audit table."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from homeward.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_viewing_a_case_is_audited_with_who_and_what(client, national_user, make_case):
    case = make_case()
    client.force_login(national_user)
    client.get(f"/cases/{case.pk}/")
    entry = AuditEntry.objects.get(action="cases.case.viewed")
    assert entry.actor == national_user
    assert entry.object_id == str(case.pk)
    assert entry.case_id_ref == case.pk


def test_a_refused_view_leaves_no_viewed_entry(client, make_user, make_case):
    case = make_case(region="DA")
    client.force_login(make_user("zarema", "chechnya", "social_worker"))
    client.get(f"/cases/{case.pk}/")
    assert not AuditEntry.objects.filter(action="cases.case.viewed").exists()


def test_changes_are_audited_in_the_same_transaction(client, consular_user, make_case):
    case = make_case()
    client.force_login(consular_user)
    client.post(f"/cases/{case.pk}/checks/consular_interview/", {"note": "met at the orphanage"})
    assert AuditEntry.objects.filter(action="cases.check.ticked", case_id_ref=case.pk).exists()


def test_audit_entries_cannot_be_changed_or_deleted(national_user, make_case):
    make_case()
    entry = AuditEntry.objects.filter(action="cases.case.opened").first()
    entry.action = "something.else"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().update(action="x")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the database trigger exists on PostgreSQL")
def test_postgresql_refuses_updates_to_the_audit_table_even_in_raw_sql(make_case):
    make_case()
    with pytest.raises(Exception, match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE audit_auditentry SET action = 'tampered'")


def test_administrator_reads_the_audit_trail_and_the_reading_is_audited(client, make_user, make_case):
    case = make_case()
    admin = make_user("admin1", "national", "admin")
    client.force_login(admin)
    client.get(f"/cases/{case.pk}/")
    page = client.get("/audit/", {"case": case.pk})
    assert page.status_code == 200
    assert "cases.case.viewed" in page.content.decode()
    assert AuditEntry.objects.filter(action="audit.trail.viewed", actor=admin).exists()


def test_caseworkers_cannot_read_the_audit_trail(client, national_user):
    client.force_login(national_user)
    assert client.get("/audit/").status_code == 403
