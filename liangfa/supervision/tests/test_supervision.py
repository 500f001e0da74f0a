"""立案监督 clocks with frozen time, delay inquiries, 检察意见, read grants."""

from datetime import date, datetime, timedelta

import pytest
import time_machine

from liangfa.clock.models import Deadline
from liangfa.clock.rules import TZ
from liangfa.core.errors import DomainError, PermissionDenied
from liangfa.desk.tests.test_worklist import todo
from liangfa.supervision import services
from liangfa.testing import load, ready_transfer, record

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=TZ)


def clock(subject, rule):
    return Deadline.objects.get(object_id=subject.pk, content_type__model=subject._meta.model_name, rule_id=rule)


def make_chief(world):
    from liangfa.agencies.services import create_user

    return create_user(actor=world.admin, username="chief", password="x-pass-2026", agency=world.procuratorate,
                       roles=["prosecutor", "head"], full_name="检察长")


def test_supervision_clocks_from_receipt_to_urge(world):
    """刑诉规则第五百六十条、五百六十一条、五百六十三条、五百六十四条: periods from receipt, 检察长 decides 通知立案."""
    chief = make_chief(world)
    with pytest.raises(PermissionDenied):
        services.request_reasons(actor=world.market_officer, police=world.police, subject="x", grounds="y")
    sup = services.request_reasons(actor=world.prosecutor, police=world.police, subject="某公司涉嫌销售伪劣产品",
                                   grounds="销售金额已达追诉标准", now=T0)
    explain = clock(sup, "POL_EXPLAIN_NONFILING")
    assert explain.due_at is None and explain.display().label == "待送达" and "第五百六十条" in explain.citation
    assert sup.documents.get().title == "要求说明不立案理由通知书"
    services.record_service(sup, actor=world.police_officer, now=T0 + timedelta(days=1))  # signed Tuesday 03-04
    assert clock(sup, "POL_EXPLAIN_NONFILING").due_at == datetime(2025, 3, 11, 23, 59, 59, tzinfo=TZ)
    services.answer_reasons(sup, actor=world.police_officer, reasons="情节显著轻微", now=T0 + timedelta(days=2))
    assert clock(sup, "POL_EXPLAIN_NONFILING").display().label == "已完成"
    with pytest.raises(DomainError, match="审查意见"):
        services.propose_filing(sup, actor=world.prosecutor, assessment=" ", now=T0 + timedelta(days=3))
    sup = services.propose_filing(sup, actor=world.prosecutor, assessment="销售金额有账册证明", now=T0 + timedelta(days=3))
    assert sup.get_status_display() == "通知立案待检察长批准"
    with pytest.raises(PermissionDenied, match="检察长"):  # the 检察官 drafts, only the 检察长 decides
        services.approve_filing(sup, actor=world.prosecutor, now=T0 + timedelta(days=3))
    services.approve_filing(sup, actor=chief, now=T0 + timedelta(days=3))
    codes = list(sup.events.values_list("code", flat=True))
    assert codes[-2:] == ["propose_filing", "notify_filing"]  # both steps on the timeline
    notice = clock(sup, "POL_FILE_ON_NOTICE")
    assert notice.due_at is None and notice.display().label == "待送达"
    services.record_service(sup, actor=world.prosecutor, received_at=T0 + timedelta(days=4), how="in_person",
                            now=T0 + timedelta(days=5))  # paper 送达回证: received Friday 03-07
    assert clock(sup, "POL_FILE_ON_NOTICE").due_at == datetime(2025, 3, 24, 23, 59, 59, tzinfo=TZ)  # 03-22 Sat → Mon
    with pytest.raises(DomainError, match="十五日内"):
        services.issue_correction(sup, actor=world.prosecutor, now=T0 + timedelta(days=10))
    late = datetime(2025, 3, 25, 9, 0, tzinfo=TZ)
    assert services.may_issue_correction(sup, now=late)
    with time_machine.travel(late):
        page = world.client(world.prosecutor).get(f"/supervision/{sup.pk}/").content.decode()
        listing = world.client(world.prosecutor).get("/supervision/").content.decode()
    assert "应当发出纠正违法通知书" in page and "已逾期" in page and "应发纠正违法通知书" in listing
    assert "收到通知立案书后已逾十五日未立案" in page  # the period from the rule data (POL_FILE_ON_NOTICE)
    due = "通知立案后逾期未立案、应当发出纠正违法通知书"  # 第五百六十四条: 应当, so it waits in the 待办 until sent
    with time_machine.travel(late - timedelta(days=1)):
        assert todo(world, world.prosecutor)[due] == "0"
    with time_machine.travel(late):
        assert todo(world, world.prosecutor)[due] == "1"
    services.issue_correction(sup, actor=world.prosecutor, now=late)
    with time_machine.travel(late):
        assert todo(world, world.prosecutor)[due] == "0"
    correction = sup.documents.get(kind="correction")
    text = _docx_text(correction)
    assert "《刑事诉讼法》第一百一十三条" in text and "《公安机关办理刑事案件程序规定》第一百八十二条" in text
    services.record_filing(sup, actor=world.police_officer, decision_no="测公立字〔2025〕9号", now=late + timedelta(days=1))
    assert clock(sup, "POL_FILE_ON_NOTICE").display().label == "逾期完成"
    conclude = clock(sup, "POL_SUPERVISED_CONCLUDE")
    assert conclude.due_at == datetime(2025, 6, 26, 23, 59, 59, tzinfo=TZ)  # 3个月 from 03-26
    services.issue_urge(sup, actor=world.prosecutor, now=datetime(2025, 6, 27, 9, 0, tzinfo=TZ))
    assert {d.title for d in sup.documents.all()} == {"要求说明不立案理由通知书", "通知立案书", "纠正违法通知书", "立案监督案件催办函"}
    assert "理由不能成立" in _docx_text(sup.documents.get(kind="filing_notice"))


