from datetime import date
from decimal import Decimal

import pytest

from liangfa.cases.models import PenaltyCase
from liangfa.core.prepared import Prepared
from liangfa.testing import build_world, load, record

pytestmark = pytest.mark.django_db

COLUMNS = ("decision_no", "decision_date", "sales_amount", "agency__name")
IN_WINDOW = Prepared(lambda v: PenaltyCase.objects.filter(agency_id=v.agency, decision_date__gte=v.start,
                                                          decision_date__lte=v.end)
                     .order_by("decision_date").values_list(*COLUMNS), agency=int, start=date, end=date)


def test_a_prepared_query_returns_what_the_orm_returns_for_each_new_value():
    world = build_world()
    load(world.market, [record(**{"行政处罚决定书文号": f"测市监罚〔2025〕{n}号", "处罚决定日期": f"2025-03-1{n}",
                                  "销售金额（元）": f"{n}0,000.5"}) for n in range(1, 5)])
    for start, end in [(date(2025, 3, 12), date(2025, 3, 13)), (date(2025, 1, 1), date(2025, 12, 31)),
                       (date(2026, 1, 1), date(2026, 2, 1))]:
        expected = list(PenaltyCase.objects.filter(agency=world.market, decision_date__range=(start, end))
                        .order_by("decision_date").values_list(*COLUMNS))
        assert IN_WINDOW(agency=world.market.id, start=start, end=end) == expected
    # typed as the ORM types them on every database (SQLite hands back text dates and float amounts)
    first = IN_WINDOW(agency=world.market.id, start=date(2025, 3, 11), end=date(2025, 3, 11))
    assert first == [("测市监罚〔2025〕1号", date(2025, 3, 11), Decimal("10000.50"), "测试市市场监督管理局")]
    assert IN_WINDOW(agency=world.tax.id, start=date(2025, 1, 1), end=date(2025, 12, 31)) == []


def test_a_placeholder_the_query_does_not_use_is_an_error():
    unused = Prepared(lambda v: PenaltyCase.objects.filter(id=v.case).values_list("id"), case=int, party=int)
    with pytest.raises(ValueError, match="party"):
        unused(case=1, party=2)


def _prepared_on_server() -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def test_on_postgresql_the_query_is_prepared_once_per_connection_unless_turned_off(settings):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    world = build_world()
    load(world.market, [record()])
    settings.DB_PREPARED_STATEMENTS = False
    IN_WINDOW(agency=world.market.id, start=date(2025, 1, 1), end=date(2025, 12, 31))
    assert not [s for s in _prepared_on_server() if "\"decision_date\" >= $" in s]
    settings.DB_PREPARED_STATEMENTS = True
    for _ in range(3):
        rows = IN_WINDOW(agency=world.market.id, start=date(2024, 1, 1), end=date(2026, 12, 31))
    assert [r[0] for r in rows] == list(PenaltyCase.objects.values_list("decision_no", flat=True))
    assert len([s for s in _prepared_on_server() if "\"decision_date\" >= $" in s]) == 1
