"""Named locks held until the current transaction ends (PostgreSQL advisory locks).

SQLite needs none: its transactions take the write lock when they begin (transaction_mode IMMEDIATE),
which already runs writers one at a time."""

from django.db import connection


def hold_until_commit(*names: str) -> None:
    """Wait for, then hold, each named lock until the surrounding transaction commits or rolls back.
    Callers take several names always in the same order, so two never wait on each other in a circle."""
    if connection.vendor != "postgresql":
        return
    assert connection.in_atomic_block, "an advisory transaction lock needs a transaction"
    with connection.cursor() as cursor:
        for name in names:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [name])
