"""extract(): each form of figure a 违法事实 writes, its value, and the span a user sees highlighted.

Sentences are real ones (the penalty decisions in shared/data/penalty_records, the judgments in
shared/data/criminal_cases) unless marked as written for the test.
"""

import csv
from decimal import Decimal

import pytest

from liangfa.facts import combine, extract, has_figures


def span(text: str, part: str, occurrence: int = 1) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence):
        start = text.index(part, start + 1)
    return start, start + len(part)


def only_source(extraction, metric):
    value = extraction.values[metric]
    assert len(value.sources) == 1
    return value.sources[0]


# ---------------------------------------------------------------- numbers as written

def test_arabic_amount_with_its_metric_and_span():
    text = "被告人巨某转手加价销售给他人，被告人巨某销售金额为76365元，从中获利人民币3818元。"  # cail2018 #72
    result = extract(text)
    sales = only_source(result, "sales_amount")
    assert result.get("sales_amount") == Decimal("76365")
    assert (sales.start, sales.end) == span(text, "76365元")
    assert sales.text == "76365元"
    assert sales.context == ("销售金额",)
    assert sales.sentence == text[:-1].split("。")[0] + "。"
    assert result.get("illegal_gain") == Decimal("3818")  # 获利
    assert result.values["illegal_gain"].sources[0].start == text.index("3818元")


def test_thousands_separators_ascii_and_full_width():
    text = "经鉴定，该四箱盐酸曲马多片为假药，价值人民币18，000元。"  # cail2018 #91
    result = extract(text)
    assert result.get("amount_involved") == Decimal("18000")
    assert only_source(result, "amount_involved").text == "18，000元"
    written = "当事人销售上述产品，销售金额人民币12,500.50元。"  # written for the test
    assert extract(written).get("sales_amount") == Decimal("12500.50")


def test_full_width_digits_keep_their_offsets():
    text = "经查，当事人违法所得１２００元。"  # written for the test
    source = only_source(extract(text), "illegal_gain")
    assert source.amount == Decimal("1200")
    assert (source.start, source.end) == span(text, "１２００元")
    assert source.text == "１２００元"


@pytest.mark.parametrize(("text", "metric", "value", "shown"), [
    ("货值金额人民币12.5万元，违法所得人民币柒仟贰佰元整。", "goods_value", "125000", "12.5万元"),
    ("上述货物货值金额共计1.2亿元。", "goods_value", "120000000", "1.2亿元"),
    ("当事人非法经营额5万2千元。", "illegal_business_amount", "52000", "5万2千元"),
])
def test_wan_and_yi(text, metric, value, shown):  # written for the test
    result = extract(text)
    assert result.get(metric) == Decimal(value)
    source = result.values[metric].sources[0]
    assert text[source.start:source.end] == shown


def test_capital_numerals():
    text = "没收违法所得人民币柒仟贰佰元整，并处罚款人民币叁万陆仟元整。"  # written for the test
    result = extract(text)
    gain = only_source(result, "illegal_gain")
    assert gain.amount == Decimal("7200")
    assert gain.text == "柒仟贰佰元"
    assert "没收" in gain.notes  # 没收违法所得 in 处罚内容 is evidence of the gain
    fine = [s for s in result.others if s.role == "fine"]
    assert [(s.text, s.amount) for s in fine] == [("叁万陆仟元", Decimal("36000"))]


def test_mixed_forms_with_yu_are_lower_bounds():
    text = "被告人姜X等人用微信、支付宝转款的方式转走被害人杨某人民币共计16万余元。"  # laic2021
    result = extract(text)
    value = result.values["amount_involved"]
    assert value.value == Decimal("160000")
    assert value.approx
    assert value.sources[0].approx == "余"
    assert value.sources[0].text == "16万余元"
    sales = extract("当事人销售金额合计3万余元。")  # written for the test
    assert sales.get("sales_amount") == Decimal("30000")
    assert sales.values["sales_amount"].how == "total"


# ---------------------------------------------------------------- areas, volumes, counts

def test_square_metres_become_mu():
    text = "擅自改变林地用途(建养殖房、修路)697㎡，重点商品林"  # real_penalty_records R20
    source = only_source(extract(text), "area_mu")
    assert source.amount == Decimal("697") * 15 / 10000  # 1.0455 亩
    assert source.text == "697㎡"
    assert (source.start, source.end) == span(text, "697㎡")
    assert any("亩" in note for note in source.notes)
    written = "当事人开垦林地3,600平方米。"  # written for the test
    assert extract(written).get("area_mu") == Decimal("5.4")


