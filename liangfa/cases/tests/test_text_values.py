"""Threshold values read from the 违法事实 at import, kept with their source; screening judges them."""

from liangfa.cases.models import PenaltyCase
from liangfa.screening.models import Clue
from liangfa.testing import load, record

TEXT_ONLY = record(**{"销售金额（元）": None,
                      "违法事实": "经查，当事人于2024年10月至11月间销售以次充好的食用油，销售金额合计人民币8.6万余元，"
                                  "违法所得人民币柒仟贰佰元整。"})


def test_a_case_whose_only_amount_is_in_its_facts_raises_its_clue(world):
    result = load(world.market, [TEXT_ONLY])
    assert result.committed, result.rejected
    case = PenaltyCase.objects.get()
    assert case.sales_amount == 86000 and case.illegal_gain == 7200
    entry = case.text_values["values"]["sales_amount"]
    assert entry["status"] == "extracted" and entry["where"] == "违法事实"
    [source] = entry["sources"]
    assert case.facts[source["start"]:source["end"]] == "8.6万余元"
    clue = Clue.objects.get()
    assert clue.reason.startswith("从违法事实中识别：“")
    assert "8.6万余元" in clue.reason and clue.needs_review
    assert any(c.startswith("需人工核实：销售金额") for c in clue.checks)


def test_a_structured_column_wins(world):
    load(world.market, [record(**{"违法事实": TEXT_ONLY["违法事实"], "销售金额（元）": "12,000"})])
    case = PenaltyCase.objects.get()
    assert case.sales_amount == 12000 and "sales_amount" not in case.text_values["values"]
    assert not Clue.objects.exists()
