"""What the persona walk found on the reverse path (police 撤案 → the agency): the form sends it back to the
organ that transferred the case, the agency's 待办 shows what waits for its signature and its reply, the list
shows the reply period as it runs, and the clock names what was received whole."""

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


def _sent_back(world):
    transfer = withdrawn_transfer(world, now=T0)
    officer = world.client(world.police_officer)
    form = officer.get(f"/transfers/reverse/new/?transfer={transfer.pk}").content.decode()
    # the organ that transferred the case is chosen, not the first of the list
    assert f'<option value="{world.market.pk}" selected>' in form
    assert "检察意见载明的回复期限" not in form  # the police send a 移送函, not a 检察意见
    officer.post("/transfers/reverse/new/", {
        "to_agency": world.market.pk, "party_name": transfer.case.party_name, "transfer": transfer.pk,
        "summary": "经侦查，销售金额未达追诉标准，已撤销案件；违法行为应予行政处罚", "document_no": "测公(经)撤字〔2026〕2号"})
    reverse = ReverseTransfer.objects.get(transfer=transfer)
    world.client(world.police_head).post(f"/transfers/reverse/{reverse.pk}/", {"approve": "1", "confirmed": "1"})
    return ReverseTransfer.objects.get(pk=reverse.pk)


def test_the_agency_sees_what_waits_for_its_signature_and_its_reply(world):
    with time_machine.travel(T0 + timedelta(days=9), tick=False):
        reverse = _sent_back(world)
        assert reverse.status == "pending"
        deadline = Deadline.objects.get(rule_id="AGY_REVERSE_REPLY", object_id=reverse.pk)
        assert deadline.start_event == "收到公安机关的移送函及案卷材料"  # not cut off mid-phrase
        todo = {t.label: t for t in worklist(world.market_officer, now=T0 + timedelta(days=9))}
        unsigned = todo["发给本机关、待签收的文书（签收之日起计算期限）"]
        # the 移送函 only: the 移交 the 立案通知书 started ended with the 撤案 (程序规定第一百八十七条第三款: released, not handed over)
        assert unsigned.count == 1 and unsigned.url == "/clock/#held"
        assert todo["待回复处理结果的反向移送（检察意见书、公安机关移送函）"].count == 1
        listing = world.client(world.market_officer).get("/transfers/reverse/").content.decode()
        assert "待送达" in listing and "自收到之日起算" in listing and "默认2个月" not in listing
        assert "测公(经)撤字〔2026〕2号（第" in listing  # rows told apart by their document
        clock_page = world.client(world.market_officer).get("/clock/").content.decode()
        assert '<h2 id="held">待送达：发给本机关、尚未签收（1）</h2>' in clock_page
    with time_machine.travel(T0 + timedelta(days=10), tick=False):
        world.client(world.market_officer).post(f"/transfers/reverse/{reverse.pk}/", {"receive": "1"})
        deadline.refresh_from_db()
        assert deadline.state == "open"
        todo = {t.label: t for t in worklist(world.market_officer, now=T0 + timedelta(days=10))}
        assert todo["发给本机关、待签收的文书（签收之日起计算期限）"].count == 0
        listing = world.client(world.market_officer).get("/transfers/reverse/").content.decode()
        assert timezone_date(deadline.due_at) in listing
        # the 2-month reply is local practice: the deadline table says the law sets no period
        page = world.client(world.market_officer).get(f"/transfers/reverse/{reverse.pk}/").content.decode()
        assert "法律未规定具体期限，本地实务（可配置）" in page


def timezone_date(value) -> str:
    from django.utils import timezone

    return f"{timezone.localtime(value):%Y-%m-%d}"


def test_lateness_under_an_hour_is_said_in_minutes():
    done = Deadline(due_at=T0, completed_at=T0 + timedelta(minutes=20))
    assert done.lateness() == "逾期20分钟"
    assert Deadline(due_at=T0, completed_at=T0 + timedelta(hours=26)).lateness() == "逾期1天2小时"


def test_a_reverse_transfer_without_a_receiving_agency_is_refused_in_words(world):
    transfer = withdrawn_transfer(world, now=T0)
    page = world.client(world.police_officer).post("/transfers/reverse/new/", {
        "to_agency": "", "party_name": transfer.case.party_name, "transfer": transfer.pk, "summary": "应予行政处罚"},
        follow=True).content.decode()
    assert "请选择接收的行政执法机关" in page and not ReverseTransfer.objects.exists()
