"""Issue 17: the reply period of a 检察意见 (建议移送, 刑诉规则第五百五十七条第三款) or a 检察建议 (“自收到检察建议书之日起”,
《人民检察院检察建议工作规定》第十九条) runs from the agency's receipt, not from the 检察长's approval: 待送达 until
the agency signs on the page or the procuratorate records the 送达回证."""

from datetime import datetime, timedelta

import pytest
import time_machine

from liangfa.clock.models import Deadline
from liangfa.clock.rules import TZ
from liangfa.core.errors import DomainError
from liangfa.supervision import services
from liangfa.supervision.tests.test_supervision import make_chief
from liangfa.testing import load, record

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=TZ)  # a Monday
pytestmark = pytest.mark.django_db


def _page(world, user, opinion):
    response = world.client(user).get(f"/supervision/opinions/{opinion.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_opinion_reply_period_runs_from_the_agency_signing_for_it(world):
    load(world.market, [record()])
    opinion = services.issue_opinion(actor=world.prosecutor, kind="transfer_opinion", agency=world.market,
                                     content="该案销售金额已达追诉标准，建议依法移送", document_no="测检意〔2026〕5号",
                                     case=world.market.cases.get(), now=T0)
    services.approve_opinion(opinion, actor=make_chief(world), now=T0)
    deadline = Deadline.objects.get(object_id=opinion.pk, content_type__model="opinion", rule_id="AGY_OPINION_REPLY")
    assert deadline.state == "unserved" and deadline.due_at is None and deadline.started_at is None
    assert deadline.citation == "《人民检察院办理行政执法机关移送涉嫌犯罪案件的规定》第十二条"
    signed = T0 + timedelta(days=10)
    with time_machine.travel(signed, tick=False):
        page = _page(world, world.market_head, opinion)
        assert "待送达" in page and "自收到（接到）文书或案件时起算" in page and "签收检察意见（建议移送）" in page
        listing = world.client(world.prosecutor).get("/supervision/").content.decode()
        assert "待送达" in listing and "按规定" not in listing  # the list says how the period stands
        with pytest.raises(DomainError, match="须由收到文书的行政执法机关签收"):
            services.receive_opinion(opinion, actor=world.prosecutor, now=signed)
        world.client(world.market_head).post(f"/supervision/opinions/{opinion.pk}/", {"receive": "1", "how": "platform"})
    deadline.refresh_from_db()
    assert deadline.state == "open" and deadline.started_at == signed
    assert deadline.due_at == datetime(2026, 4, 13, 23, 59, 59, tzinfo=TZ)  # 一个月 from 03-12 is 04-12, a Sunday
    assert deadline.display(now=datetime(2026, 4, 3, tzinfo=TZ)).label != "已逾期"  # approval + 1个月 has passed
    assert "2026-04-13 23:59" in world.client(world.prosecutor).get("/supervision/").content.decode()
    with time_machine.travel(datetime(2026, 4, 14, 9, 0, tzinfo=TZ), tick=False):
        page = _page(world, world.prosecutor, opinion)
        assert "已逾期" in page and "签收检察意见" not in page
    with pytest.raises(DomainError, match="没有待签收的文书"):
        services.receive_opinion(opinion, actor=world.market_head, now=signed)


def test_a_recommendation_served_on_paper_runs_from_the_date_on_the_proof(world):
    rec = services.issue_opinion(actor=world.prosecutor, kind="recommendation", agency=world.market,
                                 content="建议建立移送前法制审核制度。", document_no="测检建〔2026〕9号", now=T0)
    deadline = Deadline.objects.get(object_id=rec.pk, rule_id="AGY_RECOMMENDATION_REPLY")
    assert deadline.state == "unserved"
    with time_machine.travel(T0 + timedelta(days=5), tick=False):
        world.client(world.prosecutor).post(f"/supervision/opinions/{rec.pk}/",
                                            {"receive": "1", "how": "post", "received_at": "2026-03-04T15:00"})
    deadline.refresh_from_db()
    assert deadline.started_at == datetime(2026, 3, 4, 15, 0, tzinfo=TZ) and deadline.service_method == "post"
    assert deadline.due_at == datetime(2026, 5, 6, 23, 59, 59, tzinfo=TZ)  # 两个月 to 05-04, after the 劳动节 holiday
