from datetime import date, datetime

import pytest

from liangfa.cases.models import PenaltyCase
from liangfa.cases.timeline import case_timeline
from liangfa.clock.rules import TZ
from liangfa.core.errors import DomainError, PermissionDenied
from liangfa.meetings import conference, evidence, library, training
from liangfa.meetings.models import EvidenceStandard
from liangfa.meetings.tests.builders import HELD
from liangfa.testing import load, ready_transfer, record

pytestmark = pytest.mark.django_db
NOW = datetime(2025, 6, 3, 10, 0, tzinfo=TZ)


def test_a_conference_collects_each_organs_opinion_and_shows_on_the_case_timeline(world):
    load(world.market, [record()])
    case = PenaltyCase.objects.get()
    item = conference.request_conference(actor=world.market_officer, topic="crime", question="销售金额是否达到追诉标准？",
                                         participants=[world.police, world.procuratorate, world.tax], case=case, now=NOW)
    assert set(item.participants.all()) == {world.market, world.police, world.procuratorate, world.tax}
    conference.give_opinion(item, actor=world.police_officer, text="已达到，可以立案", now=NOW)
    with pytest.raises(DomainError, match="尚未发表意见"):
        conference.conclude(item, actor=world.market_officer, agreed=True, text="一致", now=NOW)
    with pytest.raises(PermissionDenied):
        conference.give_opinion(item, actor=world.county_officer, text="x", now=NOW)
    for person, text in ((world.market_officer, "同意移送"), (world.prosecutor, "证据需补强"), (world.tax_officer, "无意见")):
        conference.give_opinion(item, actor=person, text=text, now=NOW)
    with pytest.raises(PermissionDenied, match="提请研讨机关"):
        conference.conclude(item, actor=world.police_officer, agreed=False, text="分歧", now=NOW)
    conference.conclude(item, actor=world.market_officer, agreed=False, text="检察院认为须补充检验报告", now=NOW)
    item.refresh_from_db()
    assert item.get_status_display() == "未形成一致意见（分歧已记录）"
    whats = [row["what"] for row in case_timeline(case)]
    assert "研讨：提请重大案件研讨" in whats and "研讨：研讨未形成一致意见" in whats
    assert conference.conference_steps_for_transfer  # the lead wires it into the transfer page


def test_a_conference_on_a_transfer_links_its_case(world):
    transfer = ready_transfer(world, now=NOW, until="delivered")
    item = conference.request_conference(actor=world.police_officer, topic="jurisdiction", question="管辖？",
                                         participants=[world.market], transfer=transfer, now=NOW)
    assert item.case == transfer.case
    assert [r["what"] for r in conference.conference_steps_for_transfer(transfer)] == ["研讨：提请重大案件研讨"]
    with pytest.raises(DomainError, match="至少邀请一个其他机关"):
        conference.request_conference(actor=world.police_officer, topic="crime", question="?", participants=[],
                                      transfer=transfer, now=NOW)


def test_required_evidence_reads_the_agreed_library_with_the_three_tiers(world):
    with pytest.raises(PermissionDenied, match="检察官或管理员"):
        evidence.add_standard(actor=world.market_officer, crime_key="taoshui", stage="transfer", evidence="x",
                              form="y", kind="documentary", basis="z", now=NOW)
    assert evidence.load_standards(actor=world.prosecutor, now=NOW) > 10
    lines = evidence.required_evidence("生产、销售伪劣产品罪", "transfer")
    assert [r.evidence for r in lines][:2] == ["涉案产品实物或照片、抽样记录", "产品质量检验报告"]
    report = next(r for r in lines if r.kind == "test_report")
    assert report.tier_label == "需程序审查" and "第六十三条" in report.tier_basis
    assert evidence.required_evidence("weilie_chanpin", "transfer") == lines
    assert evidence.required_evidence("不存在的罪", "transfer") == []
    missing = evidence.missing_for_stage("weilie_chanpin", "transfer", ["physical", "documentary"])
    assert len(missing) == 2 and missing[0].startswith("产品质量检验报告")
    with pytest.raises(DomainError, match="不在立案追诉标准中"):
        evidence.add_standard(actor=world.prosecutor, crime_key="nope", stage="transfer", evidence="x", form="y",
                              kind="documentary", basis="z", now=NOW)
    first = evidence.required_evidence("taoshui", "indictment")
    evidence.retire_standard(EvidenceStandard.objects.get(crime_key="taoshui", stage="indictment"),
                             actor=world.prosecutor, reason="已被新标准替代", now=NOW)
    assert len(first) == 1 and evidence.required_evidence("taoshui", "indictment") == []


