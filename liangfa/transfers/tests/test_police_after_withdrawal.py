"""What a withdrawn or moved case leaves running, and when the police may no longer withdraw or move it
(《公安机关办理刑事案件程序规定》第一百八十四条、第一百八十六条、第二百八十九条), as the pages show it, with frozen time."""

import io
from datetime import datetime, timedelta

import pytest
import time_machine
from docx import Document

from liangfa.clock.models import Deadline
from liangfa.clock.rules import TZ
from liangfa.supervision import services as supervision
from liangfa.supervision.tests.test_supervision import make_chief
from liangfa.testing import ready_transfer
from liangfa.transfers import services
from liangfa.transfers.models import Transfer

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=TZ)  # a Monday
pytestmark = pytest.mark.django_db
CONCLUDE = "监督立案后三个月内侦查终结"


def _text_of(document) -> str:
    with document.file.open("rb") as f:
        return "\n".join(p.text for p in Document(io.BytesIO(f.read())).paragraphs)


def _filed_on_notice(world):
    """不予立案, then 立案监督: the police file on the 通知立案书 (刑诉规则第五百六十三条), the 三个月 start."""
    transfer = ready_transfer(world, now=T0, until="accepted")
    services.decide_filing(transfer, actor=world.police_officer, approver=world.police_head, file=False,
                           reason="no_crime", detail="不构成犯罪", materials_returned=True, now=T0 + timedelta(days=1))
    sup = supervision.request_reasons(actor=world.prosecutor, police=world.police, subject="s", grounds="g",
                                      transfer=transfer, now=T0 + timedelta(days=2))
    supervision.answer_reasons(sup, actor=world.police_officer, reasons="无犯罪事实", now=T0 + timedelta(days=3))
    supervision.propose_filing(sup, actor=world.prosecutor, assessment="有犯罪事实", now=T0 + timedelta(days=3))
    supervision.approve_filing(sup, actor=make_chief(world), now=T0 + timedelta(days=4))
    supervision.record_service(sup, actor=world.police_officer, now=T0 + timedelta(days=4))
    supervision.record_filing(sup, actor=world.police_officer, decision_no="测公立字〔2026〕3号", now=T0 + timedelta(days=6))
    return Transfer.objects.get(pk=transfer.pk), sup


def _running(world, user) -> str:
    return world.client(user).get("/clock/").content.decode()


def test_withdrawn_after_supervised_filing_the_three_months_stop_for_everyone(world):
    transfer, sup = _filed_on_notice(world)
    with time_machine.travel(T0 + timedelta(days=7), tick=False):
        for user in (world.police_officer, world.market_officer, world.prosecutor):
            assert CONCLUDE in _running(world, user)
        page = world.client(world.police_officer).get(f"/transfers/{transfer.pk}/").content.decode()
        assert "根据检察院通知立案书立案" in page and "刑事案件编号 测公立字〔2026〕3号" in page  # the timeline
        assert "原不予立案理由" in page and "立案，原不予立案决定不再有效" in page  # the old reason is history now
        filing = transfer.documents.filter(kind="filing_notice").last()
        assert "刑事案件编号：测公立字〔2026〕3号" in _text_of(filing)  # the same number as the timeline
        world.client(world.police_officer).post(f"/transfers/{transfer.pk}/act/withdraw_case/",
                                                {"ground": "no_crime", "reasons": "经侦查，没有犯罪事实"})
        world.client(world.police_head).post(f"/transfers/{transfer.pk}/act/approve_decision/", {"confirmed": "1"})
    concluded = Deadline.objects.get(object_id=sup.pk, content_type__model="supervision", rule_id="POL_SUPERVISED_CONCLUDE")
    assert concluded.state == "cancelled"
    assert concluded.completed_by == "公安机关撤销案件（测公撤字〔2026〕1号，《公安机关办理刑事案件程序规定》第一百八十六条）"
    with time_machine.travel(T0 + timedelta(days=8), tick=False):
        for user in (world.police_officer, world.market_officer, world.prosecutor):
            assert CONCLUDE not in _running(world, user)
        world.client(world.police_officer).post(f"/transfers/{transfer.pk}/act/notify_withdrawn/")
        page = world.client(world.market_officer).get(f"/transfers/{transfer.pk}/").content.decode()
    rows = page.split('<table class="deadlines">', 1)[1].split("</table>", 1)[0]
    assert "尚未送达" not in rows  # every row is closed: none waits for service any more
    assert "未登记送达，已撤销" in rows and "公安机关撤销案件" in rows  # the 三日 移交, never served, ended by the 撤案
    notice = _text_of(transfer.documents.get(kind="withdrawn_notice"))
    assert "刑事案件编号：测公立字〔2026〕3号" in notice and "（未填写）" not in notice
    assert "作出撤销案件决定（测公撤字〔2026〕1号）" in notice


