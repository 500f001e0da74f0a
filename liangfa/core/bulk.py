"""Fast appends for bulk imports: COPY on PostgreSQL, executemany on SQLite, ids allocated up front.

Django's bulk_create spends most of its time building model instances and SQL per row; imports
append hundreds of thousands of rows, so they hand plain tuples to the database instead. Values go
through each field's own `get_db_prep_save` only where the driver needs it (decimals on SQLite,
JSON everywhere), so what lands is what the ORM would have written.
"""

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC

import psycopg
from django.db import connection, models
from django.utils import timezone


def allocate_ids(model: type[models.Model], count: int) -> list[int]:
    """Reserve `count` primary keys. Call inside the transaction that inserts them."""
    if count == 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A million ids fetched as rows cost seconds. Their bounds prove them contiguous (distinct
            # values, max - min + 1 of them) unless another session drew from the sequence meanwhile;
            # then they are drawn again one row each (the first draw becomes a gap, as rollbacks leave).
            draw = "SELECT nextval(pg_get_serial_sequence(%s, 'id')) AS id FROM generate_series(1, %s)"
            cursor.execute(f"SELECT min(id), max(id) FROM ({draw}) ids", [table, count])
            low, high = cursor.fetchone()
            if high - low + 1 == count:
                return list(range(low, high + 1))
            cursor.execute(draw, [table, count])
            return [row[0] for row in cursor.fetchall()]
        # SQLite: the write transaction holds the database lock, so max+1… is ours. AUTOINCREMENT
        # tables also remember the highest id ever used in sqlite_sequence: never reuse one.
        cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"')
        highest = cursor.fetchone()[0]
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = cursor.fetchone()
        start = max(highest, row[0] if row else 0) + 1
        return list(range(start, start + count))


class RawJSON(str):
    """JSON text already written (e.g. assembled from cached parts): stored as it is."""


def _json_text(value):
    if value is None:
        return None
    if isinstance(value, RawJSON):
        return str(value)  # a plain str: drivers adapt str exactly
    if value == {} and type(value) is dict:
        return "{}"  # most timeline rows of an import: no changes
    return json.dumps(value, ensure_ascii=False)


def _sqlite_datetime(value):
    # What Django's SQLite backend writes for an aware datetime: naive UTC text.
    return None if value is None else str(value.astimezone(UTC).replace(tzinfo=None))


def _converters(model, names: Sequence[str], binary: list | None = None):
    converters = []
    for i, name in enumerate(names):
        field = model._meta.get_field(name)
        if isinstance(field, models.JSONField):
            converters.append(_json_binary(binary[i] == "jsonb") if binary else _json_text)
        elif connection.vendor == "postgresql":
            converters.append(None)  # psycopg adapts dates, decimals and text itself
        elif isinstance(field, models.DateTimeField):
            converters.append(_sqlite_datetime)
        elif isinstance(field, models.DecimalField | models.DateField):
            converters.append(lambda v: None if v is None else str(v))
        else:
            converters.append(None)
    return converters


def _json_binary(jsonb: bool):
    """JSON for a binary COPY: jsonb's binary form is a version byte (1) and the text, json's the text."""
    prefix = b"\x01" if jsonb else b""
    return lambda value: None if value is None else prefix + _json_text(value).encode()


# PostgreSQL types sent in COPY's binary format (others: the text format). The text types share one binary
# form (the server still checks varchar's length); JSON goes as the bytes of its binary form.
_BINARY_AS = {"character varying": "text", "text": "text", "character": "text", "jsonb": "jsonb", "json": "json"}
_BINARY_OWN = {"integer", "bigint", "smallint", "numeric", "date", "timestamp with time zone", "boolean",
               "double precision"}
_column_types: dict[str, dict[str, tuple[int, str]]] = {}


def _binary_types(table: str, columns: list[str]) -> list | None:
    """What to tell COPY's binary format each column holds (oids or names), or None: use the text format."""
    if table not in _column_types:
        with connection.cursor() as cursor:
            cursor.execute("SELECT attname, atttypid::int, format_type(atttypid, NULL) FROM pg_attribute "
                           "WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped", [f'"{table}"'])
            _column_types[table] = {name: (oid, kind) for name, oid, kind in cursor.fetchall()}
    types = []
    for column in columns:
        oid, kind = _column_types[table].get(column, (0, ""))
        if kind in _BINARY_AS:
            types.append(_BINARY_AS[kind])
        elif kind in _BINARY_OWN:
            types.append(oid)
        else:
            return None
    return types


@dataclass
class Prepared:
    """Rows made ready for one table: what copy_prepared sends (on PostgreSQL) or insert_rows inserts."""
    table: str
    column_sql: str
    types: list | None  # COPY's binary format with these types; None: the text format
    rows: list


def prepare_rows(model: type[models.Model], names: Sequence[str], rows: Iterable[Sequence], *,
                 binary: bool = False) -> Prepared | None:
    """The rows converted for this connection's database (None when there are none)."""
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return None
    table = model._meta.db_table
    columns = [model._meta.get_field(n).column for n in names]
    types = _binary_types(table, columns) if binary and connection.vendor == "postgresql" else None
    converters = _converters(model, names, types)
    converted = [(i, c) for i, c in enumerate(converters) if c is not None]
    if not converted:
        prepared = [first, *rows]
    else:  # only the values that need it, in place in a copy of the row (a batch holds tens of thousands)
        prepared = []
        width = len(names)
        for row in (first, *rows):
            if len(row) != width:
                raise ValueError(f"a row of {len(row)} values for {width} columns")
            row = list(row)
            for i, convert in converted:
                row[i] = convert(row[i])
            prepared.append(row)
    return Prepared(table, ", ".join(f'"{c}"' for c in columns), types, prepared)


def copy_prepared(cursor: "psycopg.Cursor", prepared: Prepared) -> None:
    """COPY the rows on a psycopg cursor (PostgreSQL). It touches no Django state, so a thread of the
    import may run it on the transaction's connection while the import reads on (psycopg serialises)."""
    sql = f'COPY "{prepared.table}" ({prepared.column_sql}) FROM STDIN'
    rows = prepared.rows
    if prepared.types is not None:
        cursor.execute("SAVEPOINT liangfa_binary_copy")  # so that the text format can follow a refusal
        try:
            with cursor.copy(sql + " (FORMAT BINARY)") as copy:
                copy.set_types(prepared.types)
                for row in rows:
                    copy.write_row(row)
        except (psycopg.Error, TypeError, ValueError, OverflowError):
            cursor.execute("ROLLBACK TO SAVEPOINT liangfa_binary_copy")
            rows = _json_as_text(rows, prepared.types)  # the text format's own error, if any, is raised
        else:
            cursor.execute("RELEASE SAVEPOINT liangfa_binary_copy")
            return
    with cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


def insert_rows(model: type[models.Model], names: Sequence[str], rows: Iterable[Sequence], *,
                binary: bool = False) -> int:
    """Append rows (tuples in the order of `names`, with ids included) to the model's table.

    binary: on PostgreSQL, COPY in the binary format (the rows are formatted and parsed about twice as
    fast); values must then be of their column's Python type (str for text, int for integers, Decimal or
    int for numeric, date, aware datetime). A chunk the binary format refuses is sent again as text."""
    prepared = prepare_rows(model, names, rows, binary=binary)
    if prepared is None:
        return 0
    with connection.cursor() as cursor, connection.wrap_database_errors:  # IntegrityError as the ORM raises it
        if connection.vendor == "postgresql":
            copy_prepared(cursor.cursor, prepared)
        else:
            placeholders = ", ".join(["%s"] * len(prepared.rows[0]))
            cursor.executemany(f'INSERT INTO "{prepared.table}" ({prepared.column_sql}) VALUES ({placeholders})',
                               prepared.rows)
    return len(prepared.rows)


def _json_as_text(prepared: list, types: list) -> list:
    skip = {"jsonb": 1, "json": 0}
    json_columns = [(i, skip[t]) for i, t in enumerate(types) if t in skip]
    for row in prepared:
        for i, start in json_columns:
            if row[i] is not None:
                row[i] = row[i][start:].decode()
    return prepared


def insert_models(model: type[models.Model], objs: Sequence[models.Model]) -> None:
    """bulk_create for many new rows of a model without surprises (no signals, no pk of their own): ids
    are allocated, auto_now(_add) fields are set to one now, and the rows appended as insert_rows does."""
    if not objs:
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    stamped = [f.attname for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    now = timezone.now()
    for obj, pk in zip(objs, allocate_ids(model, len(objs)), strict=True):
        obj.pk = pk
        for name in stamped:
            setattr(obj, name, now)
    names = ["id", *(f.attname for f in fields)]
    insert_rows(model, [model._meta.pk.name, *(f.name for f in fields)],
                ([getattr(obj, name) for name in names] for obj in objs), binary=True)
    for obj in objs:
        obj._state.adding, obj._state.db = False, connection.alias
