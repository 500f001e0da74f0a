"""违法事实 as agencies write them, for the demo: the amount in mixed forms, 大写, lists, unit prices, refunds.

The shapes follow real published decisions (liangfa/data/demo_real_penalty_records.csv, from
../shared/data/penalty_records): R15 "共5条卷烟，进货价合计589.40元，销售价合计670元", R20 "697㎡×11元/㎡=7667元
(柒仟陆佰陆拾柒元整)", R24 "购进50盒@11元；抽检9盒；售出41盒@15元；违法所得615元；货值金额750元", R26
"没收违法所得20元", R07 "罚款人民币伍万元整". Each shape returns the text and the value it states, so the
demo's case carries exactly what the reader should find.
"""

import random

BIG = "零壹贰叁肆伍陆柒捌玖"
GOODS = [("运动鞋", "双"), ("白酒", "瓶"), ("化妆品", "盒"), ("食用油", "桶"), ("服装", "件"), ("茶叶", "盒")]


def capital(n: int) -> str:
    """36000 → 叁万陆仟 (below 1亿), as decisions write 人民币叁万陆仟元整."""
    def four(x: int) -> str:
        out, zero = "", False
        for unit, size in (("仟", 1000), ("佰", 100), ("拾", 10), ("", 1)):
            d = x // size % 10
            if d:
                out += ("零" if zero and out else "") + BIG[d] + unit
                zero = False
            else:
                zero = True
        return out
    high, low = divmod(n, 10000)
    text = (four(high) + "万" if high else "") + (("零" if high and low < 1000 else "") + four(low) if low else "")
    return text or "零"


def _wan(value: int) -> str:
    return f"{value / 10000:g}万"


def money_text(rng: random.Random, metric: str, value: float, violation: str) -> tuple[str, int | None]:
    """(sentence, the 元 it states) for a money metric; value None: the figure is left ambiguous on purpose."""
    word = {"sales_amount": "销售金额", "illegal_gain": "违法所得", "illegal_business_amount": "非法经营数额",
            "tax_evaded": "少缴税款"}[metric]
    value = int(value)
    roll = rng.random()
    if metric == "tax_evaded":
        ratio = rng.choice(["12.5%", "8.3%", "31%", "百分之十五"])
        amount = round(value, -2)
        if roll < 0.5:
            return f"经查，当事人通过少列收入、虚增成本等方式，少缴增值税、企业所得税共计人民币{amount:,}元，占同期应纳税额的{ratio}。", amount
        return (f"经查，当事人进行虚假纳税申报，少缴税款合计{_wan(round(amount, -3))}元（其中增值税"
                f"{round(amount, -3) * 6 // 10:,}元），占应纳税额{ratio}。"), round(amount, -3)
    if roll < 0.2 and value >= 10000:
        amount = round(value, -3)
        return f"经查，当事人自{rng.randint(2, 11)}月起{violation}，{word}合计人民币{_wan(amount)}元。", amount
    if roll < 0.35:
        amount = round(value, -2)
        return f"经查，当事人{violation}，{word}人民币{capital(amount)}元整。", amount
    if roll < 0.5 and metric == "sales_amount":  # R24: a unit price and the pieces sold
        goods, unit = rng.choice(GOODS)
        price = rng.choice([15, 38, 68, 120, 260])
        pieces = max(1, value // price)
        return (f"经查，当事人购进{goods}{pieces + rng.randint(5, 40)}{unit}，已售出{pieces}{unit}，每{unit}售价{price}元，"
                f"其余被执法人员当场查扣。"), pieces * price
    if roll < 0.65:  # a list and its total (共计)
        parts = [int(round(value * share, -2)) for share in (0.45, 0.35)]
        parts.append(round(value, -2) - sum(parts))
        listed = "、".join(f"{p:,}元" for p in parts)
        return (f"经查，当事人分三次{violation}，{word}分别为{listed}，共计{sum(parts):,}元。"), sum(parts)
    if roll < 0.75 and metric in ("sales_amount", "illegal_gain"):  # refunds are not taken off
        amount = round(value, -2)
        return (f"经查，当事人{violation}，{word}人民币{amount:,}元，案发后已向消费者退还{int(round(amount * 0.2, -2)):,}元。"), amount
    if roll < 0.8:  # no word says which amount: the reader must not guess
        return f"经查，当事人{violation}。执法人员调取其账簿，记载金额合计人民币{round(value, -2):,}元。", None
    amount = round(value, -2)
    return f"经查，当事人{violation}，{word}{amount:,}元。", amount


def quantity_text(rng: random.Random, metric: str, value: float, violation: str) -> tuple[str, float | None]:
    if metric == "area_mu":  # R20: the area in ㎡, as forestry decisions measure it
        square = round(value * 10000 / 15)
        if rng.random() < 0.6:
            return f"经查，当事人{violation}（建养殖房、修路），占用林地{square}㎡。", square * 15 / 10000
        return f"经查，当事人{violation}，经现场测量，面积共计{value:.1f}亩。", round(value, 1)
    return f"经查，当事人{violation}，经调查核实，林木蓄积{value:.1f}立方米。", round(value, 1)
