import hashlib
import io
from datetime import date, datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from liangfa.clock.models import Deadline
from liangfa.clock.rules import TZ
from liangfa.core.errors import DomainError, PermissionDenied
from liangfa.testing import ready_transfer
from liangfa.transfers import package
from liangfa.transfers.reverse import approve_reverse, receive_reverse, reply_reverse, send_reverse

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=TZ)


def text_of(document) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(document.file.read())).paragraphs)


def test_documents_are_docx_with_their_hash(world):
    transfer = ready_transfer(world, now=T0, until="accepted")
    letter = transfer.documents.filter(kind="transfer_letter").last()
    data = letter.file.read()
    assert hashlib.sha256(data).hexdigest() == letter.sha256
    letter.file.seek(0)
    body = text_of(letter)
    assert "涉嫌犯罪案件移送书" in body and "测试市公安局" in body and "生产、销售伪劣产品罪" in body
    assert "已处罚款52120.00元" in body and "第三十五条第二款" in body
    receipt = transfer.documents.get(kind="receipt")
    assert "回执" in text_of(receipt)
    kinds = set(transfer.documents.values_list("kind", flat=True))
    assert {"transfer_letter", "investigation_report", "item_list", "materials_list", "receipt"} <= kinds
    response = world.client(world.police_officer).get(f"/transfers/{transfer.pk}/documents/{letter.pk}/")
    assert response.status_code == 200
    assert world.client(world.tax_officer).get(f"/transfers/{transfer.pk}/documents/{letter.pk}/").status_code == 404


def test_evidence_tiers_hash_and_supplement_list(world):
    transfer = ready_transfer(world, now=T0, until="draft")
    officer = world.market_officer
    with pytest.raises(DomainError, match="电子数据须上传原始文件"):
        package.add_evidence(transfer, actor=officer, kind="electronic", description="聊天记录")
    chat = package.add_evidence(transfer, actor=officer, kind="electronic", description="微信聊天记录",
                                upload=SimpleUploadedFile("chat.txt", b"hello"))
    assert chat.sha256 == hashlib.sha256(b"hello").hexdigest() and chat.get_tier_display() == "可直接使用（待法庭查证）"
    opinion = package.add_evidence(transfer, actor=officer, kind="expert_opinion", description="产品质量鉴定意见")
    inquiry = package.add_evidence(transfer, actor=officer, kind="inquiry_record", description="对证人王某的询问笔录")
    assert (opinion.review_state, inquiry.review_state) == ("pending", "recollect")
    with pytest.raises(DomainError, match="至少一项与之相互印证"):
        package.mark_cannot_recollect(inquiry, actor=officer, reason="dead", lawful_source="依法询问", corroborating=[])
    package.mark_cannot_recollect(inquiry, actor=officer, reason="dead", lawful_source="执法人员二人依法询问并签名",
                                  corroborating=[chat])
    with pytest.raises(PermissionDenied):
        package.review_evidence(opinion, actor=officer, passed=True, note="x")
    package.review_evidence(opinion, actor=world.police_officer, passed=True, note="鉴定机构资质齐全，取样程序合法")
    lines = {line["item"].description: line for line in package.supplement_list(transfer)}
    assert "重新询问" not in lines["对证人王某的询问笔录"]["action"]
    assert "无法重新收集（死亡）" in lines["对证人王某的询问笔录"]["action"]
    assert "第六十三条" in lines["产品质量鉴定意见"]["basis"]
    assert "第五十四条第二款" in lines["微信聊天记录"]["basis"]
    page = world.client(world.market_officer).get(f"/transfers/{transfer.pk}/").content.decode()
    assert "补证清单" in page and "审查通过" in page


