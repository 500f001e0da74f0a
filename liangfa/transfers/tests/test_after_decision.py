"""After the police decide, and who decides: each test cites the article it enforces."""

from datetime import datetime, timedelta

import pytest

from liangfa.agencies import services as agency_services
from liangfa.cases.models import PenaltyCase
from liangfa.clock.rules import TZ
from liangfa.core.errors import DomainError, PermissionDenied
from liangfa.testing import PASSWORD, load, ready_transfer, record
from liangfa.transfers import services
from liangfa.transfers.models import Transfer

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=TZ)
NEW_FINE = {"罚款金额（万元）": "8"}


def _not_filed(world):
    transfer = ready_transfer(world, now=T0, until="accepted")
    services.decide_filing(transfer, actor=world.police_officer, approver=world.police_head, file=False,
                           reason="trivial", detail="情节显著轻微", materials_returned=True, now=T0 + timedelta(hours=2))
    return Transfer.objects.get(pk=transfer.pk)


def test_r310_art10_the_agency_fines_after_the_police_decline_and_the_offset_stays(world):
    """R310 第十条: after 不予立案 the agency deals with the case and imposes the penalty; 《行政处罚法》
    第三十五条第二款 bars a new fine only while a 罚金 may still follow (the case with the police or court)."""
    transfer = _not_filed(world)
    assert transfer.fine_offset == PenaltyCase.objects.get(pk=transfer.case_id).fine_amount
    result = load(world.market, [record(**NEW_FINE)], skip_invalid=True)
    assert result.rejected == [] and result.updated == 1
    case = PenaltyCase.objects.get(pk=transfer.case_id)
    assert case.fine_amount == 80000
    page = world.client(world.market_officer).get(f"/transfers/{transfer.pk}/").content.decode()
    assert "52,120.00 元" in page and "第十条" in page  # the fine paid before transfer stays on record


def test_r310_art10_no_new_fine_while_the_police_hold_it_again_after_reconsideration(world):
    """Taken up again by a 复议决定立案 (R310 第九条): no new fine meanwhile; the fine imposed after
    不予立案 is recorded for 折抵 of a later 罚金 (《行政处罚法》第三十五条第二款)."""
    transfer = _not_filed(world)
    load(world.market, [record(**NEW_FINE)])
    services.request_reconsideration(transfer, actor=world.market_officer, grounds="有账册", now=T0 + timedelta(hours=3))
    services.decide_reconsideration(transfer, actor=world.police_officer, approver=world.police_head, file=True,
                                    reasons="账册证明销售金额", case_no="测公(经)立字〔2025〕9号", now=T0 + timedelta(hours=4))
    transfer.refresh_from_db()
    assert transfer.status == "filed" and transfer.fine_offset == 80000
    result = load(world.market, [record(**{"罚款金额（万元）": "9"})], skip_invalid=True)
    assert "暂不得再处以罚款" in result.rejected[0]["error"]


def test_r310_art5_only_the_principal_approves_a_transfer(world):
    """R310 第五条: 正职负责人或者主持工作的负责人, not any 负责人."""
    deputy = agency_services.create_user(actor=world.admin, username="m_deputy", password=PASSWORD,
                                         agency=world.market, roles=["head"], full_name="副局长")
    transfer = ready_transfer(world, now=T0, until="pending_approval")
    with pytest.raises(PermissionDenied, match="须由机关负责人批准"):
        services.approve_transfer(transfer, actor=deputy, now=T0)
    page = world.client(deputy).get(f"/transfers/{transfer.pk}/").content.decode()
    assert 'id="approve"' not in page and "正职负责人 m_head" in page
    admin = world.client(world.admin)
    admin.post(f"/agencies/{world.market.code}/", {"form": "principal", "principal": deputy.pk})
    world.market.refresh_from_db()
    assert world.market.principal == deputy  # 主持工作的负责人 while the 正职 is away
    services.approve_transfer(transfer, actor=deputy, now=T0 + timedelta(hours=1))
    assert Transfer.objects.get(pk=transfer.pk).status == "approved"
    refused = admin.post(f"/agencies/{world.market.code}/", {"form": "principal", "principal": world.market_officer.pk},
                         follow=True).content.decode()
    assert "正职负责人须是测试市市场监督管理局在岗的负责人" in refused


