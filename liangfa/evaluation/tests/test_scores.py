"""A fixture region whose scores are worked out by hand below; the platform must arrive at the same figures.

Quarter 2026Q3, a 阶段考评 by the 司法局 of 市场监管局 (market) and 税务局 (tax), indicator catalogue version 1:

market (its list: 法制审核 from 10,000 元):
  A02 应审未审 5 × 2 = 10   c1 (52,120 元, no review), c3 (30,000 元, review “不同意”); c2 passed, c4 below 10,000
  A05 复议诉讼撤销 5         c2 revoked by a court on 2026-08-15
  A07 应移未移 5             c1's clue confirmed (建议移送)
  A01 期限逾期 2             the online case's 送达 (七日 = 7 working days from 07-06, due 07-15) served 07-20
  A04 文书材料缺失 1         the online case has no evidence uploaded
  deductions 23 → 扣分得分 77.00; 评查 (100−5−3 = 92, 100−2 = 98) → 95.00
  总分 = (60 × 77.00 + 40 × 95.00) / 100 = 84.20
tax:
  M01 人工扣分 2 → 扣分得分 98.00; 评查 100−4.5 = 95.50, 异议成立 → 100−1.5 = 98.50
  总分 = (60 × 98.00 + 40 × 98.50) / 100 = 98.20
ranking: tax 1, market 2; officer m_officer (handler of the online case): 100 − 2 − 1 = 97.00.

Then a 年度考评 of 2026 without samples: market 扣分得分 77.00 (same records), tax 100.00; with the 阶段 totals and
weights self 40, stage 20 (no 日常 or 专项 finished): market (40 × 77 + 20 × 84.20) / 60 = 79.40,
tax (40 × 100 + 20 × 98.20) / 60 = 99.40.
"""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from liangfa.agencies import services as agency_services
from liangfa.cases.models import PenaltyCase
from liangfa.clock.rules import TZ
from liangfa.core.errors import DomainError
from liangfa.desk.worklist import worklist
from liangfa.evaluation import services
from liangfa.evaluation.catalogue import revise_indicator
from liangfa.evaluation.models import Score
from liangfa.evaluation.scoring import unit_scores
from liangfa.review import dissent
from liangfa.review import services as flow
from liangfa.review.models import ReviewPolicy
from liangfa.review.tests.builders import PARTY
from liangfa.screening.models import Clue
from liangfa.testing import PASSWORD, load, record

pytestmark = pytest.mark.django_db
Q3_END = datetime(2026, 10, 9, 10, 0, tzinfo=TZ)


def at(day: str, hour: int = 10) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=TZ)


def evaluator(world):
    justice = agency_services.create_agency(actor=world.admin, code="t-sfj", name="测试市司法局", kind="justice",
                                            level="city", region_code="410800", field="justice")
    return agency_services.create_user(actor=world.admin, username="sfj_eval", password=PASSWORD, agency=justice,
                                       roles=["legal_reviewer"], full_name="考评员李")


def imported(world):
    ReviewPolicy.objects.create(agency=world.market, review_fine_over=Decimal("10000"), online_required=False)
    rows = [
        record(),  # c1: 52,120 元, 销售金额 62,000 元 (a clue), no review
        record(**{"行政处罚决定书文号": "测市监罚〔2026〕2号", "行政相对人名称": "乙商店", "行政相对人代码_1（统一社会信用代码）": None,
                  "罚款金额（万元）": "2", "销售金额（元）": None, "法制审核日期": "2026-07-01", "法制审核人员": "赵",
                  "法制审核意见": "同意"}),
        record(**{"行政处罚决定书文号": "测市监罚〔2026〕3号", "行政相对人名称": "丙商店", "行政相对人代码_1（统一社会信用代码）": None,
                  "罚款金额（万元）": "3", "销售金额（元）": None, "法制审核日期": "2026-07-01", "法制审核人员": "赵",
                  "法制审核意见": "不同意：证据不足"}),
        record(**{"行政处罚决定书文号": "测市监罚〔2026〕4号", "行政相对人名称": "丁商店", "行政相对人代码_1（统一社会信用代码）": None,
                  "罚款金额（万元）": "0.5", "销售金额（元）": None}),
    ]
    for row, day in zip(rows, ("2026-07-02", "2026-07-03", "2026-07-04", "2026-07-05"), strict=True):
        row.update({"处罚决定日期": day, "行政处罚决定书文号": row["行政处罚决定书文号"].replace("2025", "2026")})
    load(world.market, rows, now=at("2026-07-10"))
    load(world.tax, [record(**{"行政处罚决定书文号": "测税罚〔2026〕1号", "处罚机关": "测试市税务局", "罚款金额（万元）": "0.1",
                               "违法行为类型": "未按期申报", "处罚依据": "《税收征收管理法》第六十二条", "销售金额（元）": None,
                               "处罚决定日期": "2026-08-01", "行政相对人名称": "戊公司",
                               "行政相对人代码_1（统一社会信用代码）": None})], now=at("2026-08-02"))


