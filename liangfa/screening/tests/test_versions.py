"""The law in force at the time of the conduct (两高《关于适用刑事司法解释时间效力问题的规定》第二、三条),
the thresholds that used to be skipped for want of a case field, conditions named by words in a case,
第一百四十七条, land classes — the engine on plain facts."""

from datetime import date, timedelta
from decimal import Decimal

from liangfa.screening.engine import Facts, assess
from liangfa.screening.rules import Catalogue, RuleBook, default_catalogue_text, default_rules_text

RULES = RuleBook(default_rules_text(), "test")
CATALOGUE = Catalogue.from_yaml(default_catalogue_text())
TODAY = date(2026, 11, 29)


def facts(*, violation, conduct=date(2025, 6, 1), kind="legal_person", tax="", land="", text="", basis="", **metrics):
    return Facts(id=1, agency_id=1, agency_name="甲局", group=1, party_kind=kind, decision_no="罚1号",
                 violation_type=violation, legal_basis=basis, decision_date=conduct + timedelta(days=30),
                 conduct_date=conduct, effective_date=conduct + timedelta(days=45), status="decided",
                 metrics={k: Decimal(str(v)) for k, v in metrics.items()}, tax_notice=tax,
                 crimes=tuple(CATALOGUE.crimes_for(violation, basis)), land_class=land, text=text)


def judge(case, rules=RULES):
    findings, gaps = assess(case, [case], rules, TODAY)
    return findings, gaps


def one(case, rules=RULES):
    [hit], _ = judge(case, rules)
    return hit


TAX = "偷税（少缴应纳税款）"


def test_tax_evasion_in_2023_is_judged_by_the_2022_standard():
    """立案追诉标准（二）(2022) 第五十二条 was in force in 2023, before the 2024 tax interpretation."""
    hit = one(facts(violation=TAX, conduct=date(2023, 6, 1), tax="unpaid", tax_evaded=150000))
    assert (hit.kind, hit.threshold) == ("amount", 100000)
    assert "行为时适用2022年立案追诉标准（二）第五十二条；2024年税收征管解释第二条标准相同" in hit.reason


def test_a_lighter_new_interpretation_applies_and_a_heavier_old_one_raises_nothing():
    """第三条: the 2010 standard (五万元, typed 未见原文) was in force in 2021; the 2024 interpretation's 十万元
    is more favourable to the suspect and applies."""
    hit = one(facts(violation=TAX, conduct=date(2021, 6, 1), tax="unpaid", tax_evaded=120000))
    assert hit.threshold == 100000
    assert ("行为时适用2010年立案追诉标准（二）第五十七条；2024年税收征管解释第二条标准更高（对行为人有利），"
            "依从旧兼从轻适用2024年税收征管解释第二条") in hit.reason
    findings, [gap] = judge(facts(violation=TAX, conduct=date(2021, 6, 1), tax="unpaid", tax_evaded=80000))
    assert findings == [] and "依从旧兼从轻不予认定" in gap.text and "第三条" in gap.text


def test_the_tax_gate_cites_the_2024_interpretation():
    """《关于办理危害税收征管刑事案件适用法律若干问题的解释》第三条第二款: no 追缴通知, no criminal liability."""
    hit = one(facts(violation=TAX, tax_evaded=150000))
    assert hit.kind == "tax_gate" and hit.needs_review
    assert "《最高人民法院、最高人民检察院关于办理危害税收征管刑事案件适用法律若干问题的解释》第三条第二款" in hit.reason


def test_tobacco_in_2021_by_the_2010_interpretation():
    """2010年烟草专卖品解释 第三条第一款: 非法经营数额五万元以上 (before the 2022 standard)."""
    hit = one(facts(violation="无烟草专卖零售许可证经营烟草制品零售业务", conduct=date(2021, 5, 1),
                    illegal_business_amount=60000))
    assert "行为时适用2010年烟草专卖品解释第三条第一款" in hit.reason and hit.confidence == "H"


def test_conduct_before_every_encoded_version_is_judged_by_the_oldest_and_marked():
    """第二条 applies a later interpretation where none existed, but 'not encoded' is not 'did not exist'."""
    hit = one(facts(violation="无烟草专卖零售许可证经营烟草制品零售业务", conduct=date(2009, 6, 1),
                    illegal_business_amount=60000))
    assert hit.needs_review and "早于已录入的最早标准（2010年烟草专卖品解释第三条第一款，2010年3月26日施行）" in hit.checks[0]


