"""legal.md "Ten rules" 1–7 with frozen time: each step, its clock, its errors."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from liangfa.clock.models import Deadline
from liangfa.clock.rules import TZ
from liangfa.core.errors import DomainError, PermissionDenied
from liangfa.testing import ready_transfer
from liangfa.transfers import package, services
from liangfa.transfers.models import Transfer

T0 = datetime(2025, 9, 28, 10, 0, tzinfo=TZ)  # a 调休 Sunday before National Day


def clock(transfer, rule):
    return Deadline.objects.get(object_id=transfer.pk, content_type__model="transfer", rule_id=rule)


def test_rule1_approval_within_3_days_and_refusal_needs_a_reason(world):
    transfer = ready_transfer(world, now=T0, until="pending_approval")
    approve = clock(transfer, "AGY_APPROVE")
    assert approve.due_at == datetime(2025, 10, 9, 23, 59, 59, tzinfo=TZ)  # National Day moves the last day
    assert approve.display(now=T0).label == "未到期"
    assert approve.display(now=datetime(2025, 10, 10, 0, 0, tzinfo=TZ)).label == "已逾期"
    with pytest.raises(DomainError, match="必须记录理由"):
        services.refuse_transfer(transfer, actor=world.market_head, reason="  ")
    with pytest.raises(PermissionDenied, match="须由机关负责人"):
        services.approve_transfer(transfer, actor=world.market_officer)
    services.refuse_transfer(transfer, actor=world.market_head, reason="证据不足以证明销售金额", now=T0 + timedelta(days=1))
    transfer.refresh_from_db()
    assert transfer.status == "refused"
    assert clock(transfer, "AGY_APPROVE").display().label == "已完成"
    with pytest.raises(DomainError, match="移送当前为“不批准移送”，不能负责人批准移送"):
        services.approve_transfer(transfer, actor=world.market_head)


def test_rule2_delivery_within_24_hours_and_the_procuratorate_sees_it_late(world):
    transfer = ready_transfer(world, now=T0, until="approved")
    deliver = clock(transfer, "AGY_DELIVER")
    assert deliver.due_at == T0 + timedelta(hours=24)
    late = T0 + timedelta(hours=30)
    assert deliver.display(now=late).label == "已逾期" and deliver.lateness(now=late) == "逾期6小时"
    with time_machine.travel(late):
        board = world.client(world.prosecutor).get("/clock/").content.decode()
    # 逾期不移送 shows on the supervising procuratorate's board before anything is sent (R310 第十六条)
    assert "批准后向同级公安机关移送" in board and "逾期6小时" in board
    services.deliver_transfer(transfer, actor=world.market_officer, now=late)
    transfer.refresh_from_db()
    assert transfer.status == "delivered" and transfer.filed_with_procuratorate_at == late
    assert transfer.procuratorate == world.procuratorate
    assert clock(transfer, "AGY_DELIVER").display().label == "逾期完成"
    with time_machine.travel(late):
        register = world.client(world.prosecutor).get("/transfers/").content.decode()
        detail = world.client(world.prosecutor).get(f"/transfers/{transfer.pk}/").content.decode()
    assert transfer.case.decision_no in register and "备案登记" in register
    assert "逾期完成" in detail and "逾期6小时" in detail and "第五条第二款" in detail


def test_rule3_package_must_be_complete(world):
    transfer = ready_transfer(world, now=T0, until="draft")
    transfer.documents.filter(kind="investigation_report").delete()
    item = package.add_item(transfer, actor=world.market_officer, name="化妆品样品", quantity="3瓶", tested=True, now=T0)
    services.submit_report(transfer, actor=world.market_officer, now=T0)
    services.approve_transfer(transfer, actor=world.market_head, now=T0)
    with pytest.raises(DomainError) as error:
        services.deliver_transfer(transfer, actor=world.market_officer, now=T0)
    assert "涉嫌犯罪案件情况的调查报告" in str(error.value) and "“化妆品样品”的检验报告或鉴定意见" in str(error.value)
    assert Transfer.objects.get(pk=transfer.pk).status == "approved"  # nothing changed
    package.attach_document(transfer, actor=world.market_officer, kind="investigation_report", now=T0,
                            upload=SimpleUploadedFile("r.docx", b"r"))
    report = package.attach_document(transfer, actor=world.market_officer, kind="test_report", now=T0,
                                     upload=SimpleUploadedFile("检验报告.pdf", b"%PDF"))
    package.link_test_report(item, actor=world.market_officer, document=report, now=T0)
    services.deliver_transfer(transfer, actor=world.market_officer, now=T0)
    assert Transfer.objects.get(pk=transfer.pk).status == "delivered"


def test_rule4_receipt_forwarding_and_materials(world):
    transfer = ready_transfer(world, now=T0, until="delivered")
    with pytest.raises(DomainError, match="写明有管辖权的机关"):
        services.forward_transfer(transfer, actor=world.police_officer, approver=world.police_head, organ="", notice="")
    services.forward_transfer(transfer, actor=world.police_officer, approver=world.police_head, organ="焦作海关缉私分局",
                              notice="涉嫌走私，已转送", now=T0 + timedelta(hours=30))
    forward = clock(transfer, "POL_FORWARD_JURISDICTION")
    assert forward.display().label == "逾期完成" and forward.lateness() == "逾期6小时"
    assert transfer.documents.filter(kind="forward_notice").exists()

    other = ready_transfer_for_new_case(world)
    services.sign_receipt(other, actor=world.police_officer, now=T0)
    services.notify_materials_incomplete(other, actor=world.police_officer, missing="检验报告原件", now=T0 + timedelta(hours=2))
    assert clock(other, "POL_MATERIALS_NOTICE").display().label == "已完成"
    cure = clock(other, "AGY_MATERIALS_CURE")
    assert cure.display().label == "待送达" and cure.due_at is None  # 自收到补正通知起算
    services.receive_notice(other, actor=world.market_officer, rule_id="AGY_MATERIALS_CURE", now=T0 + timedelta(hours=3))
    cure = clock(other, "AGY_MATERIALS_CURE")
    assert cure.holder_agency == world.market and cure.due_at == datetime(2025, 10, 9, 23, 59, 59, tzinfo=TZ)
    with pytest.raises(DomainError, match="不得以移送材料不全为由不予立案"):
        services.decide_filing(other, actor=world.police_officer, approver=world.police_head, file=False, reason="materials", detail="材料不全",
                               materials_returned=True)
    services.cure_materials(other, actor=world.market_officer, note="已补交检验报告原件", now=T0 + timedelta(days=1))
    assert clock(other, "AGY_MATERIALS_CURE").display().label == "已完成"


def ready_transfer_for_new_case(world):
    from liangfa.cases.models import PenaltyCase
    from liangfa.testing import load, record

    load(world.market, [record(**{"行政处罚决定书文号": "测市监罚〔2025〕99号"})])
    case = PenaltyCase.objects.get(decision_no="测市监罚〔2025〕99号")
    transfer = services.draft_transfer(case, actor=world.market_officer, team=[world.market_officer2],
                                       suspected_crime="销售伪劣产品罪", report="报告", now=T0)
    package.generate_document(transfer, actor=world.market_officer, kind="transfer_letter", now=T0)
    package.attach_document(transfer, actor=world.market_officer, kind="investigation_report", now=T0,
                            upload=SimpleUploadedFile("r.docx", b"r"))
    package.add_item(transfer, actor=world.market_officer, name="无", quantity="—", now=T0)
    package.generate_document(transfer, actor=world.market_officer, kind="item_list", now=T0)
    services.submit_report(transfer, actor=world.market_officer, now=T0)
    services.approve_transfer(transfer, actor=world.market_head, now=T0)
    services.deliver_transfer(transfer, actor=world.market_officer, now=T0)
    return transfer


def test_rule5_decision_in_3_days_with_approved_extensions_only(world):
    start = datetime(2025, 3, 3, 9, 0, tzinfo=TZ)
    transfer = ready_transfer(world, now=start, until="accepted")
    decide = clock(transfer, "POL_DECIDE")
    assert decide.due_at == datetime(2025, 3, 6, 23, 59, 59, tzinfo=TZ)
    with pytest.raises(DomainError, match="须经县级以上公安机关负责人批准"):
        services.extend_decision(transfer, actor=world.police_officer, extension="EXT_30", approver="何局长",
                                 level="大队长", now=start)
    with pytest.raises(DomainError, match="须在“30日"):
        services.extend_decision(transfer, actor=world.police_officer, extension="EXT_PLUS_30", approver="某",
                                 level="上一级公安机关负责人", now=start)
    services.extend_decision(transfer, actor=world.police_officer, extension="EXT_30", approver="何局长",
                             level="县级以上公安机关负责人", now=start)
    assert clock(transfer, "POL_DECIDE").due_at == datetime(2025, 4, 2, 23, 59, 59, tzinfo=TZ)
    with pytest.raises(DomainError, match="必须写明理由"):
        services.decide_filing(transfer, actor=world.police_officer, approver=world.police_head, file=False, reason="no_crime", detail="",
                               materials_returned=True)
    with pytest.raises(DomainError, match="退回移送机关"):
        services.decide_filing(transfer, actor=world.police_officer, approver=world.police_head, file=False, reason="no_crime", detail="无证据",
                               materials_returned=False)
    with pytest.raises(PermissionDenied):
        services.decide_filing(transfer, actor=world.market_officer, approver=world.police_head, file=True, case_no="x")
    services.decide_filing(transfer, actor=world.police_officer, approver=world.police_head, file=False, reason="trivial", detail="销售金额未达标准",
                           materials_returned=True, now=start + timedelta(days=5))
    transfer.refresh_from_db()
    assert transfer.status == "not_filed" and transfer.materials_returned_at is not None
    assert clock(transfer, "POL_DECIDE").display().label == "已完成"
    assert transfer.documents.filter(kind="non_filing_notice").exists()


def test_rule6_challenge_windows(world):
    start = datetime(2025, 3, 3, 9, 0, tzinfo=TZ)
    transfer = ready_transfer(world, now=start, until="accepted")
    services.decide_filing(transfer, actor=world.police_officer, approver=world.police_head, file=False, reason="no_crime", detail="无犯罪事实",
                           materials_returned=True, now=start)
    assert clock(transfer, "AGY_RECONSIDER_REQUEST").display().label == "待送达"
    services.receive_notice(transfer, actor=world.market_officer, rule_id="AGY_RECONSIDER_REQUEST", now=start)
    window = clock(transfer, "AGY_RECONSIDER_REQUEST")
    assert window.due_at == datetime(2025, 3, 6, 23, 59, 59, tzinfo=TZ)
    with pytest.raises(DomainError, match="提请复议的期限（三日）已于 2025-03-06 23:59 届满"):
        services.request_reconsideration(transfer, actor=world.market_officer, grounds="有证据",
                                         now=datetime(2025, 3, 7, 8, 0, tzinfo=TZ))
    services.request_reconsideration(transfer, actor=world.market_officer, grounds="销售金额有票据证明", now=start)
    services.receive_notice(transfer, actor=world.police_officer, rule_id="POL_RECONSIDER_DECIDE", now=start)
    assert clock(transfer, "POL_RECONSIDER_DECIDE").due_at == datetime(2025, 3, 6, 23, 59, 59, tzinfo=TZ)
    services.decide_reconsideration(transfer, actor=world.police_officer, approver=world.police_head, file=False, reasons="维持", now=start)
    services.receive_notice(transfer, actor=world.market_officer, rule_id="AGY_SUPERVISION_REQUEST", how="post",
                            received_at=start, now=start + timedelta(days=1))  # a paper 复议决定通知书, dated by the agency
    supervision = clock(transfer, "AGY_SUPERVISION_REQUEST")
    assert supervision.due_at == datetime(2025, 3, 6, 23, 59, 59, tzinfo=TZ)
    late = datetime(2025, 3, 10, 9, 0, tzinfo=TZ)
    services.request_supervision(transfer, actor=world.market_officer, grounds="请求监督", now=late)  # late, accepted
    supervision.refresh_from_db()
    assert supervision.display().label == "逾期完成"
    assert Transfer.objects.get(pk=transfer.pk).status == "supervision_requested"


def test_rule7_handover_within_3_days_after_filing(world):
    start = datetime(2025, 3, 3, 9, 0, tzinfo=TZ)
    transfer = ready_transfer(world, now=start, until="accepted")
    services.decide_filing(transfer, actor=world.police_officer, approver=world.police_head, file=True, case_no="焦公刑立字〔2025〕12号", now=start)
    handover = clock(transfer, "AGY_HANDOVER")
    assert handover.holder_agency == world.market and handover.display().label == "待送达"
    services.hand_over_items(transfer, actor=world.market_officer, receiver="郭法制", now=start + timedelta(days=1))
    assert clock(transfer, "AGY_HANDOVER").display().label == "已完成"
    assert transfer.items.filter(handed_over_at__isnull=True).count() == 0
    assert transfer.documents.filter(kind="handover_list").exists()
    services.record_stage(transfer, actor=world.police_officer, stage="arrest", day=start.date(), now=start)
    with pytest.raises(PermissionDenied, match="由人民检察院登记"):
        services.record_stage(transfer, actor=world.police_officer, stage="indictment", day=start.date())
    services.record_stage(transfer, actor=world.prosecutor, stage="indictment", day=start.date(), now=start)
    page = world.client(world.market_officer).get(f"/cases/{transfer.case_id}/").content.decode()
    assert "移送：决定立案" in page and "刑事诉讼：提起公诉" in page


def test_team_needs_two_officers_and_a_transferred_case_takes_no_new_fine(world):
    from liangfa.cases.models import PenaltyCase
    from liangfa.testing import load, record

    load(world.market, [record(**{"罚款金额（万元）": ""})])
    case = PenaltyCase.objects.get()
    with pytest.raises(DomainError, match="至少需要两名本机关执法人员"):
        services.draft_transfer(case, actor=world.market_officer, team=[], suspected_crime="x", report="y")
    transfer = ready_transfer_for_new_case(world)
    result = load(world.market, [record(**{"行政处罚决定书文号": "测市监罚〔2025〕99号", "罚款金额（万元）": "9"})])
    assert result.rejected[0]["error"].startswith("案件正由公安机关或司法机关办理，暂不得再处以罚款")
    assert transfer.case.fine_amount == PenaltyCase.objects.get(pk=transfer.case_id).fine_amount


def test_a_step_cannot_be_dated_before_the_one_it_follows(world):
    transfer = ready_transfer(world, now=T0, until="delivered")
    with pytest.raises(DomainError, match="早于上一步"):
        services.sign_receipt(transfer, actor=world.police_officer, now=T0 - timedelta(hours=1))
    transfer.refresh_from_db()
    assert transfer.status == "delivered" and not transfer.events.filter(to_status="accepted").exists()
    services.sign_receipt(transfer, actor=world.police_officer, now=T0 + timedelta(hours=1))
    assert clock(transfer, "POL_DECIDE").started_at == T0 + timedelta(hours=1)
    page = world.client(world.market_officer).get(f"/transfers/{transfer.pk}/").content.decode()
    assert "52,120.00 元" in page  # the fine already imposed (折抵), as officials write amounts


def test_a_draft_is_withdrawn_with_its_reason_and_the_case_can_be_transferred_again(world):
    transfer = ready_transfer(world, now=T0, until="draft")
    client = world.client(world.market_officer)
    refused = client.post(f"/transfers/{transfer.pk}/act/withdraw/", {"reason": ""}, follow=True).content.decode()
    assert "撤回移送草稿须写明理由" in refused
    done = client.post(f"/transfers/{transfer.pk}/act/withdraw/", {"reason": "证据尚需补充，暂不移送"}, follow=True)
    assert "已撤回" in done.content.decode()
    transfer.refresh_from_db()
    assert transfer.status == "withdrawn" and transfer.events.get(code="withdraw").note == "证据尚需补充，暂不移送"
    services.draft_transfer(transfer.case, actor=world.market_officer, team=[world.market_officer2],
                            suspected_crime="生产、销售伪劣产品罪", report="补充证据后重新移送", now=T0 + timedelta(days=1))
