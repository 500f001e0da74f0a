"""A case handled online from 立案 to 结案: each step's person, the gates of the 决定 with their articles, the
registry case it keeps in step, documents with hashes, periods from the rule data."""

import hashlib
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from liangfa.cases.models import PenaltyCase
from liangfa.clock.models import Deadline
from liangfa.clock.rules import TZ
from liangfa.core.errors import DomainError, PermissionDenied
from liangfa.review import dissent, review, services
from liangfa.review.models import ReviewPolicy
from liangfa.review.tests.builders import ALL_OK, PARTY, filed, notified, reviewed, reviewer

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=TZ)  # a Monday
pytestmark = pytest.mark.django_db


def local_day(deadline) -> str:
    return deadline.due_at.astimezone(TZ).date().isoformat()


def test_filing_creates_the_registry_case_numbered_by_its_filing_number_and_starts_the_90_day_clock(world):
    h = filed(world, NOW)
    case = PenaltyCase.objects.get(pk=h.case_id)
    assert h.step == "investigating" and h.filing_no == "测试市市场监督管理局立〔2026〕1号"
    assert case.decision_no == h.filing_no and case.status == "investigating" and case.party.name == PARTY["name"]
    deadline = Deadline.objects.get(rule_id="REV_DECIDE")
    assert deadline.citation == "《行政处罚法》第六十条" and local_day(deadline) == "2026-06-01"  # 90th day a Sunday
    assert [f.get_kind_display() for f in h.files.all()] == ["立案审批表"]


def test_only_the_head_approves_filing_and_the_co_handler_is_someone_else(world):
    h = services.propose_filing(agency=world.market, actor=world.market_officer, party=PARTY, violation_type="x",
                                summary="y", legal_basis="z", now=NOW)
    with pytest.raises(PermissionDenied, match="负责人"):
        services.approve_filing(h, actor=world.market_officer, now=NOW)
    with pytest.raises(DomainError, match="第四十二条"):
        services.propose_filing(agency=world.market, actor=world.market_officer, party=PARTY, violation_type="x",
                                summary="y", legal_basis="z", co_handler=world.market_officer, now=NOW)
    with pytest.raises(PermissionDenied):
        services.propose_filing(agency=world.market, actor=world.tax_officer, party=PARTY, violation_type="x",
                                summary="y", legal_basis="z", now=NOW)


def test_evidence_is_kept_with_its_hash(world):
    h = filed(world, NOW)
    item = services.add_material(h, actor=world.market_officer, title="询问笔录",
                                 upload=SimpleUploadedFile("a.pdf", b"%PDF-1"), now=NOW)
    assert item.sha256 == hashlib.sha256(b"%PDF-1").hexdigest() and item.get_kind_display() == "证据材料"


def test_a_decision_that_needs_review_is_refused_without_one_citing_article_58(world):
    ReviewPolicy.objects.create(agency=world.market, review_fine_over=Decimal("10000"))
    h = notified(world, NOW, fine="50000")
    services.record_statement(h, actor=world.market_officer, statement="请求从轻", now=NOW + timedelta(hours=2))
    services.submit_for_decision(h, actor=world.market_officer, now=NOW + timedelta(hours=3))
    with pytest.raises(DomainError) as refused:
        services.decide(h, actor=world.market_head, now=NOW + timedelta(hours=4))
    assert "未经法制审核或者审核未通过的，不得作出决定（《行政处罚法》第五十八条）" in str(refused.value)
    assert "拟罚款 50000.00 元，达到本机关法制审核目录的 10000.00 元" in str(refused.value)
    h.refresh_from_db()
    assert h.step == "deciding" and h.case.status == "notified"


def test_no_decision_before_the_party_is_heard(world):
    h = notified(world, NOW, fine="100")
    services.submit_for_decision(h, actor=world.market_officer, now=NOW + timedelta(hours=2))
    with pytest.raises(DomainError, match="第六十二条"):
        services.decide(h, actor=world.market_head, now=NOW + timedelta(hours=3))


def test_review_returned_then_approved_with_a_dissent_then_discussion_then_decision(world):
    reviewer_user = reviewer(world)
    h = notified(world, NOW, fine="80000", serious=True, complex_case=True)
    services.record_statement(h, actor=world.market_officer, waived=True, now=NOW + timedelta(hours=2))
    review.submit_review(h, actor=world.market_officer, opinion="建议罚款8万元", now=NOW + timedelta(hours=3))
    problem = {**ALL_OK, "evidence": {"finding": "problem", "note": "缺少检验报告"}}
    with pytest.raises(DomainError, match="“证据”存在问题，不能审核同意"):
        review.conclude_review(h, actor=reviewer_user, findings=problem, result="approve", reasons="", now=NOW)
    review.conclude_review(h, actor=reviewer_user, findings=problem, result="return", reasons="补充检验报告",
                           now=NOW + timedelta(hours=4))
    h.refresh_from_db()
    assert h.step == "returned" and h.case.status == "investigating"
    supplement = Deadline.objects.get(rule_id="REV_SUPPLEMENT")
    assert supplement.state == "open" and local_day(supplement) == "2026-03-12"
    review.submit_review(h, actor=world.market_officer, now=NOW + timedelta(days=1))
    review.conclude_review(h, actor=reviewer_user, findings=ALL_OK, result="approve", reasons="同意，但建议罚款5万元",
                           now=NOW + timedelta(days=1, hours=1))
    h.refresh_from_db()
    assert h.step == "discussing" and [r.result for r in h.reviews.all()] == ["return", "approve"]
    dissent.record_dissent(h.case, actor=reviewer_user, kind="reviewer", holder=reviewer_user,
                           opinion="罚款5万元已足", reasons="首次违法，主动整改", prevailing="罚款8万元",
                           now=NOW + timedelta(days=1, hours=2))
    dissent.record_discussion(h, actor=world.market_head, held_at=NOW + timedelta(days=2), members="局长、副局长、法制科长",
                              conclusion="罚款8万元", now=NOW + timedelta(days=2))
    services.decide(h, actor=world.market_head, now=NOW + timedelta(days=2, hours=1))
    h.refresh_from_db()
    assert h.step == "decided" and h.case.decision_no == "测试市市场监督管理局罚〔2026〕1号"
    assert h.case.status == "decided" and h.case.fine_amount == Decimal("80000")
    assert Deadline.objects.get(rule_id="REV_DECIDE").state == "done"
    serve = Deadline.objects.get(rule_id="REV_SERVE")
    assert serve.citation == "《行政处罚法》第六十一条第一款、第八十五条"
    assert local_day(serve) == "2026-03-13"  # 七日 = 7 working days (第八十五条)
    services.serve_decision(h, actor=world.market_officer, served_at=NOW + timedelta(days=3), now=NOW + timedelta(days=3))
    services.close_case(h, actor=world.market_officer, execution="罚款已缴清", now=NOW + timedelta(days=20))
    h.refresh_from_db()
    assert h.step == "closed" and h.case.status == "closed"
    kinds = [f.kind for f in h.files.all()]
    assert kinds == ["filing_form", "evidence", "notice", "review_opinion", "review_opinion", "discussion_record",
                     "decision", "service_proof", "closing_form"]
    assert h.dissents.get().holder_name == "审核员王"


