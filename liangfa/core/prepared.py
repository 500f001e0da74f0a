"""Querysets compiled to SQL once and run many times with new values.

On the incremental screening path the ORM took longer to write each query than the database took to
answer it. A Prepared query is built once from an ordinary queryset in which each varying value is a
placeholder, and afterwards only its parameters change. The rows come back as `values_list` would return
them (the backend's converters applied, so SQLite's text dates and float decimals are typed as the ORM
types them).

On PostgreSQL the statement is also prepared on the server (per connection), so it is not planned
again on every call either (planning cost most of the query's time). Django leaves
prepared statements off by default for connection poolers in transaction mode (PgBouncer);
`DB_PREPARED_STATEMENTS=0` turns ours off for such a set-up. A prepared statement is soon run with a
generic plan, made without the values: a query that stops early (ORDER BY … LIMIT) needs an index that
gives its whole order, or the generic plan sorts everything it finds first.

    PRIORS = Prepared(lambda v: PenaltyCase.objects.filter(party_id=v.party).values_list("id"),
                      party=int)
    PRIORS(party=61)  # -> [(1,), (7,), ...]
"""

from datetime import date

import psycopg  # a dependency (pyproject.toml), whatever DATABASE_URL says
from django.conf import settings
from django.db import connections

_INT_BASE = -7_310_000_000  # placeholders no real id, date or amount takes
_DATE_BASE = 1101


class _Placeholders:
    def __init__(self, kinds: dict[str, type]):
        self.values = {}
        for number, (name, kind) in enumerate(kinds.items()):
            if kind is int:
                self.values[name] = _INT_BASE - number
            elif kind is date:
                self.values[name] = date(_DATE_BASE + number, 1, 1)
            else:
                raise TypeError(f"Prepared supports int and date values, not {kind}")

    def __getattr__(self, name):
        try:
            return self.values[name]
        except KeyError:
            raise AttributeError(name) from None


class Prepared:
    def __init__(self, build, **kinds: type):
        self._build, self._kinds = build, kinds
        self._compiled = {}  # per database alias

    def _compile(self, alias: str):
        holders = _Placeholders(self._kinds)
        queryset = self._build(holders).using(alias)
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        slots = []
        for position, param in enumerate(params):
            for name, placeholder in holders.values.items():
                if param == placeholder:
                    slots.append((position, name, False))
                elif isinstance(placeholder, date) and param == placeholder.isoformat():
                    slots.append((position, name, True))  # SQLite passes dates as text
        missing = set(holders.values) - {name for _, name, _ in slots}
        if missing:
            raise ValueError(f"placeholders not found in the query: {sorted(missing)}")
        columns = [s[0] for s in compiler.select[: compiler.col_count]]
        converters = compiler.get_converters(columns)
        compiled = self._compiled[alias] = (sql, list(params), slots, compiler, converters)
        return compiled

    def __call__(self, using: str = "default", **values) -> list:
        sql, params, slots, compiler, converters = self._compiled.get(using) or self._compile(using)
        params = list(params)
        for position, name, as_text in slots:
            value = values[name]
            params[position] = value.isoformat() if as_text and value is not None else value
        with _cursor(connections[using]) as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if converters:
            return [tuple(row) for row in compiler.apply_converters(rows, converters)]
        return rows


def _cursor(connection):
    """Django's cursor; on PostgreSQL one that binds on the server and prepares what it runs (Django's own
    cursors bind on the client, which cannot prepare). Wrapped as Django wraps its cursors, so errors,
    query logging and execute wrappers behave the same."""
    if connection.vendor != "postgresql" or not getattr(settings, "DB_PREPARED_STATEMENTS", True):
        return connection.cursor()
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    with connection.wrap_database_errors:
        raw = connection.connection
        if raw.prepare_threshold is None:  # Django's setting: nothing prepared. Only what we ask, then.
            raw.prepare_threshold = _ONLY_WHEN_ASKED
        return connection._prepare_cursor(_PreparingCursor(raw))


_ONLY_WHEN_ASKED = 2**31 - 1  # psycopg prepares a query after this many runs, or at once when asked


class _PreparingCursor(psycopg.Cursor):
    def execute(self, query, params=None, *, prepare=None, binary=None):
        return super().execute(query, params, prepare=True if prepare is None else prepare, binary=binary)