def handled_online(world):
    h = flow.propose_filing(agency=world.market, actor=world.market_officer, party={**PARTY, "name": "己超市", "code": ""},
                            violation_type="销售过期食品", summary="货架上有过期食品。", legal_basis="《食品安全法》第三十四条",
                            now=at("2026-07-01"))
    flow.approve_filing(h, actor=world.market_head, now=at("2026-07-01", 11))
    flow.issue_notice(h, actor=world.market_officer, proposed_penalty="罚款8000元", proposed_category="罚款",
                      proposed_fine=Decimal("8000"), hearing_right=False, served_at=at("2026-07-02"),
                      now=at("2026-07-02", 11))
    flow.record_statement(h, actor=world.market_officer, waived=True, now=at("2026-07-03"))
    flow.submit_for_decision(h, actor=world.market_officer, now=at("2026-07-03", 11))
    flow.decide(h, actor=world.market_head, now=at("2026-07-06"))
    flow.serve_decision(h, actor=world.market_officer, served_at=at("2026-07-20"), now=at("2026-07-20", 11))
    return h


def build(world):
    imported(world)
    handled_online(world)
    c1 = PenaltyCase.objects.get(agency=world.market, decision_no="测市监罚〔2026〕1号")
    c2 = PenaltyCase.objects.get(agency=world.market, decision_no="测市监罚〔2026〕2号")
    clue = Clue.objects.filter(case=c1).first()
    assert clue is not None, "screening flags c1's 62,000 元 of sales"
    Clue.objects.filter(pk=clue.pk).update(status="suggested")
    head_reviewer = agency_services.create_user(actor=world.admin, username="m_fz", password=PASSWORD,
                                                agency=world.market, roles=["legal_reviewer"], full_name="法制科")
    dissent.record_remedy(c2, actor=head_reviewer, kind="litigation", result="revoked", decided_on=date(2026, 8, 15),
                          document_no="（2026）豫0802行初12号", now=at("2026-08-20"))
    return evaluator(world)


def test_a_quarter_scored_by_hand_and_by_the_platform_agree(world):
    judge = build(world)
    e = services.create_evaluation(actor=judge, title="2026年第三季度执法质量阶段考评", kind="stage",
                                   period_start=date(2026, 7, 1), period_end=date(2026, 9, 30),
                                   units=[world.market, world.tax], now=Q3_END)
    services.compute_deductions(e, actor=judge, now=Q3_END)
    services.add_manual_deduction(e, actor=judge, unit=world.tax, code="M01", evidence="投诉查实：执法未出示证件",
                                  now=Q3_END)
    found = sorted((d.unit.name[2:5], d.indicator, d.points) for d in e.deductions.select_related("unit"))
    assert found == [("市市场", "A01", 2), ("市市场", "A02", 5), ("市市场", "A02", 5), ("市市场", "A04", 1),
                     ("市市场", "A05", 5), ("市市场", "A07", 5), ("市税务", "M01", 2)]
    assert all(d.evidence for d in e.deductions.all())
    samples = services.draw_samples(e, actor=judge, method="random", reviewers=[judge], per_unit=2, seed=7,
                                    now=Q3_END)
    market_samples = [s for s in samples if s.unit_id == world.market.pk]
    (tax_sample,) = [s for s in samples if s.unit_id == world.tax.pk]
    assert len(market_samples) == 2
    services.score_sample(market_samples[0], actor=judge, lost={"evidence": "5", "procedure": "3"},
                          notes={"evidence": "缺检验报告", "procedure": "未告知听证"}, now=Q3_END)
    services.score_sample(market_samples[1], actor=judge, lost={"documents": "2"}, notes={"documents": "文书不规范"},
                          now=Q3_END)
    services.score_sample(tax_sample, actor=judge, lost={"facts": "4.5"}, notes={"facts": "事实表述不清"}, now=Q3_END)
    services.open_objections(e, actor=judge, now=Q3_END)
    objection = services.file_objection(tax_sample, actor=world.tax_officer, reasons="事实已在笔录中写明",
                                        now=Q3_END + timedelta(days=3))
    services.answer_objection(objection, actor=judge, result="accepted", answer="笔录可证", lost={"facts": "1.5"},
                              now=Q3_END + timedelta(days=4))
    services.finish_evaluation(e, actor=judge, now=Q3_END + timedelta(days=5))

    units = {s.unit.name: (s.deducted, s.sample_score, s.total, s.rank)
             for s in Score.objects.filter(evaluation=e, officer__isnull=True).select_related("unit")}
    assert units == {"测试市市场监督管理局": (Decimal("23.00"), Decimal("95.00"), Decimal("84.20"), 2),
                     "测试市税务局": (Decimal("2.00"), Decimal("98.50"), Decimal("98.20"), 1)}
    officers = {s.officer.username: (s.total, s.rank) for s in Score.objects.filter(evaluation=e, officer__isnull=False)}
    assert officers == {"m_officer": (Decimal("97.00"), 1)}

    page = world.client(judge).get(f"/evaluation/{e.pk}/").content.decode()
    assert "84.20" in page and "98.20" in page and "已完成" in page
    assert "送达行政处罚决定书（《行政处罚法》第六十一条第一款、第八十五条）期满 2026-07-15" in page

    annual = services.create_evaluation(actor=judge, title="2026年度执法质量考评", kind="annual",
                                        period_start=date(2026, 1, 1), period_end=date(2026, 12, 31),
                                        units=[world.market, world.tax], now=Q3_END + timedelta(days=6))
    services.compute_deductions(annual, actor=judge, now=Q3_END + timedelta(days=6))
    totals = {r["name"]: r["total"] for r in unit_scores(annual)}
    assert totals == {"测试市市场监督管理局": Decimal("79.40"), "测试市税务局": Decimal("99.40")}


