"""The police's written notices to the transferring agency, with frozen time:
《公安机关办理刑事案件程序规定》第一百八十四条 (移送 or 并案 after 立案: notice within 三日 after the transfer) and
第一百八十条第三款 (not within police duty: notice with reasons; no period in the text, so local practice)."""

from datetime import datetime, timedelta

import pytest
import time_machine

from liangfa.clock.models import Deadline
from liangfa.clock.rules import TZ
from liangfa.core.errors import DomainError
from liangfa.testing import ready_transfer
from liangfa.transfers import services
from liangfa.transfers.models import Transfer

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=TZ)  # a Monday
pytestmark = pytest.mark.django_db


def _clock(transfer, rule):
    return Deadline.objects.get(object_id=transfer.pk, content_type__model="transfer", rule_id=rule)


def _page(world, user, transfer) -> str:
    """The transfer page as `user` sees it now (a fresh login: sessions expire when idle)."""
    response = world.client(user).get(f"/transfers/{transfer.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def _filed(world):
    transfer = ready_transfer(world, now=T0, until="accepted")
    services.decide_filing(transfer, actor=world.police_officer, approver=world.police_head, file=True,
                           case_no="测公(经)立字〔2026〕7号", now=T0 + timedelta(hours=2))
    return Transfer.objects.get(pk=transfer.pk)


def test_article_184_moved_after_filing_the_notice_is_due_in_three_days_and_goes_overdue(world):
    transfer = _filed(world)
    officer, head = world.client(world.police_officer), world.client(world.police_head)
    moved_at = T0 + timedelta(days=1)
    with time_machine.travel(moved_at, tick=False):
        page = officer.get(f"/transfers/{transfer.pk}/").content.decode()
        assert "呈请立案后移送／并案侦查" in page and "《公安机关办理刑事案件程序规定》第一百八十四条" in page
        response = officer.post(f"/transfers/{transfer.pk}/act/move/", {"organ": "测试市公安局食药环侦支队", "reasons": ""})
        assert response.status_code == 400 and "须写明接收的机关" in response.content.decode()
        officer.post(f"/transfers/{transfer.pk}/act/move/",
                     {"organ": "邻市公安局", "merge": "1", "reasons": "同一犯罪团伙，邻市已立案"})
        assert not Deadline.objects.filter(object_id=transfer.pk, rule_id="POL_NOTIFY_MOVED").exists()  # not yet approved
        head.post(f"/transfers/{transfer.pk}/act/approve_decision/", {"confirmed": "1"})
    moved = _clock(transfer, "POL_NOTIFY_MOVED")
    assert moved.citation == "《公安机关办理刑事案件程序规定》第一百八十四条" and moved.holder_agency == world.police
    assert moved.start_event == "移送并案侦查的公安机关邻市公安局"
    assert moved.due_at == datetime(2026, 3, 6, 23, 59, 59, tzinfo=TZ)  # 三日, the day of the transfer not counted
    with time_machine.travel(T0 + timedelta(days=3), tick=False):
        page = _page(world, world.police_officer, transfer)
        api = world.client(world.market_officer).get(f"/api/transfers/{transfer.pk}").json()
    assert "应当在移送案件后三日以内书面通知测试市市场监督管理局" in page and "2026-03-06 23:59" in page
    assert "立案后移送有管辖权的机关或者并案侦查" in page  # on the timeline, approved by the 负责人
    assert '<span class="flag ok" id="transfer-status">立案后已移送其他公安机关并案侦查</span>' in page
    for gone in ('id="move-form"', 'id="withdraw-case-form"', "登记诉讼阶段</button>"):
        assert gone not in page  # the case is the other organ's now: only the written notice is left
    shown = next(d for d in api["deadlines"] if d["rule_id"] == "POL_NOTIFY_MOVED")
    assert shown["citation"] == "《公安机关办理刑事案件程序规定》第一百八十四条" and shown["status"] == "未到期"
    late = datetime(2026, 3, 7, 9, 0, tzinfo=TZ)
    with time_machine.travel(late, tick=False):
        api = world.client(world.market_officer).get(f"/api/transfers/{transfer.pk}").json()
        shown = next(d for d in api["deadlines"] if d["rule_id"] == "POL_NOTIFY_MOVED")
        assert shown["status"] == "已逾期" and shown["lateness"] == "逾期9小时"
        assert "已逾期" in _page(world, world.market_officer, transfer)
        world.client(world.police_officer).post(f"/transfers/{transfer.pk}/act/notify_moved/")
    moved.refresh_from_db()
    assert moved.display().label == "逾期完成" and moved.completed_by == "书面通知移送机关"
    notice = transfer.documents.get(kind="moved_notice")
    assert notice.title == "案件移送（并案侦查）告知书"
    last = transfer.events.order_by("-id").first()
    assert last.code == "moved_notice" and "逾期9小时" in last.note
    with pytest.raises(DomainError, match="没有待书面通知移送机关"):
        services.notify_moved(transfer, actor=world.police_officer, now=late)
    with pytest.raises(DomainError, match="移送当前为“立案后已移送其他公安机关并案侦查”，不能呈请立案后移送"):
        services.propose_decision(transfer, actor=world.police_officer, kind="move",
                                  data={"organ": "另一机关", "reasons": "再移"}, now=late)


def test_article_184_a_notice_in_time_is_done(world):
    transfer = _filed(world)
    services.propose_decision(transfer, actor=world.police_officer, kind="move",
                              data={"organ": "测试省公安厅", "reasons": "案件重大，由省厅管辖"}, now=T0 + timedelta(days=1))
    services.approve_proposal(transfer, actor=world.police_head, now=T0 + timedelta(days=1))
    services.notify_moved(transfer, actor=world.police_officer, now=T0 + timedelta(days=2))
    assert _clock(transfer, "POL_NOTIFY_MOVED").display().label == "已完成"
    assert Transfer.objects.get(pk=transfer.pk).get_status_display() == "立案后已移送有管辖权的机关"
    assert "移送有管辖权的机关测试省公安厅" in _clock(transfer, "POL_NOTIFY_MOVED").start_event


def test_article_180_paragraph_3_outside_police_duty_notice_with_reasons_local_practice_period(world):
    transfer = ready_transfer(world, now=T0, until="accepted")
    officer = world.client(world.police_officer)
    with time_machine.travel(T0 + timedelta(hours=1), tick=False):
        page = officer.get(f"/transfers/{transfer.pk}/").content.decode()
    assert "不属于公安机关职责范围，书面通知移送机关" in page
    assert "《公安机关办理刑事案件程序规定》第一百八十条第三款" in page and "未规定书面通知的期限" in page
    when = datetime(2026, 3, 6, 10, 0, tzinfo=TZ)  # after the 三日 (local practice) from acceptance
    with time_machine.travel(when, tick=False):
        officer = world.client(world.police_officer)
        response = officer.post(f"/transfers/{transfer.pk}/act/out_of_duty/", {"organ": "测试市税务局", "reasons": ""})
        assert response.status_code == 400 and "并说明理由" in response.content.decode()
        officer.post(f"/transfers/{transfer.pk}/act/out_of_duty/",
                     {"organ": "测试市税务局", "reasons": "属于税务机关处理的欠税事项，未达涉税犯罪标准以外的其他罪名"})
        page = _page(world, world.market_officer, transfer)
    transfer.refresh_from_db()
    assert transfer.status == "out_of_duty" and "不属于公安机关职责范围，已书面通知移送机关" in page
    notice = _clock(transfer, "POL_OUT_OF_DUTY_NOTICE")
    assert notice.citation == "《公安机关办理刑事案件程序规定》第一百八十条第三款"
    assert notice.started_at == T0 and notice.display().label == "逾期完成"
    assert _clock(transfer, "POL_DECIDE").state == "done"
    assert transfer.documents.get(kind="out_of_duty_notice").title == "不属于公安机关职责范围通知书"


def _text_of(document) -> str:
    import io

    from docx import Document

    with document.file.open("rb") as f:
        return "\n".join(p.text for p in Document(io.BytesIO(f.read())).paragraphs)


def test_article_189_case_withdrawn_the_agency_is_told_within_three_days_and_it_goes_overdue(world):
    """《公安机关办理刑事案件程序规定》第一百八十七条第一款: the 办案部门 reports the 撤销案件 “报县级以上公安机关负责人批准”;
    第一百八十九条第一款: “公安机关作出撤销案件决定后，应当在三日以内告知……案件移送机关”. The 民警 proposes, the
    负责人's approval is the decision and starts the clock; the 撤销案件告知书 answers it, late by what the timeline says."""
    transfer = _filed(world)
    proposed = datetime(2026, 3, 2, 16, 0, tzinfo=TZ)
    decided = datetime(2026, 3, 3, 15, 0, tzinfo=TZ)  # a Tuesday: the third day, Friday 3-6, is a working day
    with time_machine.travel(proposed, tick=False):
        officer = world.client(world.police_officer)
        page = officer.get(f"/transfers/{transfer.pk}/").content.decode()
        assert "呈请撤销案件" in page and '<option value="case_withdrawn">' not in page  # no longer a stage typed alone
        assert "报县级以上公安机关负责人批准（《公安机关办理刑事案件程序规定》第一百八十六条、第一百八十七条第一款）" in page
        assert "三日以内告知移送机关（《公安机关办理刑事案件程序规定》第一百八十九条第一款）" in page
        response = officer.post(f"/transfers/{transfer.pk}/act/stage/", {
            "stage": "case_withdrawn", "date": "2026-03-02", "document_no": "测公(经)撤字〔2026〕3号"})
        assert response.status_code == 400 and "报县级以上公安机关负责人批准：请“呈请撤销案件”" in response.content.decode()
        response = officer.post(f"/transfers/{transfer.pk}/act/withdraw_case/", {"ground": "trivial", "reasons": ""})
        assert response.status_code == 400 and "撤销案件须写明理由" in response.content.decode()
        assert 'name="document_no" placeholder="撤销案件决定书文号"' not in page  # numbered when the 负责人 decides
        done = officer.post(f"/transfers/{transfer.pk}/act/withdraw_case/", {
            "ground": "trivial", "reasons": "销售金额经核实不足五万元"}, follow=True).content.decode()
        assert "呈请撤销案件：已呈请，待负责人审批" in done and "呈请撤销案件：已完成" not in done
        transfer.refresh_from_db()
        assert transfer.status == "filed"  # only proposed: nothing decided, no clock
        assert not Deadline.objects.filter(object_id=transfer.pk, rule_id="POL_NOTIFY_WITHDRAWN").exists()
        page = _page(world, world.police_head, transfer)
        assert "待负责人审批的呈请：</strong>撤销案件——情节显著轻微、危害不大，不认为是犯罪的：销售金额经核实不足五万元" in page
        assert world.client(world.police_officer).post(  # a 民警 does not decide it alone
            f"/transfers/{transfer.pk}/act/approve_decision/", {"confirmed": "1"}).status_code in (400, 403)
    with time_machine.travel(decided, tick=False):
        done = world.client(world.police_head).post(f"/transfers/{transfer.pk}/act/approve_decision/",
                                                    {"confirmed": "1"}, follow=True).content.decode()
    assert "负责人批准：已批准，决定生效" in done
    # the 撤销案件决定书, numbered from the police's 撤字 sequence, under 文书与材料
    assert "<td>撤销案件决定书</td>" in done and "<td>测公撤字〔2026〕1号</td>" in done
    decision = _text_of(transfer.documents.get(kind="withdrawal_decision"))
    assert "刑事案件编号：测公(经)立字〔2026〕7号" in decision and "发现情节显著轻微、危害不大，不认为是犯罪。" in decision
    assert "决定撤销此案" in decision and "第一百八十六条、第一百八十七条第一款" in decision
    clock = _clock(transfer, "POL_NOTIFY_WITHDRAWN")
    assert clock.citation == "《公安机关办理刑事案件程序规定》第一百八十九条第一款" and clock.holder_agency == world.police
    assert clock.start_event == "作出撤销案件决定（测公撤字〔2026〕1号）" and clock.started_at == decided  # not proposed
    assert clock.due_at == datetime(2026, 3, 6, 23, 59, 59, tzinfo=TZ)  # 三日, the day of the decision not counted
    with time_machine.travel(datetime(2026, 3, 5, 10, 0, tzinfo=TZ), tick=False):
        page = _page(world, world.police_officer, transfer)
        api = world.client(world.market_officer).get(f"/api/transfers/{transfer.pk}").json()
    assert '<span class="flag ok" id="transfer-status">已撤销案件</span>' in page
    assert "公安机关已撤销案件，需要行政处理的，依法予以处理或者移交有关部门（《公安机关办理刑事案件程序规定》第一百八十七条第二款" in page
    assert "应当在作出撤销案件决定后三日以内告知测试市市场监督管理局" in page and "2026-03-06 23:59" in page
    assert "制作撤销案件告知书，告知移送机关" in page and "刑事诉讼：撤销案件" in page  # the 撤案 on the timeline
    assert "批准（《公安机关办理刑事案件程序规定》第一百八十六条、第一百八十七条第一款），承办民警" in page
    for gone in ('id="withdraw-case-form"', 'id="move-form"', "登记诉讼阶段</button>", "移交涉案物品</button>"):
        assert gone not in page  # later steps no longer apply
    assert api["status"] == "case_withdrawn"
    shown = next(d for d in api["deadlines"] if d["rule_id"] == "POL_NOTIFY_WITHDRAWN")
    assert shown["citation"] == "《公安机关办理刑事案件程序规定》第一百八十九条第一款" and shown["status"] == "未到期"
    late = datetime(2026, 3, 7, 9, 0, tzinfo=TZ)
    with time_machine.travel(late, tick=False):
        api = world.client(world.market_officer).get(f"/api/transfers/{transfer.pk}").json()
        shown = next(d for d in api["deadlines"] if d["rule_id"] == "POL_NOTIFY_WITHDRAWN")
        assert shown["status"] == "已逾期" and shown["lateness"] == "逾期9小时"
        assert "已逾期" in _page(world, world.market_officer, transfer)
        response = world.client(world.market_officer).post(f"/transfers/{transfer.pk}/act/notify_withdrawn/")
        assert response.status_code in (400, 403)  # the agency cannot tell itself
        api = world.client(world.police_officer).post(f"/api/transfers/{transfer.pk}/notify_withdrawn", {},
                                                      content_type="application/json").json()
        page = _page(world, world.market_officer, transfer)
    shown = next(d for d in api["deadlines"] if d["rule_id"] == "POL_NOTIFY_WITHDRAWN")
    assert shown["status"] == "逾期完成" and shown["lateness"] == "逾期9小时"
    clock.refresh_from_db()
    assert clock.display().label == "逾期完成" and clock.completed_by == "制作撤销案件告知书，告知移送机关"
    assert "撤销案件后告知移送机关" in page and "逾期9小时" in page  # the timeline says how late
    last = transfer.events.order_by("-id").first()
    assert last.code == "withdrawn_notice" and "已告知测试市市场监督管理局（逾期9小时）" in last.note
    notice = transfer.documents.get(kind="withdrawn_notice")
    assert notice.title == "撤销案件告知书"
    body = _text_of(notice)
    assert "2026年3月3日作出撤销案件决定（测公撤字〔2026〕1号）" in body and "第一百八十九条第一款" in body
    assert "刑事案件编号：测公(经)立字〔2026〕7号" in body and "（未填写）" not in body
    assert notice.doc_no == "测公撤案告字〔2026〕1号"  # its own 文书代字, not the bare 测公〔2026〕1号
    with pytest.raises(DomainError, match="没有待告知移送机关的撤销案件决定"):
        services.notify_withdrawn(transfer, actor=world.police_officer, now=late)
    with pytest.raises(DomainError, match="不能呈请撤销案件"):
        services.propose_decision(transfer, actor=world.police_officer, kind="withdraw_case",
                                  data={"ground": "no_crime", "reasons": "再撤"}, now=late)


def test_article_187_the_head_returns_a_withdrawal_and_a_timely_notice_after_approval_is_done(world):
    transfer = _filed(world)
    head = world.client(world.police_head)
    with time_machine.travel(datetime(2026, 3, 3, 9, 0, tzinfo=TZ), tick=False):
        response = world.client(world.police_officer).post(f"/transfers/{transfer.pk}/act/withdraw_case/",
                                                           {"ground": "", "reasons": "嫌疑人死亡"})
        assert response.status_code == 400 and "第一百八十六条第一款规定的情形" in response.content.decode()
        world.client(world.police_officer).post(f"/transfers/{transfer.pk}/act/withdraw_case/",
                                                {"ground": "dead", "reasons": "犯罪嫌疑人已死亡"})
        head.post(f"/transfers/{transfer.pk}/act/return_decision/", {"reason": "请附死亡证明"})
    transfer.refresh_from_db()
    assert transfer.status == "filed" and transfer.proposals.get(kind="withdraw_case").state == "returned"
    services.withdraw_case(transfer, actor=world.police_officer, approver=world.police_head, ground="dead",
                           reasons="犯罪嫌疑人已死亡，附死亡证明", now=datetime(2026, 3, 4, 16, 0, tzinfo=TZ))
    clock = _clock(transfer, "POL_NOTIFY_WITHDRAWN")
    assert clock.started_at == datetime(2026, 3, 4, 16, 0, tzinfo=TZ) and clock.start_event == "作出撤销案件决定（测公撤字〔2026〕1号）"
    assert clock.due_at == datetime(2026, 3, 9, 23, 59, 59, tzinfo=TZ)  # the third day, 3-7, is a Saturday
    services.notify_withdrawn(transfer, actor=world.police_officer, now=datetime(2026, 3, 6, 9, 0, tzinfo=TZ))
    clock.refresh_from_db()
    assert clock.display().label == "已完成"
    assert transfer.events.order_by("-id").first().note == "作出撤销案件决定（测公撤字〔2026〕1号），已告知测试市市场监督管理局"
    with pytest.raises(DomainError, match="不再移交"):
        services.hand_over_items(transfer, actor=world.market_officer, receiver="张警官", now=datetime(2026, 3, 6, 10, 0, tzinfo=TZ))
