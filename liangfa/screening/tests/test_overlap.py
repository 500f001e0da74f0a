"""A batch run on PostgreSQL writes each batch's clues on a second connection while it judges the next
(core/overlap.py): the clues and their events are the same as when every batch is written in line."""

from datetime import date

import pytest
from django.db import connection

from liangfa.core import overlap
from liangfa.screening.models import Clue, ClueEvent
from liangfa.screening.services import screen_all
from liangfa.screening.tests.test_screening import tobacco
from liangfa.testing import load, record

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="the second connection is PostgreSQL's")


def _clues():
    return sorted(Clue.objects.values_list("case__decision_no", "rule_key", "kind", "value", "prior_count", "status"))


@pytest.mark.django_db(transaction=True)
def test_overlapped_writes_give_the_clues_written_in_line(world, settings, monkeypatch):
    load(world.market, [tobacco("市罚3号", "35,000", date(2025, 10, 1)), tobacco("市罚4号", "31,000", date(2025, 11, 20))])
    load(world.tax, [tobacco("税罚1号", "12,000", date(2024, 3, 1))])
    load(world.county_market, [tobacco("县罚2号", "8,000", date(2025, 1, 10)),
                               record(**{"行政处罚决定书文号": "2号", "销售金额（元）": "80,000",
                                         "行政相对人代码_1（统一社会信用代码）": "91410800MA44GU7D5R"})])
    used = []
    real = overlap.BatchWriter.here.__func__
    monkeypatch.setattr(overlap.BatchWriter, "here", classmethod(lambda cls: used.append(real(cls)) or used[-1]))

    def run(overlapped: bool):
        settings.OVERLAP_WRITES = overlapped
        Clue.objects.all().delete()
        events = ClueEvent.objects.count()
        flags = len(list(screen_all(chunk=1)))  # one party a batch: several batches in flight
        return _clues(), flags, ClueEvent.objects.count() - events

    in_line = run(False)
    assert not used[-1].overlapping
    overlapped = run(True)
    assert used[-1].overlapping
    assert overlapped == in_line
    assert in_line[1] >= 2 and {("2号", "weilie_chanpin")} <= {c[:2] for c in in_line[0]}


@pytest.mark.django_db(transaction=True)
def test_a_failed_write_stops_the_run(world, settings, monkeypatch):
    from liangfa.screening import services

    load(world.market, [tobacco("市罚3号", "35,000", date(2025, 10, 1))])
    Clue.objects.all().delete()
    settings.OVERLAP_WRITES = True

    def broken(*args, **kwargs):
        raise RuntimeError("磁盘已满")

    monkeypatch.setattr(services, "_store", broken)
    with pytest.raises(RuntimeError, match="磁盘已满"):
        list(screen_all())
    assert not Clue.objects.exists()