def test_an_objection_after_its_period_is_refused_and_units_see_only_their_own(world):
    judge = build(world)
    e = services.create_evaluation(actor=judge, title="三季度", kind="daily", period_start=date(2026, 7, 1),
                                   period_end=date(2026, 9, 30), units=[world.market, world.tax], now=Q3_END)
    services.compute_deductions(e, actor=judge, now=Q3_END)
    (sample,) = services.draw_samples(e, actor=judge, method="all", reviewers=[judge], kind_contains="申报",
                                      now=Q3_END)
    with pytest.raises(DomainError, match="0–15 分"):
        services.score_sample(sample, actor=judge, lost={"facts": "16"}, notes={"facts": "x"}, now=Q3_END)
    services.score_sample(sample, actor=judge, lost={}, notes={}, now=Q3_END)
    services.open_objections(e, actor=judge, now=Q3_END)  # Friday: 五个工作日 end on the next Friday
    with pytest.raises(DomainError, match="异议期已过"):
        services.file_objection(sample, actor=world.tax_officer, reasons="x", now=at("2026-10-17"))
    with pytest.raises(DomainError):
        services.file_objection(sample, actor=world.market_officer, reasons="x", now=Q3_END)
    tax_page = world.client(world.tax_officer).get(f"/evaluation/{e.pk}/").content.decode()
    assert "测市监罚〔2026〕1号" not in tax_page and "测税罚〔2026〕1号" in tax_page
    assert world.client(world.police_officer).get(f"/evaluation/{e.pk}/").status_code == 404


def test_corrections_have_owners_and_deadlines_and_show_in_the_worklist(world):
    judge = build(world)
    e = services.create_evaluation(actor=judge, title="三季度", kind="daily", period_start=date(2026, 7, 1),
                                   period_end=date(2026, 9, 30), units=[world.market], now=Q3_END)
    task = services.create_correction(e, actor=judge, unit=world.market, owner=world.market_officer,
                                      task="补正送达回证，建立送达台账", now=Q3_END)
    items = {t.label: t for t in worklist(world.market_officer, now=Q3_END)}
    assert items["我的整改（纠错）任务"].count == 1 and "整改条款（可配置）：三十日" in items["我的整改（纠错）任务"].basis
    with pytest.raises(DomainError):
        services.finish_correction(task, actor=world.tax_officer, result="x", now=Q3_END)
    services.finish_correction(task, actor=world.market_officer, result="已补正", now=Q3_END + timedelta(days=2))
    assert {t.label: t.count for t in worklist(world.market_officer, now=Q3_END)}["我的整改（纠错）任务"] == 0


def test_the_indicator_catalogue_is_versioned_and_only_the_justice_bureau_edits_it(world):
    judge = build(world)
    with pytest.raises(DomainError):
        revise_indicator(actor=world.market_head, code="A01", description="x", points="3", cap="", basis="y",
                         kinds=["daily"], note="z")
    head = agency_services.create_user(actor=world.admin, username="sfj_head", password=PASSWORD,
                                       agency=judge.agency, roles=["head"], full_name="局长")
    old = services.current_catalogue()
    e = services.create_evaluation(actor=judge, title="旧版", kind="daily", period_start=date(2026, 7, 1),
                                   period_end=date(2026, 9, 30), units=[world.market], now=Q3_END)
    new = revise_indicator(actor=head, code="A01", description="办案期限逾期", points="3", cap="30",
                           basis="《行政处罚法》第六十条", kinds=["daily", "annual"], note="逾期加重扣分")
    assert new.version == old.version + 1 and new.indicators.get(code="A01").points == 3
    e.refresh_from_db()
    assert e.catalogue.indicators.get(code="A01").points == 2  # the running evaluation keeps its version