def test_a_crime_created_later_is_no_crime_before():
    """《刑法》第一百三十四条之一 (危险作业罪) since 刑法修正案（十一）, 2021-03-01; 《刑法》第十二条."""
    violation = "拒不执行责令停产停业决定擅自生产"
    assert judge(facts(violation=violation, conduct=date(2024, 4, 1)))[0]
    findings, [gap] = judge(facts(violation=violation, conduct=date(2020, 4, 1)))
    assert findings == [] and "本罪尚未设立" in gap.text


def test_felling_in_august_2023_and_the_provinces_figure():
    """2000年森林资源解释 第六条 (range 十至二十立方米, 未见原文, the province's figure in the data) until
    2023-08-15, then 2023年森林资源解释 第六条 (二十立方米)."""
    hit = one(facts(violation="滥伐林木", conduct=date(2023, 8, 1), volume_m3=25))
    assert "行为时适用2000年森林资源解释第六条；2023年森林资源解释第六条标准相同" in hit.reason and hit.confidence == "L"
    province = RuleBook(default_rules_text().replace(
        "{metric: timber_volume_m3, metric_cn: 立木蓄积, unit: 立方米, min: 20, min_range: [10, 20]",
        "{metric: timber_volume_m3, metric_cn: 立木蓄积, unit: 立方米, min: 10, min_range: [10, 20]"))
    hit = one(facts(violation="滥伐林木", conduct=date(2023, 8, 1), volume_m3=25), province)
    assert hit.threshold == 20 and "依从旧兼从轻适用2023年森林资源解释第六条" in hit.reason
    findings, [gap] = judge(facts(violation="滥伐林木", conduct=date(2023, 8, 1), volume_m3=15, sapling_count=0,
                                  tree_value=9000), province)
    assert findings == [] and "标准更高（对行为人有利），依从旧兼从轻不予认定" in gap.text
    # without the values the 2023 interpretation also reads, the comparison is left to a person
    unsure = one(facts(violation="滥伐林木", conduct=date(2023, 8, 1), volume_m3=15), province)
    assert unsure.needs_review and "缺少数据（幼树株数、林木价值）" in unsure.checks[0]


def test_counterfeit_goods_sold_in_2024():
    """2004年知识产权解释 第二条 (销售金额五万元) stayed in force until the 2025 interpretation."""
    hit = one(facts(violation="销售假冒注册商标的商品", conduct=date(2024, 5, 1), sales_amount=60000))
    assert "行为时适用《刑法》第二百一十四条；销售金额数额沿用2004年知识产权解释第二条（刑法修正案（十一））" in hit.reason
    assert any("违法所得" in c for c in hit.checks)


def test_pollution_in_2022_by_the_2016_interpretation_and_its_illegal_gain():
    """2016年环境污染解释 第一条 (未见原文, L) in 2022; 违法所得三十万元以上 (2023年解释第一条第（九）项)."""
    hit = one(facts(violation="非法处置危险废物", conduct=date(2022, 5, 1), illegal_gain=400000))
    assert hit.metric_cn == "违法所得" and hit.confidence == "L"
    assert "行为时适用2016年环境污染解释第一条" in hit.reason
    assert one(facts(violation="非法处置危险废物", direct_loss=300000)).metric_cn == "致使公私财产损失"
    assert one(facts(violation="非法处置危险废物", hazardous_waste_t=3)).unit == "吨"


def test_thresholds_that_had_no_case_field():
    """Each read from its own field now (2024年税收征管解释第八、十一、十三条; 2022年立案追诉标准（二）
    第二十三、六十九、七十一条; 2023年森林资源解释第六条; 2016年非法采矿解释第三条)."""
    assert one(facts(violation="虚开发票", invoice_face_amount=600000)).threshold == 500000
    review = one(facts(violation="虚开发票", invoice_face_amount=350000))
    assert review.needs_review and "缺少数据：虚开发票份数（须达到 100 份）" in review.checks
    assert not one(facts(violation="虚开发票", invoice_face_amount=350000, invoice_count=120)).needs_review
    assert judge(facts(violation="虚开发票", invoice_face_amount=350000, invoice_count=50))[0] == []
    assert one(facts(violation="虚开增值税专用发票", invoice_tax_amount=120000)).threshold == 100000
    assert one(facts(violation="骗取出口退税", refund_fraud_amount=120000)).threshold == 100000
    assert one(facts(violation="非法吸收公众存款", deposit_amount=1200000)).threshold == 1000000
    assert one(facts(violation="非法吸收公众存款", depositor_count=160)).unit == "人"
    assert one(facts(violation="合同诈骗", fraud_amount=30000)).threshold == 20000
    assert one(facts(violation="无证批发卷烟", cigarettes_count=250000)).unit == "支"
    assert one(facts(violation="滥伐林木", sapling_count=1200)).threshold == 1000
    assert one(facts(violation="滥伐林木", tree_value=60000)).threshold == 50000
    mixed = one(facts(violation="滥伐林木", volume_m3=12, sapling_count=500))  # 12/20 + 500/1000 = 1.1
    assert mixed.metric == "ratio_sum" and mixed.value == Decimal("1.1")


