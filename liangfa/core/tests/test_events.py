"""Timelines are keyed by codes; what a person reads is the code's label."""

from datetime import datetime, timedelta

from liangfa.clock.rules import TZ
from liangfa.cooperation import services as cooperation
from liangfa.core.models import AuditEntry
from liangfa.reports.services import build_bulletin, parse_period
from liangfa.supervision import services as supervision
from liangfa.testing import ready_transfer

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=TZ)


def test_a_transfer_step_records_its_code_and_both_statuses(world):
    transfer = ready_transfer(world, now=T0, until="approved")
    approve = transfer.events.get(code="approve")
    assert (approve.from_status, approve.to_status, approve.label) == ("pending_approval", "approved", "负责人批准移送")
    assert (approve.actor, approve.agency) == (world.market_head, world.market)
    assert AuditEntry.objects.filter(action="transfer.approve", object_id=str(transfer.pk)).count() == 1
    page = world.client(world.market_officer).get(f"/transfers/{transfer.pk}/").content.decode()
    assert "负责人批准移送" in page


def test_the_bulletin_counts_supervision_by_code_and_the_transfer_shows_the_step(world):
    transfer = ready_transfer(world, now=T0, until="accepted")
    from liangfa.transfers import services as transfers

    transfers.decide_filing(transfer, actor=world.police_officer, approver=world.police_head, file=False, reason="no_crime", detail="未达标准",
                            materials_returned=True, now=T0 + timedelta(days=1))
    sup = supervision.request_reasons(actor=world.prosecutor, police=world.police, subject="恒信公司案",
                                      grounds="销售金额达到追诉标准", transfer=transfer, now=T0 + timedelta(days=2))
    assert sup.events.get().code == "request_reasons"
    on_transfer = transfer.events.get(code="supervision")
    assert on_transfer.label == "检察院立案监督" and on_transfer.note.startswith("发出要求说明不立案理由通知书")
    figures = build_bulletin(world.prosecutor, parse_period("2025Q1"))
    assert figures["totals"]["supervisions"] == 1


def test_a_consultation_is_on_its_case_timeline(world):
    transfer = ready_transfer(world, now=T0, until="draft")
    item = cooperation.ask(actor=world.market_officer, to_agency=world.police, topic="crime",
                           question="销售金额是否达到追诉标准？", case=transfer.case, now=T0)
    cooperation.answer(item, actor=world.police_officer, text="已达到，建议移送。", now=T0 + timedelta(hours=2))
    page = world.client(world.market_officer).get(f"/cases/{transfer.case_id}/").content.decode()
    assert "协作：提出案件咨询" in page and "协作：答复案件咨询" in page and "已达到，建议移送。" in page
