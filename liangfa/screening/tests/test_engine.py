"""The engine on plain facts: each kind of rule at its edges (thresholds.yaml conventions)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from liangfa.screening.engine import Facts, evaluate
from liangfa.screening.rules import Catalogue, RuleBook, default_catalogue_text, default_rules_text

RULES = RuleBook(default_rules_text(), "test")
CATALOGUE = Catalogue.from_yaml(default_catalogue_text())
ACT = date(2025, 6, 1)


def facts(n=1, *, violation="销售伪劣产品（以次充好）", kind="legal_person", status="decided", conduct=ACT,
          effective=None, group=1, agency="甲局", tax="", **metrics):
    return Facts(id=n, agency_id=1, agency_name=agency, group=group, party_kind=kind, decision_no=f"罚{n}号",
                 violation_type=violation, legal_basis="", decision_date=conduct + timedelta(days=30),
                 conduct_date=conduct, effective_date=effective or conduct + timedelta(days=45), status=status,
                 metrics={k: Decimal(str(v)) for k, v in metrics.items()}, tax_notice=tax,
                 crimes=tuple(CATALOGUE.crimes_for(violation)))


def judge(case, history=()):
    return evaluate(case, [case, *history], RULES)


def test_exactly_at_the_threshold_and_one_yuan_under():
    [hit] = judge(facts(sales_amount=50000))
    assert (hit.rule_key, hit.kind, hit.value, hit.threshold) == ("weilie_chanpin", "amount", 50000, 50000)
    assert "≥ 立案追诉标准 50,000.00 元" in hit.reason and hit.article == "《刑法》第一百四十条"
    assert judge(facts(sales_amount=49999)) == []


def test_unit_versus_individual_thresholds():
    violation = "经营非法出版物"
    assert judge(facts(violation=violation, kind="natural_person", illegal_business_amount=50000))
    assert judge(facts(violation=violation, kind="legal_person", illegal_business_amount=50000)) == []
    [unit] = judge(facts(violation=violation, kind="legal_person", illegal_business_amount=150000))
    assert unit.threshold == 150000


def test_repeat_window_runs_from_the_first_penalties_effective_date():
    violation = "经营非法出版物"
    # two earlier penalties; the first decided 2023-05-20 but effective 2023-06-01 = exactly two years before the act
    first = facts(2, violation=violation, kind="natural_person", conduct=date(2023, 4, 1), effective=date(2023, 6, 1))
    first.decision_date = date(2023, 5, 20)
    second = facts(3, violation=violation, kind="natural_person", conduct=date(2024, 1, 1))
    case = facts(violation=violation, kind="natural_person", illegal_business_amount=40000)  # 80% of 5万 exactly
    [hit] = judge(case, [first, second])
    assert hit.kind == "repeat" and hit.reduced and hit.threshold == Decimal("40000.0")
    assert [p.id for p in hit.priors] == [2, 3] and "标准的 80%" in hit.reason
    assert judge(facts(violation=violation, kind="natural_person", illegal_business_amount=39999), [first, second]) == []
    first.effective_date = date(2023, 5, 31)  # one day outside the window: only one prior counts
    assert judge(case, [first, second]) == []


def test_repeat_clause_that_needs_no_amount():
    violation = "未取得采矿许可证擅自采矿"
    priors = [facts(2, violation=violation, conduct=date(2024, 3, 1)), facts(3, violation=violation, conduct=date(2024, 9, 1))]
    [hit] = judge(facts(violation=violation), priors)
    assert hit.kind == "repeat" and hit.value is None and hit.needs_review
    assert "不以数额为要件" in hit.reason
    assert judge(facts(violation=violation), priors[:1]) == []


def test_unhandled_acts_are_added_up():
    pending = facts(2, status="investigating", sales_amount=20000)
    [hit] = judge(facts(sales_amount=30000), [pending])
    assert hit.value == 50000 and [a.id for a in hit.added_up] == [2]
    decided = facts(3, status="decided", sales_amount=20000)  # already handled: not added
    assert judge(facts(sales_amount=30000), [decided]) == []


def test_tax_gate():
    violation = "偷税（少缴应纳税款）"
    [gate] = judge(facts(violation=violation, tax_evaded=150000))
    assert gate.kind == "tax_gate" and gate.needs_review and "追缴通知" in gate.checks[0]
    [hit] = judge(facts(violation=violation, tax_evaded=150000, tax="unpaid"))
    assert hit.kind == "amount" and any("10%" in c for c in hit.checks)
    assert judge(facts(violation=violation, tax_evaded=150000, tax="complied")) == []
    priors = [facts(2, violation=violation, conduct=date(2021, 9, 1)), facts(3, violation=violation, conduct=date(2023, 1, 1))]
    [repeat] = judge(facts(violation=violation, tax_evaded=100000, tax="complied"), priors)
    assert repeat.kind == "repeat"  # a repeat offender is flagged without the gate


def test_conditions_only_a_person_can_judge_and_the_fallback():
    [fake] = judge(facts(violation="销售假药"))
    assert fake.kind == "conditions" and fake.needs_review and fake.checks
    [fallback] = judge(facts(violation="销售劣药", sales_amount=60000))
    assert fallback.kind == "fallback" and fallback.article == "《刑法》第一百四十九条、第一百四十条"
    assert fallback.crime_name == "生产、销售伪劣产品罪"  # not the rule file's English annotation
    assert "不构成生产、销售、提供劣药罪的，依《刑法》第一百四十九条第一款，按第一百四十条以生产、销售伪劣产品罪论处" in fallback.reason
    assert judge(facts(violation="销售劣药", sales_amount=6000)) == []  # harm must be proven: no silent flag


def test_area_in_mu_and_ip_reasonable_suspicion():
    assert judge(facts(violation="擅自改变林地用途", area_mu="4.999")) == []
    [hit] = judge(facts(violation="擅自改变林地用途", area_mu=5))
    assert hit.unit == "亩"
    [ip] = judge(facts(violation="未经许可传播他人作品", illegal_gain=16000))
    assert ip.kind == "ip_suspicion" and "第三条第二款" in ip.reason


@pytest.mark.parametrize("day,version", [(date(2025, 4, 25), "《刑法》第二百一十四条；销售金额数额沿用2004年知识产权解释第二条（刑法修正案（十一））"),
                                         (date(2025, 4, 26), "2025年知识产权解释第五条（据报道）")])
def test_rules_in_force_on_the_date_of_the_conduct(day, version):
    """两高《关于适用刑事司法解释时间效力问题的规定》第三条: the 2025 IP interpretation took effect on
    2025-04-26; a sale the day before is judged by the rule then in force, not skipped."""
    [hit] = judge(facts(violation="销售假冒注册商标的商品", sales_amount=60000, conduct=day))
    assert f"行为时适用{version}" in hit.reason


def test_a_party_with_many_penalties_counts_all_and_lists_the_latest():
    violation = "未取得采矿许可证擅自采矿"
    priors = [facts(n, violation=violation, conduct=date(2024, 1, 1) + timedelta(days=10 * n)) for n in range(2, 16)]
    [hit] = judge(facts(violation=violation), priors)
    assert hit.prior_count == 14 and [p.id for p in hit.priors] == list(range(6, 16))
    assert "2年内已受同种行政处罚 14 次（最近 3 次：" in hit.reason and "罚15号" in hit.reason
    pending = [facts(n, status="investigating", sales_amount=1000) for n in range(2, 52)]
    [added] = judge(facts(sales_amount=1000), pending)
    assert added.value == 51000 and added.added_count == 50 and len(added.added_up) == 10
    [self_pending] = judge(facts(1, status="investigating", sales_amount=1000), pending)
    assert self_pending.value == 51000 and self_pending.added_count == 50  # its own amount counted once


def test_priors_are_counted_up_to_a_hundred():
    violation = "未取得采矿许可证擅自采矿"
    priors = [facts(n, violation=violation, conduct=date(2024, 1, 1) + timedelta(days=n)) for n in range(2, 110)]
    [hit] = judge(facts(violation=violation), priors)
    assert hit.prior_count == 101 and "已受同种行政处罚 100 次以上" in hit.reason


def test_a_decided_case_adds_up_only_acts_committed_before_its_decision():
    later = facts(2, status="investigating", conduct=ACT + timedelta(days=60), sales_amount=20000)
    assert judge(facts(sales_amount=30000), [later]) == []  # decided ACT+30: the act of ACT+60 came after
    earlier = facts(3, status="investigating", conduct=ACT - timedelta(days=60), sales_amount=20000)
    [hit] = judge(facts(sales_amount=30000), [later, earlier])
    assert hit.value == 50000 and [a.id for a in hit.added_up] == [3]
    [open_act] = judge(facts(4, status="investigating", sales_amount=10000), [later, earlier])
    assert open_act.value == 50000 and open_act.added_count == 2  # still open: all open acts add up