def test_moved_after_filing_the_police_clocks_stop_the_agency_still_hands_over(world):
    transfer, sup = _filed_on_notice(world)
    with time_machine.travel(T0 + timedelta(days=7), tick=False):
        done = world.client(world.police_officer).post(f"/transfers/{transfer.pk}/act/move/", {
            "organ": "邻市公安局", "reasons": "犯罪地在邻市"}, follow=True).content.decode()
        assert "呈请立案后移送或并案侦查：已呈请，待负责人审批" in done and "：已完成" not in done
        world.client(world.police_head).post(f"/transfers/{transfer.pk}/act/approve_decision/", {"confirmed": "1"})
        assert CONCLUDE not in _running(world, world.prosecutor)
    concluded = Deadline.objects.get(object_id=sup.pk, content_type__model="supervision", rule_id="POL_SUPERVISED_CONCLUDE")
    assert concluded.state == "cancelled" and concluded.completed_by.startswith("立案后移送有管辖权的机关邻市公安局")
    assert Deadline.objects.get(object_id=transfer.pk, content_type__model="transfer", rule_id="AGY_HANDOVER").state != \
        "cancelled"  # the items go with the case (第一百八十五条)
    with time_machine.travel(T0 + timedelta(days=8), tick=False):
        world.client(world.police_officer).post(f"/transfers/{transfer.pk}/act/notify_moved/")
    notice = transfer.documents.get(kind="moved_notice")
    assert notice.doc_no == "测公移案告字〔2026〕1号"
    assert "刑事案件编号：测公立字〔2026〕3号" in _text_of(notice)


def test_after_prosecution_review_the_police_may_not_withdraw_or_move(world):
    transfer = ready_transfer(world, now=T0, until="accepted")
    services.decide_filing(transfer, actor=world.police_officer, approver=world.police_head, file=True,
                           case_no="测公(经)立字〔2026〕7号", now=T0 + timedelta(hours=2))
    officer = world.client(world.police_officer)
    with time_machine.travel(T0 + timedelta(days=20), tick=False):
        page = officer.get(f"/transfers/{transfer.pk}/").content.decode()
        assert 'id="withdraw-case-form"' in page and 'id="move-form"' in page  # still 侦查
        officer.post(f"/transfers/{transfer.pk}/act/stage/", {"stage": "prosecution_review", "date": "2026-03-20",
                                                             "document_no": "测公(经)诉字〔2026〕4号"})
        page = officer.get(f"/transfers/{transfer.pk}/").content.decode()
        assert 'id="withdraw-case-form"' not in page and 'id="move-form"' not in page
        assert "本案已于 2026-03-20 移送审查起诉，侦查已经终结：不再呈请撤销案件或者立案后移送" in page
        assert '<option value="prosecution_review">' not in page  # recorded once
        again = officer.post(f"/transfers/{transfer.pk}/act/stage/", {"stage": "prosecution_review", "date": "2026-03-21"})
        assert again.status_code == 400 and "本案已登记移送审查起诉" in again.content.decode()
        response = officer.post(f"/transfers/{transfer.pk}/act/withdraw_case/",
                                {"ground": "no_crime", "reasons": "没有犯罪事实"})
        text = response.content.decode()
        assert response.status_code == 400
        assert "本案已于 2026-03-20 移送审查起诉，侦查已经终结，不能呈请撤销案件" in text
        assert "（《公安机关办理刑事案件程序规定》第一百八十六条）" in text and "第二百八十九条" in text
        response = officer.post(f"/transfers/{transfer.pk}/act/move/", {"organ": "邻市公安局", "reasons": "并案"})
        assert response.status_code == 400 and "第一百八十四条" in response.content.decode()
    transfer.refresh_from_db()
    assert transfer.status == "filed" and not transfer.proposals.filter(kind__in=["withdraw_case", "move"]).exists()


