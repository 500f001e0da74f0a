"""执法依据 and 执法程序: law texts by article and version in force; procedures read from the deadline rules;
听证公告 on the notice period."""

import re
from datetime import date, datetime

import pytest
import time_machine
from django.test import Client

from liangfa.clock.rules import TZ, all_rules, get_rule
from liangfa.core.errors import DomainError
from liangfa.portal import laws, schedule
from liangfa.portal.procedures import procedures
from liangfa.testing import load, record

NOW = datetime(2025, 6, 3, 10, 0, tzinfo=TZ)


def test_articles_are_found_by_number_and_by_words():
    hit = laws.search("第48条", on=date(2025, 1, 1), title="行政处罚法")
    assert [a.number for _, a in hit] == ["第四十八条"] and "三日内撤回" in hit[0][1].text
    assert any(a.number == "第十一条" for _, a in laws.search("三个工作日内撤回", on=date(2025, 1, 1)))


def test_the_version_in_force_on_a_date():
    assert laws.in_force("全国年节及纪念日放假办法", date(2024, 6, 1)).version == date(2013, 12, 11)
    assert laws.in_force("全国年节及纪念日放假办法", date(2025, 6, 1)).version == date(2024, 11, 10)
    assert laws.in_force("行政处罚法", date(2021, 7, 14)) is None  # the 2021 text took effect on 15 July 2021
    assert laws.in_force("市场监督管理行政处罚信息公示规定", date(2021, 8, 31)) is None
    page = Client().get("/gk/fagui/", {"q": "第四十八条", "law": "行政处罚法", "on": "2025-01-01"}).content.decode()
    assert "具有一定社会影响的行政处罚决定应当依法公开" in page


def test_the_words_of_the_periods_read_from_the_texts_are_in_them(shared):
    """Rules marked H and read from shared/data/laws: their words are the article's own."""
    checked = 0
    for rule_id in ("PUB_DECISION_SAMR", "PUB_INFO_QUERY_REPLY"):
        rule = get_rule(rule_id)
        text = next((shared / "data" / "laws").glob(f"{rule.law}(*).md")).read_text(encoding="utf-8")
        assert rule.words in text, rule_id
        checked += 1
    processing = (shared / "data/laws/行政处罚法(2021-01-22).md").read_text(encoding="utf-8")
    for rule_id in ("PUB_WITHDRAW", "HEARING_NOTICE"):
        words = get_rule(rule_id).words.split("（第八十五条")[0]
        assert words in processing, rule_id
        checked += 1
    assert checked == 4


def test_procedures_come_from_the_rule_data(monkeypatch):
    transfer = next(p for p in procedures() if p.key == "transfer")
    approve = next(s for s in transfer.steps if s.rule_id == "AGY_APPROVE")
    assert (approve.period, approve.citation) == ("三日", "《行政执法机关移送涉嫌犯罪案件的规定》第五条第二款")
    page = Client().get("/gk/chengxu/").content.decode()
    for rule in all_rules().values():  # every rule the clocks use is published with its period
        assert rule.name in page, rule.id
    # A configurable period set for the deployment shows as it is counted.
    monkeypatch.setenv("CLOCK_PERIOD_PORTAL_SUGGESTION_REPLY", "10")
    all_rules.cache_clear()
    procedures.cache_clear()
    try:
        assert "十个工作日" in Client().get("/gk/chengxu/").content.decode()
    finally:
        monkeypatch.delenv("CLOCK_PERIOD_PORTAL_SUGGESTION_REPLY")
        all_rules.cache_clear()
        procedures.cache_clear()


def test_a_hearing_is_announced_seven_working_days_ahead_with_the_party_masked(world):
    load(world.market, [record(**{"行政相对人名称": "王小明", "行政相对人类别": "自然人", "法定代表人": None,
                                  "行政相对人代码_1（统一社会信用代码）": None})])
    case = world.market.cases.get()
    with pytest.raises(DomainError, match="听证时间须在 2025-06-12 之后"):
        schedule.announce_hearing(agency=world.market, actor=world.market_officer, matter="涉嫌销售伪劣产品案",
                                  starts_at=datetime(2025, 6, 11, 9, 0, tzinfo=TZ), place="三楼听证室", host="张法制",
                                  case_id=case.pk, now=NOW)
    schedule.announce_hearing(agency=world.market, actor=world.market_officer, matter="涉嫌销售伪劣产品案",
                              starts_at=datetime(2025, 6, 13, 9, 0, tzinfo=TZ), place="三楼听证室", host="张法制",
                              case_id=case.pk, now=NOW)
    with time_machine.travel(NOW, tick=False):
        page = Client().get("/gk/tingzheng/").content.decode()
    assert "王某某" in page and "王小明" not in page and "三楼听证室" in page
    assert re.search(r"2025年6月13日 09:00", page)
