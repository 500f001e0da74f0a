"""Query shapes the planner needs spelled out."""

from django.db import connections
from django.db.models import BooleanField, Expression, F, Subquery


class InArray(Expression):
    """`column IN (subquery)`, written on PostgreSQL as `column = ANY(ARRAY(subquery))`.

    Why: `agency_id IN (…) OR id IN (subquery)` (the cases an organ holds, or those shared with it) is
    planned as a hashed subplan tested on every row — a walk of the whole case table, 0.5 s at 200,000
    cases for a police bureau that holds none. ARRAY(subquery) is an InitPlan run once, and `id =
    ANY($0)` is an index condition, so the two arms become a BitmapOr of two index scans (or, for an
    organ holding most cases, the date index walked in order): the same rows either way.
    """

    output_field = BooleanField()
    conditional = True

    def __init__(self, column: str, queryset):
        super().__init__()
        self.column = F(column)
        self.subquery = Subquery(queryset.order_by())

    def get_source_expressions(self):
        return [self.column, self.subquery]

    def set_source_expressions(self, exprs):
        self.column, self.subquery = exprs

    def as_sql(self, compiler, connection):
        column_sql, column_params = compiler.compile(self.column)
        subquery_sql, subquery_params = compiler.compile(self.subquery)  # "(SELECT …)"
        params = (*column_params, *subquery_params)
        if connection.vendor == "postgresql":
            return f"{column_sql} = ANY(ARRAY{subquery_sql})", params
        return f"{column_sql} IN {subquery_sql}", params


def distinct_values(queryset, column: str) -> list:
    """The distinct values of `column` over `queryset`, in order (a filter's choices).

    On PostgreSQL, when the queryset is the whole table (a region-wide reader), a loose index scan: a
    recursive query that jumps from one value to the next along the column's index, one probe per value,
    instead of reading every row (the clue list's 罪名 choices over 250,000 clues). The column must lead an
    index. Otherwise, and for a filtered queryset, the plain DISTINCT.
    """
    model = queryset.model
    if connections[queryset.db].vendor != "postgresql" or queryset.query.where:
        return list(queryset.order_by(column).values_list(column, flat=True).distinct())
    table, col = model._meta.db_table, model._meta.get_field(column).column
    sql = (f'WITH RECURSIVE v AS (SELECT min("{col}") AS x FROM "{table}" UNION ALL '
           f'SELECT (SELECT min("{col}") FROM "{table}" WHERE "{col}" > v.x) FROM v WHERE v.x IS NOT NULL) '
           "SELECT x FROM v WHERE x IS NOT NULL")
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql)
        return [row[0] for row in cursor.fetchall()]