def test_hectares_become_mu_and_the_converted_figure_is_not_added_again():
    text = ("被告人王某某在卓资县卓资山镇和平村委会非法占用农用地采金，三块共计0.9336公顷（折合14.004亩），"
            "全部为基本农田。")  # cail2018 #250
    value = extract(text).values["area_mu"]
    assert value.value == Decimal("14.004")
    assert [(s.text, s.role) for s in value.sources] == [("0.9336公顷", "total"), ("14.004亩", "restated")]


def test_cubic_metres_of_standing_timber():
    text = "砍伐的林木属大雪山乡曼来村半坡田组集体所有，所采伐的林木蓄积为24.6519立方米。"  # cail2018 #81
    source = only_source(extract(text), "timber_volume_m3")
    assert source.amount == Decimal("24.6519")
    assert (source.start, source.end) == span(text, "24.6519立方米")


def test_log_volume_is_not_standing_volume():
    text = "砍伐的2棵树木损失活立木蓄积29.733立方米，折合原木材积17.8938立方米。"  # cail2018 #89
    result = extract(text)
    assert result.get("timber_volume_m3") == Decimal("29.733")
    assert all(s.text != "17.8938立方米" or s.role != "item" for s in result.values["timber_volume_m3"].sources)
    alone = extract("经检尺，原木材积17.8938立方米。")  # written for the test
    assert alone.get("timber_volume_m3") is None
    assert alone.ambiguous[0].metric == "timber_volume_m3"
    assert "出材率" in alone.ambiguous[0].reason


def test_cigarettes_in_tiao_become_sticks():
    text = "共5条卷烟，进货价合计589.40元，销售价合计670元"  # real_penalty_records R15
    result = extract(text)
    sticks = only_source(result, "cigarettes_count")
    assert sticks.amount == Decimal("1000")
    assert sticks.derived == "5条 × 200 = 1000支"
    assert (sticks.start, sticks.end) == span(text, "5条")
    assert result.get("sales_amount") == Decimal("670")
    assert [s.text for s in result.others if s.role == "purchase"] == ["589.40元"]


def test_cigarettes_in_jian_are_not_converted():
    result = extract("现场查获卷烟3件。")  # written for the test
    assert result.get("cigarettes_count") is None
    assert "口径" in result.ambiguous[0].reason


# ---------------------------------------------------------------- worked out, added up

def test_unit_price_times_quantity():
    text = "经查，当事人销售假冒运动鞋300双，每双售价120元。"  # written for the test (the brief's example)
    value = extract(text).values["sales_amount"]
    assert value.value == Decimal("36000")
    assert value.how == "derived"
    assert value.sources[0].derived == "300双 × 120元 = 36000元"
    assert (value.sources[0].start, value.sources[0].end) == (text.index("300双"), text.index("120元") + 4)


def test_real_record_with_purchase_sale_and_stated_figures(shared):
    records = {r["rid"]: r for r in csv.DictReader(
        (shared / "data" / "penalty_records" / "real_penalty_records_dev.csv").open(encoding="utf-8"))}
    text = records["R24"]["amounts"]  # 购进50盒@11元；抽检9盒；售出41盒@15元；违法所得615元；货值金额750元
    result = extract(text)
    assert result.get("illegal_gain") == Decimal("615")
    assert result.get("goods_value") == Decimal("750")
    sales = result.values["sales_amount"]
    assert (sales.value, sales.how, sales.sources[0].derived) == (Decimal("615"), "derived", "41盒 × 15元 = 615元")
    assert [s.amount for s in result.others if s.role == "purchase"] == [Decimal("550")]  # 50盒 × 11元


def test_listed_figures_add_up_to_the_stated_total():
    text = ("先后骗取了被害人毛某某人民币10100元、赖某某人民币3000元、谢某人民币2000元、银某某人民币8000元，"
            "共计人民币23100元。")  # laic2021
    value = extract(text).values["amount_involved"]
    assert value.value == Decimal("23100")
    assert value.how == "total"
    assert [(s.text, s.role) for s in value.sources] == [
        ("10100元", "part"), ("3000元", "part"), ("2000元", "part"), ("8000元", "part"), ("23100元", "total")]


def test_separate_acts_are_added():
    text = ("1、2018年10月20日晚，被告人曹XX通过攀爬窗户的方式进入刘某家中，盗窃现金8000元。\n"
            "2、2018年12月28日晚，被告人曹XX通过攀爬防盗网的方式进入熊某家中，盗窃现金5000元。")  # laic2021
    value = extract(text).values["amount_involved"]
    assert (value.value, value.how) == (Decimal("13000"), "sum")


