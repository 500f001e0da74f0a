"""Issue 17: the police's reverse transfer after 撤案 (a case that still needs an administrative penalty,
《行政执法机关移送涉嫌犯罪案件的规定》第十三条) is proposed by the 民警 and approved by a 县级以上公安机关负责人
(《公安机关办理刑事案件程序规定》第一百八十七条: the 撤案 is the 负责人's), both on the transfer's timeline —
over HTTP, as the pages do it."""

from datetime import datetime, timedelta

import pytest
import time_machine

from liangfa.clock.models import Deadline
from liangfa.clock.rules import TZ
from liangfa.desk.worklist import worklist
from liangfa.testing import withdrawn_transfer
from liangfa.transfers.models import ReverseTransfer

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=TZ)
pytestmark = pytest.mark.django_db


def _withdrawn(world):
    return withdrawn_transfer(world, now=T0)


def _propose(world, transfer):
    officer = world.client(world.police_officer)
    form = officer.get(f"/transfers/reverse/new/?transfer={transfer.pk}").content.decode()
    assert "呈请负责人批准" in form and "《公安机关办理刑事案件程序规定》第一百七十八条第一款、第一百八十七条" in form
    response = officer.post("/transfers/reverse/new/", {
        "to_agency": world.market.pk, "party_name": transfer.case.party_name, "transfer": transfer.pk,
        "summary": "经侦查，销售金额未达追诉标准，已撤销案件；违法行为应予行政处罚", "document_no": "测公(经)撤字〔2026〕2号"})
    assert response.status_code == 302
    return ReverseTransfer.objects.get(transfer=transfer)


def test_the_officer_proposes_and_the_head_approves_on_the_page(world):
    transfer = _withdrawn(world)
    with time_machine.travel(T0 + timedelta(days=9), tick=False):
        reverse = _propose(world, transfer)
        assert reverse.status == "proposed"
        assert not Deadline.objects.filter(rule_id="AGY_REVERSE_REPLY", object_id=reverse.pk).exists()
        # not sent: the agency neither sees it nor has a clock
        assert world.client(world.market_officer).get(f"/transfers/reverse/{reverse.pk}/").status_code == 404
        officer_page = world.client(world.police_officer).get(f"/transfers/reverse/{reverse.pk}/").content.decode()
        assert "民警呈请，待县级以上公安机关负责人批准后移送行政执法机关" in officer_page
        assert 'id="approve-police-reverse"' not in officer_page
        world.client(world.police_officer).post(f"/transfers/reverse/{reverse.pk}/", {"approve": "1", "confirmed": "1"})
        assert ReverseTransfer.objects.get(pk=reverse.pk).status == "proposed"  # the officer cannot approve
        todo = {t.label: t for t in worklist(world.police_head, now=T0 + timedelta(days=9))}["待负责人批准的反向移送呈请"]
        assert todo.count == 1 and "第一百八十七条" in todo.basis
        head = world.client(world.police_head)
        assert 'id="approve-police-reverse"' in head.get(f"/transfers/reverse/{reverse.pk}/").content.decode()
        page = head.post(f"/transfers/reverse/{reverse.pk}/", {"approve": "1"}, follow=True).content.decode()
        assert "请勾选确认" in page and ReverseTransfer.objects.get(pk=reverse.pk).status == "proposed"
        head.post(f"/transfers/reverse/{reverse.pk}/", {"approve": "1", "confirmed": "1"})
    reverse.refresh_from_db()
    assert reverse.status == "pending" and reverse.approved_by == world.police_head
    deadline = Deadline.objects.get(rule_id="AGY_REVERSE_REPLY", object_id=reverse.pk)
    assert deadline.state == "unserved" and deadline.holder_agency == world.market  # runs from the agency's receipt
    timeline = list(transfer.events.filter(code__startswith="reverse").order_by("id"))
    assert [e.code for e in timeline] == ["reverse_propose", "reverse_send"]
    assert timeline[0].actor_name == world.police_officer.display_name and "待县级以上公安机关负责人批准" in timeline[0].note
    assert f"经{world.police_head.display_name}批准" in timeline[1].note and "第一百八十七条" in timeline[1].note
    with time_machine.travel(T0 + timedelta(days=9, hours=1), tick=False):
        page = world.client(world.market_officer).get(f"/transfers/reverse/{reverse.pk}/").content.decode()
        transfer_page = world.client(world.market_officer).get(f"/transfers/{transfer.pk}/").content.decode()
    assert "待行政机关处理" in page and "县级以上公安机关负责人" in page and 'id="sign-reverse"' in page
    assert "民警呈请反向移送行政机关处理" in transfer_page and "反向移送行政机关处理" in transfer_page


def test_the_reverse_reply_period_runs_from_the_agencys_receipt(world):
    """AGY_REVERSE_REPLY starts on receipt (刑事诉讼法第一百七十七条第三款 “及时”, local practice 2个月): the agency signs
    on the page days after the approval and the period counts from then; late, it goes overdue."""
    transfer = _withdrawn(world)
    with time_machine.travel(T0 + timedelta(days=9), tick=False):
        reverse = _propose(world, transfer)
        world.client(world.police_head).post(f"/transfers/reverse/{reverse.pk}/", {"approve": "1", "confirmed": "1"})
    signed = datetime(2026, 3, 16, 9, 0, tzinfo=TZ)
    with time_machine.travel(signed, tick=False):
        agency = world.client(world.market_officer)
        assert "待送达" in agency.get(f"/transfers/reverse/{reverse.pk}/").content.decode()
        agency.post(f"/transfers/reverse/{reverse.pk}/", {"receive": "1", "how": "platform"})
    deadline = Deadline.objects.get(rule_id="AGY_REVERSE_REPLY", object_id=reverse.pk)
    assert deadline.started_at == signed and deadline.due_at == datetime(2026, 5, 18, 23, 59, 59, tzinfo=TZ)
    assert deadline.display(now=datetime(2026, 5, 12, tzinfo=TZ)).label != "已逾期"  # approval + 2个月 has passed
    assert deadline.display(now=datetime(2026, 5, 19, 1, 0, tzinfo=TZ)).label == "已逾期"
    assert transfer.events.filter(code="receive", note__contains="2026-03-16 09:00 收到").exists()


def test_the_head_returns_the_proposal_with_a_reason(world):
    transfer = _withdrawn(world)
    with time_machine.travel(T0 + timedelta(days=9), tick=False):
        reverse = _propose(world, transfer)
        head = world.client(world.police_head)
        page = head.post(f"/transfers/reverse/{reverse.pk}/", {"return": "1", "reason": ""}, follow=True)
        assert "退回呈请须写明理由" in page.content.decode()
        head.post(f"/transfers/reverse/{reverse.pk}/", {"return": "1", "reason": "接收机关应为税务机关"})
    reverse.refresh_from_db()
    assert reverse.status == "returned" and reverse.return_reason == "接收机关应为税务机关"
    assert not Deadline.objects.filter(rule_id="AGY_REVERSE_REPLY", object_id=reverse.pk).exists()
    assert transfer.events.filter(code="reverse_return", note="接收机关应为税务机关").exists()
    with time_machine.travel(T0 + timedelta(days=9), tick=False):
        assert world.client(world.market_officer).get(f"/transfers/reverse/{reverse.pk}/").status_code == 404