def test_training_attendance_and_test_score(world):
    questions = training.parse_questions("移送时限是几日？｜三日｜七日｜2\n证据转化分几层？｜二｜三｜2")
    with pytest.raises(DomainError, match="第1行格式"):
        training.parse_questions("没有选项")
    session = training.hold_training(actor=world.prosecutor, kind="seminar", title="证据转化专题研讨",
                                     held_on=date(2025, 6, 2), attendees=[world.market_officer, world.police_officer],
                                     questions=questions, now=NOW)
    with pytest.raises(PermissionDenied, match="参训人员"):
        training.take_test(session, actor=world.tax_officer, answers=[1, 1], now=NOW)
    with pytest.raises(DomainError, match="全部"):
        training.take_test(session, actor=world.market_officer, answers=[1], now=NOW)
    row = training.take_test(session, actor=world.market_officer, answers=[1, 0], now=NOW)
    assert row.score == 50
    with pytest.raises(DomainError, match="已于"):
        training.take_test(session, actor=world.market_officer, answers=[1, 1], now=NOW)
    figures = training.year_figures(world.procuratorate.pk, 2025)
    assert figures["held"] == 1 and figures["seminars"] == 1
    assert training.year_figures(world.market.pk, 2025)["average"] == 50


def test_the_case_library_takes_only_closed_transfers_redacted(world):
    transfer = ready_transfer(world, now=HELD, until="accepted")
    with pytest.raises(DomainError, match="已办结"):
        library.add_typical_case(transfer, actor=world.market_head, title="t", lesson="l", now=NOW)
    transfer.stages.create(stage="judgment", date=date(2025, 12, 1), note="有期徒刑一年", recorded_by=world.prosecutor,
                           recorded_at=NOW)
    with pytest.raises(PermissionDenied):
        library.add_typical_case(transfer, actor=world.market_officer, title="t", lesson="l", now=NOW)
    item = library.add_typical_case(transfer, actor=world.market_head, title="焦作市恒信食品有限公司以次充好案",
                                    lesson="销售金额应以实际销售计，不以罚代刑", now=NOW)
    assert item.title == "焦某公司以次充好案" and "恒信" not in item.facts + item.outcome + item.lesson
    assert item.crime_key == "weilie_chanpin" and "判决" in item.outcome
    assert list(library.search(crime="生产、销售伪劣产品罪")) == [item]
    assert list(library.search(q="以次充好")) == [item] and not library.search(q="走私").exists()


def test_redact_masks_identifiers_and_names():
    text = library.redact("张三（身份证410802199001011234，电话13912345678）代表91430923745919951M公司", ["张三"])
    assert text == "张某（身份证[身份证号]，电话[手机号]）代表[统一社会信用代码]公司"


def test_the_transfer_package_check_reads_the_agreed_standards(world):
    """Issue 21: the standards agreed with 检法 show in the package check before the head approves (advice: they
    are local agreements and do not bar 移送 as R310 第六条's materials do)."""
    from liangfa.testing import ready_transfer

    transfer = ready_transfer(world, now=NOW, until="pending_approval")
    page = world.client(world.market_head).get(f"/transfers/{transfer.pk}/").content.decode()
    assert 'id="agreed-evidence-missing"' not in page  # nothing agreed yet
    evidence.load_standards(actor=world.prosecutor, now=NOW)
    page = world.client(world.market_head).get(f"/transfers/{transfer.pk}/").content.decode()
    assert 'id="agreed-evidence-missing"' in page and "产品质量检验报告" in page
    assert 'id="approve"' in page  # advice, not a bar
