"""The database itself refuses to change or remove an audit row (not only the ORM).

PostgreSQL: a trigger raises on UPDATE and DELETE of core_auditentry (TRUNCATE is left to privileges:
the application's role should hold only SELECT and INSERT there, see README). SQLite: the same triggers,
which let a row go only while liangfa_audit_maintenance() answers 1 — a function the application
registers on its own connections for the test runner's flush and for restore; any other client (the
sqlite3 shell) does not have it, so its UPDATE or DELETE fails.
"""

from django.db import migrations

PG_FORWARD = """
CREATE OR REPLACE FUNCTION liangfa_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '审计记录只能追加，不能修改或删除（%）', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER core_auditentry_append_only BEFORE UPDATE OR DELETE ON core_auditentry
    FOR EACH ROW EXECUTE FUNCTION liangfa_audit_append_only();
"""
PG_REVERSE = """
DROP TRIGGER IF EXISTS core_auditentry_append_only ON core_auditentry;
DROP FUNCTION IF EXISTS liangfa_audit_append_only();
"""
SQLITE_FORWARD = [
    """CREATE TRIGGER core_auditentry_no_update BEFORE UPDATE ON core_auditentry
       WHEN liangfa_audit_maintenance() = 0
       BEGIN SELECT RAISE(ABORT, '审计记录只能追加，不能修改'); END""",
    """CREATE TRIGGER core_auditentry_no_delete BEFORE DELETE ON core_auditentry
       WHEN liangfa_audit_maintenance() = 0
       BEGIN SELECT RAISE(ABORT, '审计记录只能追加，不能删除'); END""",
]
SQLITE_REVERSE = ["DROP TRIGGER IF EXISTS core_auditentry_no_update", "DROP TRIGGER IF EXISTS core_auditentry_no_delete"]


def forward(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema_editor.execute(PG_FORWARD, None)
    elif connection.vendor == "sqlite":
        for sql in SQLITE_FORWARD:
            schema_editor.execute(sql)


def reverse(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema_editor.execute(PG_REVERSE, None)
    elif connection.vendor == "sqlite":
        for sql in SQLITE_REVERSE:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(forward, reverse)]