def test_procedure_rules_art178_the_officer_proposes_and_the_head_approves_filing(world):
    """《公安机关办理刑事案件程序规定》第一百七十八条: 立案 经县级以上公安机关负责人批准 — two steps."""
    transfer = ready_transfer(world, now=T0, until="accepted")
    officer, head = world.client(world.police_officer), world.client(world.police_head)
    url = f"/transfers/{transfer.pk}/act/"
    missing = officer.post(url + "file/", {"case_no": ""})
    assert missing.status_code == 400 and "决定立案须填写刑事案件编号" in missing.content.decode()
    officer.post(url + "file/", {"case_no": "测公(经)立字〔2025〕12号"})
    transfer.refresh_from_db()
    assert transfer.status == "accepted"  # proposed, not decided
    with pytest.raises(PermissionDenied, match="县级以上公安机关负责人"):
        services.approve_proposal(transfer, actor=world.police_officer)
    page = head.get(f"/transfers/{transfer.pk}/").content.decode()
    assert "待负责人审批的呈请" in page and "测公(经)立字〔2025〕12号" in page and "第一百七十八条" in page
    unconfirmed = head.post(url + "approve_decision/", {})
    assert "请勾选确认" in unconfirmed.content.decode()
    assert Transfer.objects.get(pk=transfer.pk).status == "accepted"
    head.post(url + "approve_decision/", {"confirmed": "1"})
    transfer.refresh_from_db()
    assert transfer.status == "filed" and transfer.criminal_case_no == "测公(经)立字〔2025〕12号"
    codes = list(transfer.events.values_list("code", "actor_name"))
    assert ("propose", "p_officer") in codes and ("file", "p_head") in codes
    timeline = world.client(world.market_officer).get(f"/transfers/{transfer.pk}/").content.decode()
    assert "民警呈请负责人审批" in timeline and "经p_head批准" in timeline


def test_procedure_rules_art178_a_returned_proposal_keeps_the_case_open(world):
    transfer = ready_transfer(world, now=T0, until="accepted")
    services.propose_decision(transfer, actor=world.police_officer, kind="not_file", now=T0,
                              data={"reason": "no_crime", "detail": "无证据", "materials_returned": True})
    with pytest.raises(DomainError, match="已有待负责人审批的呈请"):
        services.propose_decision(transfer, actor=world.police_officer, kind="file", data={"case_no": "1"})
    with pytest.raises(DomainError, match="退回呈请须写明理由"):
        services.return_proposal(transfer, actor=world.police_head, reason=" ")
    services.return_proposal(transfer, actor=world.police_head, reason="销售金额有发票证明，再审查", now=T0)
    transfer.refresh_from_db()
    assert transfer.status == "accepted" and transfer.events.filter(code="proposal_return").exists()
    services.propose_decision(transfer, actor=world.police_officer, kind="file", data={"case_no": "测公立〔2025〕3号"})


def test_procedure_rules_art175_forwarding_is_approved_by_the_head(world):
    """第一百七十五条: 不属于自己管辖的，报经县级以上公安机关负责人批准 … 移送有管辖权的机关."""
    transfer = ready_transfer(world, now=T0, until="delivered")
    services.propose_decision(transfer, actor=world.police_officer, kind="forward", now=T0 + timedelta(hours=1),
                              data={"organ": "测试海关缉私分局", "notice": "走私案件由海关缉私部门管辖"})
    assert Transfer.objects.get(pk=transfer.pk).status == "delivered"
    services.approve_proposal(transfer, actor=world.police_head, now=T0 + timedelta(hours=2))
    transfer.refresh_from_db()
    assert transfer.status == "forwarded" and transfer.forwarded_to == "测试海关缉私分局"