def test_a_proposal_made_before_the_case_went_to_the_procuratorate_is_not_approved(world):
    transfer = ready_transfer(world, now=T0, until="accepted")
    services.decide_filing(transfer, actor=world.police_officer, approver=world.police_head, file=True,
                           case_no="测公(经)立字〔2026〕7号", now=T0 + timedelta(hours=2))
    with time_machine.travel(T0 + timedelta(days=20), tick=False):
        world.client(world.police_officer).post(f"/transfers/{transfer.pk}/act/withdraw_case/",
                                                {"ground": "no_crime", "reasons": "没有犯罪事实"})
        services.record_stage(transfer, actor=world.police_officer, stage="prosecution_review",
                              day=(T0 + timedelta(days=20)).date())
        response = world.client(world.police_head).post(f"/transfers/{transfer.pk}/act/approve_decision/",
                                                        {"confirmed": "1"})
    assert response.status_code == 400 and "侦查已经终结，不能呈请撤销案件" in response.content.decode()
    transfer.refresh_from_db()
    assert transfer.status == "filed"


def _with_testimony(world):
    """A transfer with a 询问笔录 (需重新收集) and a 书证, filed by the police."""
    from liangfa.transfers import package

    transfer = ready_transfer(world, now=T0, until="draft")
    for kind, text in (("inquiry_record", "王某询问笔录"), ("documentary", "销售台账")):
        package.add_evidence(transfer, actor=world.market_officer, kind=kind, description=text, now=T0)
    services.submit_report(transfer, actor=world.market_officer, now=T0)
    services.approve_transfer(transfer, actor=world.market_head, now=T0)
    services.deliver_transfer(transfer, actor=world.market_officer, now=T0)
    services.sign_receipt(transfer, actor=world.police_officer, now=T0)
    services.decide_filing(transfer, actor=world.police_officer, approver=world.police_head, file=True,
                           case_no="测公(经)立字〔2026〕7号", now=T0 + timedelta(hours=2))
    return Transfer.objects.get(pk=transfer.pk)


def test_evidence_steps_are_offered_while_the_police_investigate_not_after_withdrawal(world):
    transfer = _with_testimony(world)
    with time_machine.travel(T0 + timedelta(days=1), tick=False):
        assert "说明无法重新收集</button>" in world.client(world.market_officer).get(
            f"/transfers/{transfer.pk}/").content.decode()
        assert "发出补证清单</button>" in world.client(world.police_officer).get(
            f"/transfers/{transfer.pk}/").content.decode()
        services.withdraw_case(transfer, actor=world.police_officer, approver=world.police_head, ground="no_crime",
                               reasons="没有犯罪事实", now=T0 + timedelta(days=1))
        agency = world.client(world.market_officer).get(f"/transfers/{transfer.pk}/").content.decode()
        police = world.client(world.police_officer).get(f"/transfers/{transfer.pk}/").content.decode()
        assert "说明无法重新收集</button>" not in agency and "王某询问笔录" in agency  # still listed, no longer asked
        assert "发出补证清单</button>" not in police
        testimony = transfer.evidence.get(kind="inquiry_record")
        response = world.client(world.market_officer).post(f"/transfers/{transfer.pk}/act/cannot_recollect/", {
            "evidence": testimony.pk, "reason": "dead", "lawful_source": "依法询问",
            "corroborating": [transfer.evidence.get(kind="documentary").pk]})
        assert response.status_code == 400
        assert "移送当前为“已撤销案件”，不再说明证据无法重新收集" in response.content.decode()
        response = world.client(world.police_officer).post(f"/transfers/{transfer.pk}/act/supplement_list/", {})
        assert response.status_code == 400 and "不再发出补证清单" in response.content.decode()


def test_items_handed_over_are_not_offered_again(world):
    transfer = _with_testimony(world)
    agency = world.client(world.market_officer)
    with time_machine.travel(T0 + timedelta(days=1), tick=False):
        services.receive_notice(transfer, actor=world.market_officer, rule_id="AGY_HANDOVER", now=T0 + timedelta(days=1))
        assert "移交涉案物品</button>" in agency.get(f"/transfers/{transfer.pk}/").content.decode()
        done = agency.post(f"/transfers/{transfer.pk}/act/handover/", {"receiver": "张警官"}, follow=True).content.decode()
        assert "移交涉案物品：已完成" in done and "移交涉案物品</button>" not in done
        response = agency.post(f"/transfers/{transfer.pk}/act/handover/", {"receiver": "李警官"})
        assert response.status_code == 400 and "涉案物品已经移交（2026-03-03 10:00，接收人张警官），无需再次移交" in \
            response.content.decode()