def _docx_text(doc) -> str:
    from docx import Document

    with doc.file.open("rb") as fh:
        return "\n".join(p.text for p in Document(fh).paragraphs)


def test_no_reasons_within_seven_days_objection_first_and_no_false_finding(world):
    """刑诉规则第五百六十二条: 7日 without reasons → 纠正意见 first; the 通知立案书 never says the reasons failed."""
    chief = make_chief(world)
    sup = services.request_reasons(actor=world.prosecutor, police=world.police, subject="某厂涉嫌污染环境",
                                   grounds="排放超标", now=T0)
    with pytest.raises(DomainError, match="未届满"):  # not even served: no period has run
        services.propose_filing(sup, actor=world.prosecutor, assessment="符合立案条件", now=T0 + timedelta(days=30))
    services.record_service(sup, actor=world.police_officer, now=T0)  # 7日 ends Monday 03-10
    with pytest.raises(DomainError, match="未届满"):
        services.propose_filing(sup, actor=world.prosecutor, assessment="符合立案条件", now=T0 + timedelta(days=6))
    after = datetime(2025, 3, 11, 9, 0, tzinfo=TZ)
    with pytest.raises(DomainError, match="应当先提出纠正意见"):
        services.propose_filing(sup, actor=world.prosecutor, assessment="符合立案条件", now=after)
    with time_machine.travel(after):
        page = world.client(world.prosecutor).get(f"/supervision/{sup.pk}/").content.decode()
    assert "应当先提出纠正意见" in page
    services.issue_objection(sup, actor=world.prosecutor, now=after)
    assert "第五百六十二条" in _docx_text(sup.documents.get(kind="objection"))
    services.propose_filing(sup, actor=world.prosecutor, assessment="排放超标三倍以上，符合立案条件", now=after)
    services.approve_filing(sup, actor=chief, now=after)
    text = _docx_text(sup.documents.get(kind="filing_notice"))
    assert "理由不能成立" not in text and "未说明理由" in text and "检察长决定" in text


def test_chief_may_send_a_proposal_back(world):
    chief = make_chief(world)
    sup = services.request_reasons(actor=world.prosecutor, police=world.police, subject="s", grounds="g", now=T0)
    services.answer_reasons(sup, actor=world.police_officer, reasons="无犯罪事实", now=T0)
    services.propose_filing(sup, actor=world.prosecutor, assessment="有犯罪事实", now=T0)
    with pytest.raises(DomainError, match="不批准"):
        services.refuse_filing(sup, actor=chief, reason="", now=T0)
    sup = services.refuse_filing(sup, actor=chief, reason="证据尚需补充", now=T0)
    assert sup.get_status_display() == "公安机关已说明理由" and not sup.documents.filter(kind="filing_notice").exists()


