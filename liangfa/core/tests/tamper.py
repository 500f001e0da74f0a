"""What someone holding the database owner's role can do: switch the audit table's guard off."""

from contextlib import contextmanager

from django.db import connection

from liangfa.core.integrity import audit_maintenance


@contextmanager
def as_table_owner():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")  # a superuser's way past triggers
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SET session_replication_role = origin")
    else:
        with audit_maintenance():
            yield