def test_a_part_after_qizhong_is_not_counted_twice():
    text = "见面后，胡X华给了他3400元，其中3000元是胡X华向他卡号62×××32转账的，又给了现金400元，他出具了收条。"  # laic
    value = extract(text).values["amount_involved"]
    assert value.value == Decimal("3400")
    assert [s.role for s in value.sources] == ["item", "part", "part"]
    written = "当事人货值金额12000元，其中已销售部分货值8000元。"  # written for the test
    assert extract(written).get("goods_value") == Decimal("12000")


def test_items_that_happen_to_add_up_to_the_first_are_still_items_of_the_stated_total():
    """400 + 100 = 500 looks like 500 and its parts; the stated 共计1,000元 says all three are items (the QA walk
    found the demo's sentence ambiguous: 写明的合计1000与所列各项之和500不一致)."""
    text = "经查，当事人分三次经营超过保质期的食品，销售金额分别为500元、400元、100元，共计1,000元。"
    value = extract(text).values["sales_amount"]
    assert (value.value, value.how) == (Decimal("1000"), "total")
    assert [s.role for s in value.sources] == ["part", "part", "part", "total"]
    # parts a 其中 names stay parts: a total over them and their whole again is still a conflict
    assert extract("销售金额500元，其中甲400元、乙100元，共计1000元。").get("sales_amount") is None


def test_a_total_that_does_not_add_up_is_ambiguous():
    result = extract("违法所得分别为200元、300元，合计600元。")  # written for the test
    assert result.get("illegal_gain") is None
    doubt = result.ambiguous[0]
    assert doubt.metric == "illegal_gain"
    assert doubt.sums == (Decimal("600"), Decimal("500"))
    assert "不一致" in doubt.reason


# ---------------------------------------------------------------- words that change the meaning

def test_refunded_money_stays_the_amount_of_the_conduct_with_a_note():
    result = extract("当事人违法所得3000元已全部退还消费者。")  # written for the test
    assert result.get("illegal_gain") == Decimal("3000")
    assert "已退还" in result.values["illegal_gain"].notes


def test_money_paid_back_is_not_an_amount_of_the_conduct():
    text = ("以要见面礼、压箱底钱等各种理由骗取被害人刘某4现金、手机等款物价值共计50270元。"
            "案发后被告人许XX方已退还被害人刘某4现金31200元。")  # laic2021
    result = extract(text)
    assert result.get("amount_involved") == Decimal("50270")
    assert [(s.text, s.role) for s in result.others] == [("31200元", "refund")]


def test_fines_and_penalty_ranges_are_not_amounts_of_the_conduct():
    result = extract("没收违法所得615元，并处罚款1000元。", field="penalty")  # written for the test
    assert result.get("illegal_gain") == Decimal("615")
    assert [(s.text, s.role, s.field) for s in result.others] == [("1000元", "fine", "penalty")]
    ranged = extract("法定罚款幅度为货值金额的5倍以上10倍以下，即3750元至7500元。")  # written for the test
    assert ranged.values == {}
    assert {s.role for s in ranged.others} == {"fine_range"}
    statute = extract("依据该条规定，货值金额不足一万元的，并处五万元以上十万元以下罚款。")  # written for the test
    assert statute.values == {}
    assert "statute" in {s.role for s in statute.others}


def test_list_price_and_sale_price():
    result = extract("现场查获运动鞋200双，每双标价300元。")  # written for the test
    assert result.get("goods_value") == Decimal("60000")
    assert result.get("sales_amount") is None


# ---------------------------------------------------------------- never invented

def test_numbers_run_together_are_ambiguous():
    text = "货值金额1200.0015000.00元"  # written for the test: two table cells pasted into one
    result = extract(text)
    assert result.values == {}
    doubt = result.ambiguous[0]
    assert doubt.metric == "goods_value"
    assert "两个" in doubt.reason
    assert (doubt.candidates[0].start, doubt.candidates[0].end) == (4, len(text))


def test_a_figure_whose_metric_is_unclear_is_ambiguous():
    result = extract("经查，当事人共计12000元。")  # written for the test
    assert result.values == {}
    assert result.ambiguous[0].metric == ""
    assert "未写明" in result.ambiguous[0].reason


