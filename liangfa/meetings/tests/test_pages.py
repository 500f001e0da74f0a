"""Every page of the meetings and decisions apps opens and shows what was recorded; forms post through
the services and refusals come back as Chinese messages."""

from datetime import date, datetime

import pytest

from liangfa.cases.models import PenaltyCase
from liangfa.clock.rules import TZ
from liangfa.meetings import conference, evidence, training
from liangfa.testing import load, record

pytestmark = pytest.mark.django_db
NOW = datetime(2025, 6, 3, 10, 0, tzinfo=TZ)


def test_pages_show_conferences_standards_training_and_library(world):
    load(world.market, [record()])
    case = PenaltyCase.objects.get()
    item = conference.request_conference(actor=world.market_officer, topic="crime", question="是否构成犯罪？",
                                         participants=[world.police], case=case, now=NOW)
    evidence.load_standards(actor=world.prosecutor, now=NOW)
    session = training.hold_training(actor=world.prosecutor, kind="training", title="移送材料培训",
                                     held_on=date(2025, 6, 2), attendees=[world.police_officer], now=NOW,
                                     questions=training.parse_questions("几日内移送？｜三日｜七日｜1"))
    police = world.client(world.police_officer)
    assert "是否构成犯罪？" in police.get("/meetings/conferences/").content.decode()
    page = police.post(f"/meetings/conferences/{item.pk}/opinion/", {"text": "构成"}, follow=True).content.decode()
    assert "已发表意见" in page and "构成" in page
    page = police.post(f"/meetings/conferences/{item.pk}/conclude/", {"text": "x", "agreed": "1"},
                       follow=True).content.decode()
    assert "无权结束研讨" in page
    page = police.get("/meetings/standards/?crime=weilie_chanpin").content.decode()
    assert "产品质量检验报告" in page and "需程序审查" in page and "待会签" in page and "停用" not in page
    assert "停用" in world.client(world.prosecutor).get("/meetings/standards/").content.decode()
    page = police.post(f"/meetings/training/{session.pk}/test/", {}, follow=True).content.decode()
    assert "请回答全部测试题" in page
    page = police.post(f"/meetings/training/{session.pk}/test/", {f"q{session.questions.get().pk}": "0"},
                       follow=True).content.decode()
    assert "我的测试得分：100" in page
    assert "移送材料培训" in police.get("/meetings/training/?year=2025").content.decode()
    page = police.post("/meetings/library/new/", {"transfer": "999", "title": "t", "lesson": "l"},
                       follow=True).content.decode()
    assert police.get("/meetings/library/?crime=taoshui").status_code == 200 and "典型案例库" in page


def test_decision_and_adviser_pages(world):
    head = world.client(world.market_head)
    page = head.post("/decisions/new/", {"year": "2025", "title": "执法公示办法"}, follow=True).content.decode()
    assert "执法公示办法" in page and "未公布" in page
    page = head.post("/decisions/advisers/new/", {"name": "钱律师", "firm": "某所", "contract_no": "1",
                                                  "start": "2025-01-01", "end": "2024-12-31"}, follow=True)
    assert "终止日不能早于起始日" in page.content.decode()
    assert world.client(world.tax_officer).get("/decisions/?year=2025").content.decode().count("执法公示办法") == 0
    assert head.get("/api/decisions?year=2025").json()[0]["status_label"] == "决策草案形成中"