def test_mining_uses_the_provinces_figure_the_high_end_until_set():
    """2016年非法采矿解释 第三条、第十五条: 十万元至三十万元, each province fixes its figure."""
    assert judge(facts(violation="未取得采矿许可证擅自采矿", mineral_value=120000))[0] == []
    special = one(facts(violation="未取得采矿许可证擅自采矿", mineral_value=200000))  # only in a 国家规划矿区 etc.
    assert special.threshold == 150000 and special.needs_review
    assert one(facts(violation="未取得采矿许可证擅自采矿", mineral_value=300000)).threshold == 300000
    province = RuleBook(default_rules_text().replace("unit: 元, min: 300000, min_range: [100000, 300000]",
                                                     "unit: 元, min: 100000, min_range: [100000, 300000]"))
    assert one(facts(violation="未取得采矿许可证擅自采矿", mineral_value=120000), province).threshold == 100000


def test_a_rule_that_lacks_its_data_says_so():
    findings, [gap] = judge(facts(violation="虚开发票"))
    assert findings == [] and "缺少数据：虚开发票票面金额" in gap.text
    _, [gap] = judge(facts(violation="非法处置危险废物", illegal_gain=1000))
    assert "本平台不记录（须人工核查）：含铅、汞、镉、铬、砷、铊、锑污染物超标倍数" in gap.text


def test_conditions_named_in_the_case_raise_a_clue_for_a_person():
    """刑法第一百四十三条 with 2021年食品安全解释第一条; 污染环境 2023年解释第一条第（五）项; 刑法第一百四十二条之一;
    第一百三十四条之一."""
    food = one(facts(violation="销售不符合食品安全标准的食品", text="当事人销售病死猪肉 50 公斤"))
    assert food.kind == "conditions" and food.needs_review
    assert "违法事实提及“病死”" in food.reason and "第一条第（二）项" in food.reason
    assert judge(facts(violation="销售不符合食品安全标准的食品", text="标签不规范"))[0] == []
    old = one(facts(violation="销售不符合食品安全标准的食品", conduct=date(2020, 1, 1), text="销售病死猪肉"))
    assert "2013年食品安全解释第一条" in old.reason
    pipe = one(facts(violation="违法排放有毒物质", text="通过暗管排放含铬废水"))
    assert "第一条第（五）项" in pipe.reason and pipe.needs_review
    drug = one(facts(violation="销售未取得药品批准证明文件的药品", conduct=date(2024, 1, 1)))
    assert drug.crime_name == "妨害药品管理罪" and "并且足以严重危害人体健康" in " ".join(drug.checks)
    work = one(facts(violation="拒不执行责令停产停业决定擅自生产", conduct=date(2024, 4, 1)))
    assert work.article == "《刑法》第一百三十四条之一" and "第（二）项" in work.reason


def test_fake_pesticides_are_article_147_not_140():
    """《刑法》第一百四十七条; 2001年伪劣商品解释 第七条: 使生产遭受较大损失 一般以二万元为起点."""
    hit = one(facts(violation="销售假农药", direct_loss=30000))
    assert (hit.crime_name, hit.article) == ("生产、销售伪劣农药、兽药、化肥、种子罪", "《刑法》第一百四十七条")
    assert "第七条" in hit.standard and hit.metric_cn == "使生产遭受的损失"
    fallback = one(facts(violation="销售假农药", sales_amount=60000))  # 第一百四十九条 when no loss is shown
    assert fallback.kind == "fallback" and fallback.article == "《刑法》第一百四十九条、第一百四十条"


def test_land_class_decides_five_or_ten_mu():
    """2000年土地资源解释 第三条; 2023年森林资源解释 第一条: 5亩 only for 基本农田 / 公益林, else 10亩."""
    farmland = "非法占用耕地建房"
    assert judge(facts(violation=farmland, area_mu=6, land="other_farmland"))[0] == []
    unknown = one(facts(violation=farmland, area_mu=6))
    assert unknown.needs_review and "请核实是否永久基本农田（基本农田）" in unknown.checks[0]
    assert not one(facts(violation=farmland, area_mu=6, land="basic_farmland")).needs_review
    big = one(facts(violation=farmland, area_mu=12))
    assert not big.needs_review and big.threshold == 10
    forest = one(facts(violation="擅自改变林地用途", area_mu=6))
    assert "请核实是否公益林地" in forest.checks[0]
    assert judge(facts(violation="擅自改变林地用途", area_mu=6, land="commercial_forest"))[0] == []
