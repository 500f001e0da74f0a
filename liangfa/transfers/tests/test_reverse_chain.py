"""The reverse path, chained: 不起诉 → 检察意见 approved by the 检察长 → sent with the 不起诉决定书 → the agency's
case (《刑事诉讼法》第一百七十七条第三款, 《人民检察院刑事诉讼规则》第三百七十三条)."""

from datetime import datetime, timedelta

import pytest

from liangfa.clock.models import Deadline
from liangfa.clock.rules import TZ
from liangfa.core.errors import DomainError, PermissionDenied
from liangfa.testing import PASSWORD, load, ready_transfer, record
from liangfa.transfers.reverse import approve_reverse, reply_reverse, send_reverse

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=TZ)


def make_chief(world):
    from liangfa.agencies.services import create_user

    return create_user(actor=world.admin, username="chief", password=PASSWORD, agency=world.procuratorate,
                       roles=["prosecutor", "head"], full_name="检察长")


def _draft(world, transfer, **kwargs):
    fields = {"non_prosecution_no": "测检不诉〔2025〕3号", "non_prosecution_kind": "discretionary"} | kwargs
    return send_reverse(actor=world.prosecutor, source="non_prosecution", to_agency=world.market,
                        party_name=transfer.case.party_name, summary="决定不起诉，建议给予行政处罚",
                        document_no="测检行意〔2025〕3号", transfer=transfer, now=T0, **fields)


def test_the_opinion_needs_the_non_prosecution_decision(world):
    transfer = ready_transfer(world, now=T0, until="accepted")
    with pytest.raises(DomainError, match="不起诉决定书文号"):
        _draft(world, transfer, non_prosecution_no="")
    with pytest.raises(DomainError, match="第三百七十三条"):
        _draft(world, transfer, non_prosecution_kind="")


def test_chief_approves_then_the_agency_sees_it_and_answers_with_its_case(world):
    transfer = ready_transfer(world, now=T0, until="accepted")
    reverse = _draft(world, transfer)
    agency = world.client(world.market_officer)
    assert agency.get(f"/transfers/reverse/{reverse.pk}/").status_code == 404  # a draft stays in the procuratorate
    assert not Deadline.objects.filter(rule_id="AGY_REVERSE_REPLY", object_id=reverse.pk).exists()
    with pytest.raises(PermissionDenied, match="检察长"):
        approve_reverse(reverse, actor=world.prosecutor, now=T0)
    chief = make_chief(world)
    page = world.client(chief).get(f"/transfers/reverse/{reverse.pk}/").content.decode()
    assert "检察意见待检察长批准" in page and 'id="approve-reverse"' in page
    assert 'id="approve-reverse"' not in world.client(world.prosecutor).get(
        f"/transfers/reverse/{reverse.pk}/").content.decode()
    world.client(chief).post(f"/transfers/reverse/{reverse.pk}/", {"approve": "1"})
    reverse.refresh_from_db()
    assert reverse.get_status_display() == "待行政机关处理" and reverse.approved_by == chief
    deadline = Deadline.objects.get(rule_id="AGY_REVERSE_REPLY", object_id=reverse.pk)
    assert "第一百七十七条第三款" in deadline.citation
    seen = agency.get(f"/transfers/reverse/{reverse.pk}/").content.decode()
    assert "测检不诉〔2025〕3号" in seen and "酌定不起诉" in seen and "检察长" in seen
    assert "及时" in seen and "本地实务" in seen  # the 2个月 is local practice, the law says 及时
    letter = transfer.documents.get(kind="prosecutorial_opinion")
    assert letter.title == "检察意见书"
    # the agency answers with the administrative case it decided: linked by its 决定书文号
    load(world.market, [record(**{"行政处罚决定书文号": "测市监罚〔2025〕77号"})])
    reply_reverse(reverse, actor=world.market_officer, result="已作出行政处罚：罚款二万元", decision_no="测市监罚〔2025〕77号",
                  now=T0 + timedelta(days=10))
    reverse.refresh_from_db()
    assert reverse.reply_case.decision_no == "测市监罚〔2025〕77号"
    seen = agency.get(f"/transfers/reverse/{reverse.pk}/").content.decode()
    assert f'href="/cases/{reverse.reply_case_id}/"' in seen
    timeline = [e.get_code_display() for e in transfer.events.all()]
    assert "反向移送行政机关处理" in timeline and "行政机关回复反向移送处理结果" in timeline
    note = transfer.events.get(code="reverse_send").note
    assert "测检不诉〔2025〕3号" in note