def test_collective_discussion_is_required_for_serious_cases(world):
    reviewer_user = reviewer(world)
    h = reviewed(world, NOW, reviewer_user, serious=True)
    assert h.step == "discussing"
    services.submit_for_decision(h, actor=world.market_officer, now=NOW + timedelta(hours=5))
    with pytest.raises(DomainError, match="第五十七条第二款"):
        services.decide(h, actor=world.market_head, now=NOW + timedelta(hours=6))


def test_a_reviewer_without_a_recorded_qualification_may_not_review(world):
    unqualified = reviewer(world, qualified=False)
    h = notified(world, NOW)
    review.submit_review(h, actor=world.market_officer, now=NOW + timedelta(hours=2))
    with pytest.raises(PermissionDenied, match="第五十八条第二款"):
        review.conclude_review(h, actor=unqualified, findings=ALL_OK, result="approve", reasons="", now=NOW)
    unqualified.reviewer_since = datetime(2019, 1, 1).date()  # reviewing before the 2021 law: not a first-timer
    unqualified.save()
    review.conclude_review(h, actor=unqualified, findings=ALL_OK, result="approve", reasons="同意",
                           now=NOW + timedelta(hours=3))


def test_on_the_spot_decisions_only_where_the_agency_exempts_them(world):
    policy = ReviewPolicy.objects.create(agency=world.market, exempt_procedures=[])
    with pytest.raises(DomainError, match="须经网上流转"):
        services.record_on_the_spot(agency=world.market, actor=world.market_officer, party=PARTY, violation_type="x",
                                    facts="y", legal_basis="z", penalty="警告", fine=None, now=NOW)
    policy.exempt_procedures = ["simple"]  # the default: 简易程序 is decided on the spot
    policy.save()
    with pytest.raises(DomainError, match="第五十一条"):
        services.record_on_the_spot(agency=world.market, actor=world.market_officer, party=PARTY, violation_type="x",
                                    facts="y", legal_basis="z", penalty="罚款5000元", fine=Decimal("5000"), now=NOW)
    h = services.record_on_the_spot(agency=world.market, actor=world.market_officer, party=PARTY, violation_type="x",
                                    facts="y", legal_basis="z", penalty="罚款2000元", fine=Decimal("2000"), now=NOW)
    assert h.case.status == "decided" and h.case.decision_no.startswith("测试市市场监督管理局罚〔2026〕")


def test_the_pages_show_the_step_and_refuse_with_the_article(world):
    ReviewPolicy.objects.create(agency=world.market, review_all=True)
    h = notified(world, NOW)
    head = world.client(world.market_head)
    page = head.get(f"/review/{h.pk}/").content.decode()
    assert "须经法制审核" in page and "本机关规定普通程序案件一律法制审核" in page
    officer = world.client(world.market_officer)
    officer.post(f"/review/{h.pk}/act/statement/", {"waived": "on"})
    officer.post(f"/review/{h.pk}/act/submit_decision/")
    response = head.post(f"/review/{h.pk}/act/decide/", follow=True)
    assert "不得作出决定（《行政处罚法》第五十八条）" in response.content.decode()
    assert world.client(world.tax_officer).get(f"/review/{h.pk}/").status_code == 404
    assert "网上办案" in officer.get("/review/").content.decode()


def test_the_api_lists_handled_cases_runs_a_step_and_refuses_with_the_article(world):
    ReviewPolicy.objects.create(agency=world.market, review_all=True)
    h = notified(world, NOW)
    client = world.client(world.market_officer)
    listed = client.get("/api/review/cases").json()
    assert [(c["filing_no"], c["step_label"]) for c in listed] == [(h.filing_no, "已告知（陈述申辩、听证）")]
    assert client.post(f"/api/review/cases/{h.pk}/statement", {"waived": "1"}, content_type="application/json").status_code == 200
    assert client.post(f"/api/review/cases/{h.pk}/submit_decision", {}, content_type="application/json").status_code == 200
    refused = world.client(world.market_head).post(f"/api/review/cases/{h.pk}/decide", {}, content_type="application/json")
    assert refused.status_code == 400 and "第五十八条" in refused.json()["detail"]
    assert world.client(world.tax_officer).get(f"/api/review/cases/{h.pk}").status_code == 400