def test_filing_on_notice_brings_the_transfer_to_filed(world):
    """A successful 立案监督 (刑诉规则第五百六十三条) moves the transfer to 已立案 with the 3日 移交 (R310 第十二条)."""
    from liangfa.transfers import services as transfers

    chief = make_chief(world)
    transfer = ready_transfer(world, now=T0, until="accepted")
    transfers.decide_filing(transfer, actor=world.police_officer, approver=world.police_head, file=False, reason="no_crime", detail="不构成",
                            materials_returned=True, now=T0 + timedelta(days=1))
    sup = services.request_reasons(actor=world.prosecutor, police=world.police, subject="s", grounds="g",
                                   transfer=transfer, now=T0 + timedelta(days=2))
    services.answer_reasons(sup, actor=world.police_officer, reasons="无犯罪事实", now=T0 + timedelta(days=3))
    services.propose_filing(sup, actor=world.prosecutor, assessment="有犯罪事实", now=T0 + timedelta(days=3))
    services.approve_filing(sup, actor=chief, now=T0 + timedelta(days=4))
    services.record_service(sup, actor=world.police_officer, now=T0 + timedelta(days=4))
    services.record_filing(sup, actor=world.police_officer, decision_no="测公立字〔2025〕3号", now=T0 + timedelta(days=6))
    transfer.refresh_from_db()
    assert transfer.get_status_display() == "已立案"
    assert clock(transfer, "AGY_HANDOVER").due_at is None  # 待送达 until the agency receives the 立案通知书
    transfers.receive_notice(transfer, actor=world.market_officer, rule_id="AGY_HANDOVER", now=T0 + timedelta(days=6))
    assert clock(transfer, "AGY_HANDOVER").due_at == datetime(2025, 3, 12, 23, 59, 59, tzinfo=TZ)  # 3日 from 03-09
    assert transfer.events.filter(code="file_on_notice", to_status="filed").exists()
    page = world.client(world.market_head).get(f"/transfers/{transfer.pk}/").content.decode()
    assert "根据检察院通知立案书立案" in page


def test_a_second_supervision_on_a_transfer_is_refused_with_a_link(world):
    transfer = ready_transfer(world, now=T0, until="accepted")
    first = services.request_reasons(actor=world.prosecutor, police=world.police, subject="s", grounds="g",
                                     transfer=transfer, now=T0)
    with pytest.raises(services.DuplicateSupervision, match="不能重复发起"):
        services.request_reasons(actor=world.prosecutor, police=world.police, subject="s", grounds="g",
                                 transfer=transfer, now=T0)
    client = world.client(world.prosecutor)
    response = client.post("/supervision/new/", {"police": world.police.pk, "transfer": transfer.pk, "subject": "s",
                                                 "grounds": "g"}, follow=True)
    assert response.redirect_chain[-1][0] == f"/supervision/{first.pk}/"
    assert "不能重复发起" in response.content.decode()
    page = client.get(f"/supervision/new/?transfer={transfer.pk}").content.decode()
    assert f'href="/supervision/{first.pk}/"' in page and "查看正在办理的立案监督" in page


def test_local_practice_reply_periods_say_so(world):
    """The 1个月 检察意见 and 2个月 反向 replies are not statutory: local practice, configurable, the law says 及时."""
    from liangfa.clock.rules import get_rule

    for rule_id in ("AGY_OPINION_REPLY", "AGY_REVERSE_REPLY"):
        rule = get_rule(rule_id)
        assert rule.configurable and "及时" in rule.law_says and "本地实务" in rule.law_says
    load(world.market, [record()])
    opinion = services.issue_opinion(actor=world.prosecutor, kind="transfer_opinion", agency=world.market,
                                     content="建议移送", document_no="测检意〔2025〕2号", case=world.market.cases.get(),
                                     now=T0)
    services.approve_opinion(opinion, actor=make_chief(world), now=T0)
    page = world.client(world.market_head).get(f"/supervision/opinions/{opinion.pk}/").content.decode()
    assert "及时" in page and "本地实务" in page