def test_police_reverse_transfers_go_once_a_police_head_approves(world):
    """Issue 17: the 民警 proposes, a 县级以上公安机关负责人 approves (《公安机关办理刑事案件程序规定》第一百八十七条)."""
    reverse = send_reverse(actor=world.police_officer, source="police_no_crime", to_agency=world.market,
                           party_name="某", summary="撤案，不构成犯罪但应予行政处罚", now=T0)
    assert reverse.get_status_display() == "民警呈请，待县级以上公安机关负责人批准"
    assert not Deadline.objects.filter(rule_id="AGY_REVERSE_REPLY", object_id=reverse.pk).exists()
    approve_reverse(reverse, actor=world.police_head, now=T0)
    assert Deadline.objects.filter(rule_id="AGY_REVERSE_REPLY", object_id=reverse.pk).exists()


def test_from_the_recorded_outcome_to_the_opinion_form(world):
    """On a transfer: 不起诉 (by the procuratorate) or 撤案 (by the police) offers the 反向 path, prefilled."""
    from datetime import date

    from liangfa.transfers import services

    transfer = ready_transfer(world, now=T0, until="accepted")
    services.decide_filing(transfer, actor=world.police_officer, approver=world.police_head, file=True, case_no="A4108000000002025030001",
                           now=T0 + timedelta(days=1))
    prosecutor = world.client(world.prosecutor)
    assert 'id="start-reverse"' not in prosecutor.get(f"/transfers/{transfer.pk}/").content.decode()
    services.record_stage(transfer, actor=world.prosecutor, stage="non_prosecution", day=date(2025, 3, 20),
                          document_no="测检刑不诉〔2025〕5号", now=T0 + timedelta(days=17))
    page = prosecutor.get(f"/transfers/{transfer.pk}/").content.decode()
    assert 'id="start-reverse"' in page and "第一百七十七条第三款" in page
    form = prosecutor.get(f"/transfers/reverse/new/?transfer={transfer.pk}").content.decode()
    assert 'value="测检刑不诉〔2025〕5号"' in form and transfer.case.party_name in form and "不起诉种类" in form
    assert 'id="start-reverse"' not in world.client(world.market_officer).get(
        f"/transfers/{transfer.pk}/").content.decode()


def test_police_record_case_withdrawn_and_may_send_it_back(world):
    from datetime import date

    from liangfa.transfers import services

    transfer = ready_transfer(world, now=T0, until="accepted")
    services.decide_filing(transfer, actor=world.police_officer, approver=world.police_head, file=True, case_no="A4108000000002025030002",
                           now=T0 + timedelta(days=1))
    services.withdraw_case(transfer, actor=world.police_officer, approver=world.police_head, ground="no_crime",
                           reasons="经侦查没有犯罪事实", now=T0 + timedelta(days=7))
    page = world.client(world.police_officer).get(f"/transfers/{transfer.pk}/").content.decode()
    assert "撤销案件" in page and 'id="start-reverse"' in page and "第十三条" in page
    with pytest.raises(DomainError):  # 撤案 is the police's to record, not the procuratorate's
        services.record_stage(transfer, actor=world.prosecutor, stage="case_withdrawn", day=date(2025, 3, 10))


def test_bulletin_counts_sent_opinions_and_answers_not_drafts(world):
    from liangfa.reports.services import build_bulletin, parse_period

    transfer = ready_transfer(world, now=T0, until="accepted")
    draft = _draft(world, transfer)
    totals = build_bulletin(world.prosecutor, parse_period("2025年3月"))["totals"]
    assert totals["reverse"] == 0  # a draft awaiting the 检察长 was not sent
    approve_reverse(draft, actor=make_chief(world), now=T0 + timedelta(days=1))
    reply_reverse(draft, actor=world.market_officer, result="已处罚", decision_no="x", now=T0 + timedelta(days=5))
    totals = build_bulletin(world.prosecutor, parse_period("2025年3月"))["totals"]
    assert totals["reverse"] == 1 and totals["reverse_replied"] == 1
