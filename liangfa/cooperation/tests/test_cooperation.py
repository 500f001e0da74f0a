from datetime import date, datetime, timedelta

import pytest

from liangfa.clock.models import Deadline
from liangfa.clock.rules import TZ
from liangfa.cooperation import services
from liangfa.core.errors import DomainError
from liangfa.testing import load, record

T0 = datetime(2025, 9, 30, 16, 0, tzinfo=TZ)  # before National Day


def test_consultation_answer_due_in_three_working_days(world):
    item = services.ask(actor=world.market_officer, to_agency=world.police, topic="crime",
                        question="销售金额4.8万元，是否涉嫌犯罪？", now=T0)
    deadline = Deadline.objects.get(rule_id="COOP_CONSULT_REPLY", object_id=item.pk)
    assert deadline.due_at == datetime(2025, 10, 11, 23, 59, 59, tzinfo=TZ)  # 10-09, 10-10, 10-11 (调休 Saturday)
    assert deadline.holder_agency == world.police
    with pytest.raises(Exception, match="无权答复"):
        services.answer(item, actor=world.tax_officer, text="x")
    services.answer(item, actor=world.police_officer, text="接近追诉标准，建议固定销售记录", now=T0 + timedelta(days=1))
    assert Deadline.objects.get(pk=deadline.pk).display().label == "已完成"


def test_intervention_decline_needs_reasons_and_assistance(world):
    load(world.market, [record()])
    case = world.market.cases.get()
    item = services.request_intervention(case, actor=world.market_officer, police=world.police, reason="涉案金额大")
    with pytest.raises(DomainError, match="须说明理由"):
        services.decide_intervention(item, actor=world.police_officer, accept=False)
    services.decide_intervention(item, actor=world.police_officer, accept=False, reason="尚无犯罪线索")
    request = services.request_assistance(actor=world.market_officer, to_agency=world.police, kind="query",
                                          subject="查询当事人前科", due_date=date.today() + timedelta(days=3))
    services.finish_assistance(request, actor=world.police_officer, done=True, result="无前科")
    page = world.client(world.market_officer).get("/cooperation/").content.decode()
    assert "不提前介入：尚无犯罪线索" in page and "已办结：无前科" in page


def test_liaison_threads_count_unread(world):
    message = services.post_message(actor=world.market_officer, counterpart=world.police, text="请问本周联席会议时间？")
    assert services.unread_count(world.police_officer) == 1 and services.unread_count(world.market_officer) == 0
    page = world.client(world.police_officer).get("/").content.decode()
    assert 'class="flag bad">1<' in page
    world.client(world.police_officer).get(f"/cooperation/threads/{message.thread_id}/")
    assert services.unread_count(world.police_officer) == 0
    with pytest.raises(Exception, match="无权"):
        services.post_message(actor=world.tax_officer, thread=message.thread, text="插话")
