import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from liangfa.core.audit import record_audit, verify_chain
from liangfa.core.models import AuditEntry
from liangfa.core.tests.tamper import as_table_owner


@pytest.mark.django_db
def test_chain_verifies_and_reports_first_tampered_row():
    for i in range(5):
        record_audit("test.act", object_type="x", object_id=str(i), object_repr=f"对象{i}", after={"n": i})
    assert verify_chain().ok
    third = AuditEntry.objects.order_by("id")[2]
    with as_table_owner(), connection.cursor() as cursor:  # the owner edits the table behind the app's back
        cursor.execute(f"UPDATE {AuditEntry._meta.db_table} SET reason = %s WHERE id = %s", ["改过", third.id])
    report = verify_chain()
    assert report.broken_at == third.id
    assert "被修改" in report.problem
    with pytest.raises(CommandError, match=f"第 {third.id} 条"):
        call_command("audit", "verify")


@pytest.mark.django_db
def test_deleted_row_breaks_the_chain():
    for i in range(3):
        record_audit("test.act", object_id=str(i))
    last = AuditEntry.objects.order_by("id").last()
    with as_table_owner(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditEntry._meta.db_table} WHERE id = %s", [last.id])
    assert not verify_chain().ok


@pytest.mark.django_db
def test_rows_cannot_be_changed_or_deleted_through_the_orm():
    entry = record_audit("test.act")
    entry.reason = "x"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.update(reason="x")


def test_admin_cannot_edit_audit_rows(world):
    record_audit("test.act")
    client = world.client(world.admin)
    entry = AuditEntry.objects.first()
    page = client.get(f"/django-admin/core/auditentry/{entry.pk}/change/")
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    assert client.post(f"/django-admin/core/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
