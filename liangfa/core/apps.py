from django.apps import AppConfig
from django.db.backends.signals import connection_created


class CoreConfig(AppConfig):
    name = "liangfa.core"
    label = "core"
    verbose_name = "平台基础"

    def ready(self):
        connection_created.connect(_register_sqlite_functions, dispatch_uid="liangfa.audit_maintenance")


def _register_sqlite_functions(sender, connection, **kwargs):
    """The audit table's SQLite triggers ask this function whether a row may go (core migration 0002)."""
    if connection.vendor == "sqlite":
        from liangfa.core import integrity

        connection.connection.create_function("liangfa_audit_maintenance", 0, integrity.maintenance_flag,
                                              deterministic=False)