def test_reasons_accepted_tells_the_agency(world):
    transfer = ready_transfer(world, now=T0, until="accepted")
    sup = services.request_reasons(actor=world.prosecutor, police=world.police, subject="s", grounds="g",
                                   transfer=transfer, now=T0)
    services.answer_reasons(sup, actor=world.police_officer, reasons="无犯罪事实", now=T0)
    services.accept_reasons(sup, actor=world.prosecutor, now=T0 + timedelta(days=1))
    assert clock(sup, "PRO_NOTIFY_AGENCY").display().label == "已完成"
    assert transfer.events.filter(code="supervision").count() == 3


def test_delay_inquiry_only_after_the_police_deadline(world):
    transfer = ready_transfer(world, now=T0, until="accepted")
    with pytest.raises(DomainError, match="尚未届满"):
        services.query_delay(transfer, actor=world.prosecutor, now=T0 + timedelta(days=1))
    inquiry = services.query_delay(transfer, actor=world.prosecutor, now=T0 + timedelta(days=5))
    # asked Saturday 03-08: 7日 ends Saturday 03-15, a rest day, so Monday 03-17
    assert clock(inquiry, "POL_DELAY_REASONS").due_at == datetime(2025, 3, 17, 23, 59, 59, tzinfo=TZ)
    services.answer_delay(inquiry, actor=world.police_officer, answer="正在鉴定", now=T0 + timedelta(days=6))
    assert clock(inquiry, "POL_DELAY_REASONS").display().label == "已完成"


def test_opinion_reply_and_overdue(world):
    load(world.market, [record()])
    case = world.market.cases.get()
    opinion = services.issue_opinion(actor=world.prosecutor, kind="transfer_opinion", agency=world.market,
                                     content="该案销售金额已达追诉标准，建议依法移送", document_no="测检意〔2025〕1号",
                                     case=case, reply_due=date(2025, 4, 3), now=T0)
    assert world.client(world.market_head).get(f"/supervision/opinions/{opinion.pk}/").status_code == 404  # a draft
    with pytest.raises(PermissionDenied, match="检察长"):  # 刑诉规则第五百五十七条第三款
        services.approve_opinion(opinion, actor=world.prosecutor, now=T0)
    assert not Deadline.objects.filter(object_id=opinion.pk, rule_id="AGY_OPINION_REPLY").exists()
    services.approve_opinion(opinion, actor=make_chief(world), now=T0)
    deadline = clock(opinion, "AGY_OPINION_REPLY")
    assert deadline.period == "至2025-04-03" and deadline.display(now=datetime(2025, 4, 4, tzinfo=TZ)).label == "已逾期"
    with pytest.raises(DomainError, match="须关联已移送"):
        services.reply_opinion(opinion, actor=world.market_head, result="transferred", reply="已移送")
    services.reply_opinion(opinion, actor=world.market_head, result="reasons", reply="经核查销售金额含退货", now=T0)
    services.assess_opinion(opinion, actor=world.prosecutor, adopted=False)
    page = world.client(world.market_head).get(f"/supervision/opinions/{opinion.pk}/").content.decode()
    assert "检察意见书" in page and "未采纳" in page
    assert world.client(world.tax_officer).get(f"/supervision/opinions/{opinion.pk}/").status_code == 404


def test_only_the_procuratorate_sees_the_register_across_agencies(world):
    from liangfa.agencies.services import create_agency, create_user

    ready_transfer(world, now=T0, until="delivered")
    justice = create_agency(actor=world.admin, code="t-sfj", name="测试市司法局", kind="justice", level="city",
                            region_code="410800", field="justice")
    official = create_user(actor=world.admin, username="sfj", password="x-pass-2026", agency=justice, roles=["head"])
    assert world.client(official).get("/api/transfers").json() == []
    assert len(world.client(world.prosecutor).get("/api/transfers").json()) == 1


def test_api_runs_the_same_steps(world):
    sup = services.request_reasons(actor=world.prosecutor, police=world.police, subject="s", grounds="g")
    police = world.client(world.police_officer)
    body = police.post(f"/api/supervisions/{sup.pk}/answer", {"reasons": "无犯罪事实"},
                       content_type="application/json").json()
    assert body["status_label"] == "公安机关已说明理由"
    assert body["deadlines"][0]["rule_id"] == "POL_EXPLAIN_NONFILING" and body["deadlines"][0]["status"] == "已完成"
    refused = police.post(f"/api/supervisions/{sup.pk}/approve", {}, content_type="application/json")
    assert refused.status_code == 403
    assert world.client(world.tax_officer).get(f"/api/supervisions/{sup.pk}").status_code == 404