def test_a_worked_out_value_that_may_be_sales_or_stock_is_ambiguous():
    result = extract("运动鞋300双，每双售价120元。")  # written for the test: sold or seized?
    assert result.values == {}
    doubt = result.ambiguous[0]
    assert doubt.candidates[0].derived == "300双 × 120元 = 36000元"
    assert "货值金额" in doubt.reason


# ---------------------------------------------------------------- fast path, 处罚内容

def test_rows_without_figures_take_the_fast_path():
    text = "当事人未取得食品经营许可证从事食品经营活动。"
    assert not has_figures(text)
    assert extract(text).values == {}
    assert has_figures("违法所得人民币柒仟贰佰元整")  # no Arabic digit, still read
    assert extract("2023年5月12日检查").values == {}  # digits without a unit


def test_facts_and_penalty_read_together():
    facts = extract("当事人销售不合格产品，违法所得人民币615元。")
    penalty = extract("没收违法所得615元，并处罚款3000元。", field="penalty")
    merged = combine(facts, penalty)
    assert merged.get("illegal_gain") == Decimal("615")
    differing = combine(facts, extract("没收违法所得600元。", field="penalty"))
    assert differing.get("illegal_gain") is None
    assert differing.ambiguous[0].sums == (Decimal("615"), Decimal("600"))


def test_real_penalty_records_read_as_published(shared):
    records = {r["rid"]: r for r in csv.DictReader(
        (shared / "data" / "penalty_records" / "real_penalty_records_dev.csv").open(encoding="utf-8"))}
    fine = extract(records["R07"]["amounts"], field="penalty")  # 罚款人民币伍万元整
    assert fine.values == {}
    assert [(s.role, s.amount) for s in fine.others] == [("fine", Decimal("50000"))]
    gain = extract(records["R26"]["amounts"], field="penalty")  # 没收违法所得20元；没收馒头1罐
    assert gain.get("illegal_gain") == Decimal("20")
    assert extract(records["R03"]["violation"]).values == {}  # 经营标签不符合强制性国家标准的化妆品


# ---------------------------------------------------------------- the other metrics of thresholds.yaml

@pytest.mark.parametrize(("text", "expected"), [
    # cail2018 #60
    ("让七家企业虚开增值税专用发票15份，税额166323.87元，价税合计1144699.68元。",
     {"invoice_count": "15", "invoice_tax_amount": "166323.87", "invoice_face_amount": "1144699.68"}),
    # cail2018 #338
    ("经义乌市环境保护监测站检测，被告人张某厂内废水外排水的总铬超标4.4倍以上，总镍超标9.6倍以上。",
     {"heavy_metal_exceed_multiple_a": "4.4", "heavy_metal_exceed_multiple_b": "9.6"}),
    # cail2018 #43
    ("经鉴定，孟某盗窃林木价值为27465元。", {"tree_value": "27465"}),
    # cail2018 #353 (numbers in words)
    ("致使发生冒顶事故，导致井下作业的四名工人死亡。", {"deaths": "4"}),
    # written for the test
    ("经查，当事人通过虚假申报少缴增值税税款126000元，占应纳税额的15.6%。",
     {"evaded_tax": "126000", "tax_ratio": "0.156"}),
    ("当事人少缴税款占应纳税额百分之十二点五。", {"tax_ratio": "0.125"}),
    ("走私冻品偷逃应缴税额共计人民币35万元。", {"evaded_duty": "350000"}),
    ("当事人非法处置危险废物废矿物油12.5吨，另有废机油800千克。", {"hazardous_waste_t": "13.3"}),
    ("向社会公众非法吸收公众存款2142.965万元，涉及集资参与人47人。",
     {"deposit_amount": "21429650", "depositor_count": "47"}),
])
def test_other_metrics(text, expected):
    assert {k: v.value for k, v in extract(text).values.items()} == {k: Decimal(v) for k, v in expected.items()}


def test_respectively_pairs_metrics_with_figures():
    text = "经查，当事人销售金额、违法所得分别为3000元、500元。"  # written for the test
    result = extract(text)
    assert result.get("sales_amount") == Decimal("3000")
    assert result.get("illegal_gain") == Decimal("500")
    assert result.values["illegal_gain"].sources[0].context == ("违法所得", "分别")
    assert (result.values["illegal_gain"].sources[0].start, result.values["illegal_gain"].sources[0].end) == span(
        text, "500元")
    listed = extract("当事人销售金额分别为1200元、1800元，合计3000元。")  # written for the test
    assert (listed.get("sales_amount"), listed.values["sales_amount"].how) == (Decimal("3000"), "total")
