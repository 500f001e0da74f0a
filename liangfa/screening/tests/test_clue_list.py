"""The clue list (issue 16): filters by agency, crime, state, decision date and 需人工判断, pages, one badge
per fact, and 应移未移 only once the agency's check period (AGY_CLUE_CHECK, 三十日, local practice) ran out."""

from datetime import datetime, timedelta

import time_machine

from liangfa.clock.rules import TZ
from liangfa.screening.models import Clue
from liangfa.testing import load, record

RAISED = datetime(2026, 3, 2, 10, 0, tzinfo=TZ)


def _clues(world, n=3):
    rows = [record(**{"行政处罚决定书文号": f"测市监罚〔2026〕{i}号", "处罚决定日期": f"2026-02-{10 + i:02d}",
                      "违法行为发生日期": "2026-01-05", "销售金额（元）": f"{60000 + i}"}) for i in range(1, n + 1)]
    load(world.market, rows, now=RAISED)
    return list(Clue.objects.order_by("case__decision_no"))


def test_a_clue_raised_a_minute_ago_is_not_yet_overdue(world):
    _clues(world, 1)
    with time_machine.travel(RAISED + timedelta(minutes=1)):
        page = world.client(world.prosecutor).get("/clues/").content.decode()
        assert "应移未移 0 条" in page and "测市监罚〔2026〕1号" not in page and "暂无线索" in page
    with time_machine.travel(RAISED + timedelta(days=31)):  # 三十日 ran out on 04-01
        page = world.client(world.prosecutor).get("/clues/").content.decode()
        assert "应移未移 1 条" in page and "测市监罚〔2026〕1号" in page and '<span class="flag bad">应移未移</span>' in page
        officer = world.client(world.market_officer).get("/clues/").content.decode()
        assert '<span class="flag bad">应移未移</span>' in officer  # the agency sees it too, in its open list


def test_filters_by_agency_crime_state_date_and_review(world):
    clues = _clues(world)
    Clue.objects.filter(pk=clues[0].pk).update(needs_review=True)
    client = world.client(world.market_officer)

    def shown(**params):
        page = client.get("/clues/", params).content.decode()
        return sorted(n for n in ("1号", "2号", "3号") if f"测市监罚〔2026〕{n}" in page)

    assert shown() == ["1号", "2号", "3号"]
    assert shown(review="1") == ["1号"] and shown(review="0") == ["2号", "3号"]
    assert shown(date_from="2026-02-12") == ["2号", "3号"] and shown(date_to="2026-02-11") == ["1号"]
    assert shown(agency="t-scjg", crime=clues[0].crime_name) == ["1号", "2号", "3号"]
    assert shown(state="dismissed") == []
    page = client.get("/clues/", {"date_from": "2026年2月"}).content.decode()
    assert "日期格式应为 2026-11-01" in page


def test_the_list_pages_and_shows_one_badge_per_fact(world, monkeypatch):
    monkeypatch.setattr("liangfa.screening.lists.PAGE_SIZE", 2)
    _clues(world)
    client = world.client(world.market_officer)
    first = client.get("/clues/").content.decode()
    assert "共 3 条，第 1/2 页" in first and "下一页" in first
    second = client.get("/clues/", {"page": 2}).content.decode()
    assert second.count("测市监罚〔2026〕") == 1
    Clue.objects.update(kind="repeat", reduced=True)
    table = client.get("/clues/").content.decode().split('id="clues"')[1]
    assert table.count("多次违法") == 2 and "因多次违法降低标准" not in table  # the kind says it once per row
