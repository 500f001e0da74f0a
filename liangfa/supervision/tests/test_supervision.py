"""立案监督 clocks with frozen time, delay inquiries, 检察意见, read grants."""

from datetime import date, datetime, timedelta

import pytest
import time_machine

from liangfa.clock.models import Deadline
from liangfa.clock.rules import TZ
from liangfa.core.errors import DomainError, PermissionDenied
from liangfa.supervision import services
from liangfa.testing import load, ready_transfer, record

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=TZ)


def clock(subject, rule):
    return Deadline.objects.get(object_id=subject.pk, content_type__model=subject._meta.model_name, rule_id=rule)


def test_supervision_clocks_from_reasons_to_urge(world):
    with pytest.raises(PermissionDenied):
        services.request_reasons(actor=world.market_officer, police=world.police, subject="x", grounds="y")
    sup = services.request_reasons(actor=world.prosecutor, police=world.police, subject="某公司涉嫌销售伪劣产品",
                                   grounds="销售金额已达追诉标准", now=T0)
    explain = clock(sup, "POL_EXPLAIN_NONFILING")
    assert explain.due_at == datetime(2025, 3, 10, 23, 59, 59, tzinfo=TZ) and "第五百六十条" in explain.citation
    assert sup.documents.get().title == "要求说明不立案理由通知书"
    services.answer_reasons(sup, actor=world.police_officer, reasons="情节显著轻微", now=T0 + timedelta(days=2))
    assert clock(sup, "POL_EXPLAIN_NONFILING").display().label == "已完成"
    services.notify_filing(sup, actor=world.prosecutor, now=T0 + timedelta(days=3))
    notice = clock(sup, "POL_FILE_ON_NOTICE")
    assert notice.due_at == datetime(2025, 3, 21, 23, 59, 59, tzinfo=TZ)
    with pytest.raises(DomainError, match="十五日内"):
        services.issue_correction(sup, actor=world.prosecutor, now=T0 + timedelta(days=10))
    late = datetime(2025, 3, 22, 9, 0, tzinfo=TZ)
    assert services.may_issue_correction(sup, now=late)
    with time_machine.travel(late):
        page = world.client(world.prosecutor).get(f"/supervision/{sup.pk}/").content.decode()
    assert "可发纠正违法通知书" in page and "已逾期" in page
    services.issue_correction(sup, actor=world.prosecutor, now=late)
    services.record_filing(sup, actor=world.police_officer, decision_no="测公立字〔2025〕9号", now=late + timedelta(days=1))
    assert clock(sup, "POL_FILE_ON_NOTICE").display().label == "逾期完成"
    conclude = clock(sup, "POL_SUPERVISED_CONCLUDE")
    assert conclude.due_at == datetime(2025, 6, 23, 23, 59, 59, tzinfo=TZ)  # 3个月 from 03-23 → 06-23
    assert not services.may_issue_urge(sup, now=datetime(2025, 6, 23, 12, 0, tzinfo=TZ))
    services.issue_urge(sup, actor=world.prosecutor, now=datetime(2025, 6, 24, 9, 0, tzinfo=TZ))
    assert {d.title for d in sup.documents.all()} == {"要求说明不立案理由通知书", "通知立案书", "纠正违法通知书", "立案监督案件催办函"}


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
    refused = police.post(f"/api/supervisions/{sup.pk}/notify", {}, content_type="application/json")
    assert refused.status_code == 403
    assert world.client(world.tax_officer).get(f"/api/supervisions/{sup.pk}").status_code == 404