def test_reverse_path_from_non_prosecution_with_default_and_stated_deadlines(world):
    transfer = ready_transfer(world, now=T0, until="accepted")
    with pytest.raises(PermissionDenied):
        send_reverse(actor=world.police_officer, source="non_prosecution", to_agency=world.market, party_name="x",
                     summary="y")
    reverse = send_reverse(actor=world.prosecutor, source="non_prosecution", to_agency=world.market,
                           party_name=transfer.case.party_name, summary="决定不起诉，建议给予行政处罚",
                           document_no="焦检行意〔2025〕3号", transfer=transfer, now=T0,
                           non_prosecution_no="焦检不诉〔2025〕3号", non_prosecution_kind="discretionary")
    from liangfa.transfers.tests.test_reverse_chain import make_chief

    reverse = approve_reverse(reverse, actor=make_chief(world), now=T0)
    deadline = Deadline.objects.get(rule_id="AGY_REVERSE_REPLY", object_id=reverse.pk)
    assert deadline.state == "unserved" and deadline.due_at is None  # runs from the agency's receipt
    deadline = receive_reverse(reverse, actor=world.market_officer, now=T0)
    assert deadline.due_at == datetime(2025, 5, 6, 23, 59, 59, tzinfo=TZ)  # 05-03 is in the May Day holiday
    assert "第一百七十七条第三款" in deadline.citation
    stated = send_reverse(actor=world.police_officer, source="police_no_crime", to_agency=world.market,
                          party_name="某", summary="不构成犯罪", reply_due=date(2025, 4, 1), now=T0)
    approve_reverse(stated, actor=world.police_head, now=T0)  # 县级以上公安机关负责人 (第一百八十七条)
    assert Deadline.objects.get(object_id=stated.pk, rule_id="AGY_REVERSE_REPLY").period == "至2025-04-01"
    with pytest.raises(DomainError, match="请写明处理结果"):
        reply_reverse(reverse, actor=world.market_officer, result="")
    reply_reverse(reverse, actor=world.market_officer, result="已作出行政处罚", decision_no="测市监罚〔2025〕7号",
                  now=T0 + timedelta(days=10))
    assert deadline.__class__.objects.get(pk=deadline.pk).display().label == "已完成"
    page = world.client(world.market_officer).get(f"/cases/{transfer.case_id}/").content.decode()
    assert "反向移送行政机关处理" in page and "行政机关回复反向移送处理结果" in page


def test_police_read_the_case_file_of_a_transfer_sent_to_them(world):
    from liangfa.core.models import AuditEntry

    transfer = ready_transfer(world, now=T0, until="delivered")
    assert world.client(world.police_officer).get(f"/cases/{transfer.case_id}/").status_code == 200
    assert AuditEntry.objects.filter(action="case.read", actor=world.police_officer).exists()


def test_outsiders_see_no_transfer(world):
    transfer = ready_transfer(world, now=T0, until="draft")
    assert world.client(world.tax_officer).get(f"/transfers/{transfer.pk}/").status_code == 404
    assert world.client(world.police_officer).get(f"/transfers/{transfer.pk}/").status_code == 404  # not sent yet
    assert world.client(world.prosecutor).get(f"/transfers/{transfer.pk}/").status_code == 404  # a draft
    assert world.client(world.tax_officer).get("/api/transfers").json() == []
    response = world.client(world.tax_officer).post(f"/api/transfers/{transfer.pk}/submit", {},
                                                    content_type="application/json")
    assert response.status_code == 404
    assert world.client(world.market_officer).get(f"/transfers/{transfer.pk}/").status_code == 200


def test_api_runs_the_same_steps(world):
    transfer = ready_transfer(world, now=T0, until="draft")
    client = world.client(world.market_officer)
    body = client.post(f"/api/transfers/{transfer.pk}/submit", {}, content_type="application/json").json()
    assert body["status"] == "pending_approval"
    assert body["deadlines"][0]["rule_id"] == "AGY_APPROVE" and "第五条" in body["deadlines"][0]["citation"]
    refused = client.post(f"/api/transfers/{transfer.pk}/approve", {}, content_type="application/json")
    assert refused.status_code == 403 and "须由机关负责人" in refused.json()["detail"]
    head = world.client(world.market_head)
    assert head.post(f"/api/transfers/{transfer.pk}/approve", {}, content_type="application/json").json()["status"] == "approved"
    bad = head.post(f"/api/transfers/{transfer.pk}/approve", {}, content_type="application/json")
    assert bad.status_code == 400 and "不能负责人批准移送" in bad.json()["detail"]


def test_admin_edits_the_routing_table_and_the_draft_uses_it(world):
    from liangfa.agencies.services import create_department
    from liangfa.transfers.models import RoutingRule

    create_department(world.police, actor=world.admin, name="经侦大队", kind="economic")
    rule = RoutingRule.objects.get(crime_key="weilie_chanpin")
    assert world.client(world.market_officer).get("/transfers/routing/").status_code == 403
    world.client(world.admin).post("/transfers/routing/", {"rule": rule.pk, "department_kind": "economic"})
    transfer = ready_transfer(world, now=T0, until="draft")
    assert transfer.department.name == "经侦大队"
