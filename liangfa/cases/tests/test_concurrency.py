"""Two imports of the same file at once: one writes the rows, the other waits and finds them (PostgreSQL)."""

import threading

import pytest
from django.db import connection, connections

from liangfa.cases.models import PenaltyCase
from liangfa.testing import build_world, load, record

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="advisory locks need PostgreSQL")


@pytest.mark.django_db(transaction=True)
def test_two_imports_of_the_same_rows_at_once():
    world = build_world()
    rows = [record(**{"行政处罚决定书文号": f"测市监罚〔2025〕{n}号"}) for n in range(1, 41)]
    barrier = threading.Barrier(2)
    results, errors = [], []

    def run():
        try:
            barrier.wait()
            results.append(load(world.market, rows, actor=world.market_officer))
        except Exception as exc:  # a traceback here is the failure this test is about
            errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted((r.accepted, r.unchanged) for r in results) == [(0, 40), (40, 0)]
    assert PenaltyCase.objects.count() == 40
