"""The audit trail is hash-chained: any row altered, removed or inserted behind the app's back is named."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from homeward.audit import chain, triggers
from homeward.audit.log import record, record_many
from homeward.audit.models import GENESIS, AuditEntry

pytestmark = pytest.mark.django_db

sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="plain-SQL tampering is shown on SQLite")
postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL triggers")


def five_rows() -> list[AuditEntry]:
    return [record(actor=None, action="test.thing.done", data={"n": i, "name": "Хасанов محمد"}) for i in range(5)]


def sql(statement: str, params: list[object] | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params or [])


def test_each_row_holds_its_hash_and_the_hash_of_the_row_before() -> None:
    rows = five_rows()
    assert [r.seq for r in rows] == [1, 2, 3, 4, 5]
    assert rows[0].prev_hash == GENESIS
    for before, after in zip(rows, rows[1:], strict=False):
        assert after.prev_hash == before.row_hash
    stored = AuditEntry.objects.get(seq=3)
    assert stored.compute_hash() == stored.row_hash  # the same hash after the round trip through the database


def test_an_untouched_chain_verifies() -> None:
    five_rows()
    verdict = chain.verify()
    assert verdict.ok and verdict.rows == 5 and verdict.head_seq == 5


@sqlite_only
def test_entries_appended_at_once_chain_on_as_one_by_one(admin_user: object) -> None:
    first = five_rows()
    batch = record_many([{"actor": admin_user, "action": "test.thing.bulk", "obj": first[0], "case_id": 7,
                          "data": {"n": i, "name": "Хасанов محمد"}} for i in range(3)])
    after = record(actor=None, action="test.thing.done", data={})
    assert [r.seq for r in batch] == [6, 7, 8] and after.seq == 9
    assert batch[0].prev_hash == first[-1].row_hash and after.prev_hash == batch[-1].row_hash
    stored = AuditEntry.objects.get(seq=7)
    assert stored.compute_hash() == stored.row_hash
    assert (stored.actor_name, stored.object_type, stored.object_id, stored.case_id_ref, stored.data) == (
        "admin", "audit.auditentry", str(first[0].pk), 7, {"n": 1, "name": "Хасанов محمد"})
    assert chain.verify().ok


def test_a_row_changed_with_plain_sql_is_named() -> None:
    five_rows()
    triggers.drop(connection)  # what someone with the database file in hand can do
    sql("UPDATE audit_auditentry SET data = %s WHERE seq = 3", ['{"n": 99}'])
    verdict = chain.verify()
    assert not verdict.ok and verdict.problem_seq == 3
    assert "row 3" in verdict.problem and "altered" in verdict.problem
    with pytest.raises(CommandError, match="row 3"):
        call_command("audit", "verify", "--no-write")


@sqlite_only
def test_a_removed_row_is_named() -> None:
    five_rows()
    triggers.drop(connection)
    sql("DELETE FROM audit_auditentry WHERE seq = 2")
    verdict = chain.verify()
    assert verdict.problem_seq == 2 and "missing" in verdict.problem


@sqlite_only
def test_a_row_slipped_in_is_named() -> None:
    rows = five_rows()
    triggers.drop(connection)
    # move the last row up and forge one in its place, with a plausible hash of its own
    sql("UPDATE audit_auditentry SET seq = 6 WHERE seq = 5")
    forged = AuditEntry(seq=5, prev_hash=rows[3].row_hash, at=rows[4].at, action="test.thing.forged", data={})
    forged.row_hash = forged.compute_hash()
    sql("INSERT INTO audit_auditentry (seq, at, actor_name, action, object_type, object_id, data, prev_hash, row_hash)"
        " VALUES (%s, %s, '', %s, '', '', '{}', %s, %s)",
        [5, rows[4].at.isoformat(), "test.thing.forged", forged.prev_hash, forged.row_hash])
    verdict = chain.verify()
    # the forged row links to the one before it, but the true row after it no longer does
    assert not verdict.ok and verdict.problem_seq == 6 and "inserted" in verdict.problem


def test_a_chain_cut_short_at_its_end_is_caught_by_its_anchor(tmp_path: Path) -> None:
    five_rows()
    anchor = tmp_path / "anchors.log"
    call_command("audit", "verify", "--anchor", str(anchor))
    assert anchor.read_text().split()[0] == "5"  # the head as verified (the check's own entry follows it)
    assert chain.check_anchors(anchor) == ""
    triggers.drop(connection)
    sql("DELETE FROM audit_auditentry WHERE seq >= 5")
    assert chain.verify().ok  # what is left still links up...
    assert "row 5" in chain.check_anchors(anchor)  # ...but the anchored head is gone


@sqlite_only
def test_sqlite_refuses_updates_and_deletes_of_audit_rows() -> None:
    five_rows()
    for statement in ("UPDATE audit_auditentry SET action = 'x'", "DELETE FROM audit_auditentry"):
        with pytest.raises(Exception, match="append-only"), transaction.atomic():
            sql(statement)
    assert AuditEntry.objects.count() == 5


@postgres_only
@pytest.mark.parametrize("statement", ["UPDATE audit_auditentry SET action = 'x'", "DELETE FROM audit_auditentry",
                                       "TRUNCATE audit_auditentry"])
def test_postgresql_refuses_update_delete_and_truncate(statement: str) -> None:
    five_rows()
    sql("SET CONSTRAINTS ALL IMMEDIATE")  # as in a fresh session: no foreign-key checks still pending
    with pytest.raises(Exception, match="append-only"), transaction.atomic():
        sql(statement)
    assert AuditEntry.objects.count() == 5
