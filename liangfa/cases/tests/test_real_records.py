"""The seven real published decisions in shared/data, imported as agencies would deliver them."""

from decimal import Decimal

from liangfa.cases.models import PenaltyCase
from liangfa.demo import real_records
from liangfa.testing import load


def test_each_real_decision_has_its_outcome(world, shared):
    records = real_records.load(shared / "data" / "penalty_records" / "real_penalty_records_dev.csv")
    rows = [real_records.to_template_row(r) for r in records]
    refused = load(world.market, rows, skip_invalid=True)
    assert refused.accepted == 0  # another region's organ decided them: not the market bureau's to load
    assert {r["error"] for r in refused.rejected if r["column"] == "处罚机关"} == {
        "处罚机关不是导入机关“测试市市场监督管理局”：每个机关只导入本机关作出的处罚决定，请由作出决定的机关导入，或改正处罚机关名称"}
    rows = [real_records.as_decided_by(row, world.market.name) for row in rows]
    result = load(world.market, rows, skip_invalid=True)
    rejected = {}
    for r in result.rejected:
        rejected.setdefault(records[r["row"] - 1]["rid"], set()).add(r["column"])
    assert rejected == {
        "R03": {"处罚依据", "处罚类别", "处罚内容", "处罚决定日期"},  # an inspection date only; truncated page
        "R10": {"处罚类别", "处罚内容"},  # the copy stops before the amounts
        "R15": {"处罚类别", "处罚决定日期"},
        "R24": {"处罚类别"},
        "R26": {"行政相对人名称", "行政处罚决定书文号"},  # a reposted fragment
    }
    assert result.accepted == 2
    r07 = PenaltyCase.objects.get(decision_no="盘环罚决(2021)138号")
    assert r07.fine_amount == Decimal("50000.00")
    assert r07.party.id_status == "missing"  # no code: only linkable by a person, by name
    r20 = PenaltyCase.objects.get(decision_no="寻林罚决字〔2023〕第8号")
    assert r20.fine_amount == Decimal("7667.00") and r20.party.kind == "natural_person"
    assert r20.conduct_date is None  # "2021-05(违法)" gives a month, not a date: left empty, not guessed


def test_masked_code_from_a_real_decision_stays_masked(world, shared):
    records = real_records.load(shared / "data" / "penalty_records" / "real_penalty_records_dev.csv")
    r10 = next(r for r in records if r["rid"] == "R10")
    row = real_records.as_decided_by(real_records.to_template_row(r10), world.market.name)
    row.update({"处罚类别": "罚款", "处罚内容": "（公开页面截断）"})
    result = load(world.market, [row])
    assert result.committed, result.rejected
    party = PenaltyCase.objects.get().party
    assert (party.id_status, party.id_raw, party.id_key) == ("masked", "92410724MA44GU****", "")
