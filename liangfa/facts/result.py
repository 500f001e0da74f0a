"""What extract() returns: every value with the place in the text it came from.

A user sees the highlighted span (start, end) of each source, so offsets always refer to the original text
as it was passed in (normalisation in numbers.py keeps every character in place).
"""

from dataclasses import dataclass, field
from decimal import Decimal

# metric → (Chinese name, unit). Names follow liangfa/data/thresholds.yaml where it has one; the ones
# marked "new" have no threshold of their own (yet) and are read for people and for later rules.
METRICS = {
    "sales_amount": ("销售金额", "元"),
    "goods_value": ("货值金额", "元"),
    "illegal_gain": ("违法所得数额", "元"),
    "illegal_business_amount": ("非法经营数额", "元"),
    "evaded_tax": ("逃避缴纳税款数额", "元"),
    "evaded_duty": ("偷逃应缴税额", "元"),
    "tax_ratio": ("逃税数额占应纳税额比例", "比例"),  # new: the 10 % of 刑法第201条 as a fraction
    "invoice_tax_amount": ("虚开的税款数额", "元"),
    "invoice_face_amount": ("虚开发票票面金额", "元"),
    "invoice_count": ("虚开发票份数", "份"),  # named in an all_of of thresholds.yaml
    "refund_fraud_amount": ("骗取出口退税款数额", "元"),
    "deposit_amount": ("吸收公众存款数额", "元"),
    "depositor_count": ("存款对象人数", "人"),
    "participants_count": ("传销活动人员", "人"),
    "settlement_amount": ("非法从事资金支付结算业务数额", "元"),
    "direct_loss": ("直接经济损失数额", "元"),  # thresholds.yaml calls it direct_economic_loss for 安全生产
    "deaths": ("死亡人数", "人"),
    "serious_injuries": ("重伤人数", "人"),
    "tree_value": ("林木价值", "元"),
    "mineral_value": ("开采的矿产品价值", "元"),
    "area_mu": ("面积", "亩"),
    "timber_volume_m3": ("立木蓄积", "立方米"),
    "sapling_count": ("幼树株数", "株"),
    "tree_count": ("林木株数", "株"),  # new: trees counted by the piece, not 幼树
    "cigarettes_count": ("卷烟数量", "支"),
    "copies_count": ("复制品数量", "张(份)"),
    "hazardous_waste_t": ("危险废物", "吨"),
    "heavy_metal_exceed_multiple_a": ("铅汞镉铬砷铊锑超标倍数", "倍"),
    "heavy_metal_exceed_multiple_b": ("镍铜锌银钒锰钴超标倍数", "倍"),
    "exceed_multiple": ("污染物超标倍数", "倍"),  # new: the pollutant is not named
    "amount_involved": ("涉案金额", "元"),  # new: money of the conduct not tied to a named metric
}


@dataclass(slots=True)
class Source:
    """One number in the text and why it was read the way it was."""

    field: str  # which text: "facts" (违法事实) or "penalty" (处罚内容), as the caller named it
    start: int  # character offsets of the highlighted span in that text
    end: int
    text: str  # text[start:end]
    sentence: str
    context: tuple[str, ...]  # the words that decided its meaning (销售金额, 其中, 共计, 每双售价 …)
    amount: Decimal  # this number in the metric's unit (亩 after ㎡ → 亩, 支 after 条 → 支)
    # In a Value: "item", "total" (a stated 合计), "part" (其中, or parts of a larger figure, not added),
    # "restated" (the same money again: 折合, a sentence written twice, 所盗现金…已返还). In Extraction.others,
    # why it was set aside: fine, fine_range (罚款幅度), statute (法条所列数额), refund, compensation, share,
    # purchase (进货金额), fee, unit_price, remedy (补种/恢复), set_aside, derived_differs.
    role: str
    derived: str = ""  # the arithmetic when the value is computed (300双 × 120元 = 36000元)
    approx: str = ""  # 余 / 多 / 约 / 左右: the text gives a lower bound or an estimate
    notes: tuple[str, ...] = ()  # 已退还, 没收, 原单位 平方米 …


@dataclass(slots=True, eq=False)
class Value:
    """The value chosen for one metric, made of its sources."""

    metric: str
    value: Decimal
    unit: str
    how: str  # "stated" (one figure), "total" (a stated 合计), "sum" (items added up), "derived"
    # A tuple of Source, or a function that makes it: most callers (the importer, screening) read `value`
    # only, so the sources are built the first time someone looks at them.
    lazy_sources: object = field(repr=False)
    notes: tuple[str, ...] = ()

    @property
    def sources(self) -> tuple[Source, ...]:
        if callable(self.lazy_sources):
            self.lazy_sources = self.lazy_sources()
        return self.lazy_sources

    @property
    def approx(self) -> bool:
        return any(s.approx for s in self.sources if s.role in ("item", "total"))

    @property
    def name(self) -> str:
        return METRICS[self.metric][0]


@dataclass(slots=True)
class Ambiguity:
    """A value not chosen: the candidates and why (metric "" = its metric is unclear)."""

    metric: str
    reason: str
    candidates: tuple[Source, ...]
    sums: tuple[Decimal, ...] = ()  # the values it could be, when they can be told


@dataclass(slots=True)
class Extraction:
    field: str
    values: dict[str, Value] = field(default_factory=dict)
    ambiguous: list[Ambiguity] = field(default_factory=list)
    lazy_others: list = field(default_factory=list, repr=False)  # Source, or a function making one

    @property
    def others(self) -> list[Source]:
        """Read and set aside: fines, refunds, unit prices, statutory figures … (built on first look)."""
        if any(callable(o) for o in self.lazy_others):
            self.lazy_others = [o() if callable(o) else o for o in self.lazy_others]
        return self.lazy_others

    def get(self, metric: str) -> Decimal | None:
        value = self.values.get(metric)
        return value.value if value else None

    def amounts(self) -> list[Decimal]:
        """Every money figure read, chosen or not (for review screens and the benchmark)."""
        seen = [v.value for v in self.values.values() if v.unit == "元"]
        seen += [s.amount for a in self.ambiguous for s in a.candidates]
        seen += [x for a in self.ambiguous for x in a.sums]
        seen += [s.amount for s in self.others]
        for value in self.values.values():
            seen += [s.amount for s in value.sources if value.unit == "元"]
        return seen

    def is_ambiguous(self, metric: str) -> bool:
        return any(a.metric == metric for a in self.ambiguous)


def combine(*extractions: Extraction) -> Extraction:
    """违法事实 and 处罚内容 read together: a metric found in one only is taken; found in both with
    different values it becomes ambiguous (the texts disagree)."""
    merged = Extraction(field="+".join(e.field for e in extractions))
    for extraction in extractions:
        merged.ambiguous += extraction.ambiguous
        merged.lazy_others += extraction.lazy_others  # still lazy: built when someone looks at them
        for metric, value in extraction.values.items():
            earlier = merged.values.get(metric)
            if earlier is None or earlier.value == value.value:
                merged.values.setdefault(metric, value)
                continue
            del merged.values[metric]
            merged.ambiguous.append(Ambiguity(
                metric, f"{METRICS[metric][0]}在两处写法不一致（{earlier.value} 与 {value.value}）",
                earlier.sources + value.sources, (earlier.value, value.value)))
    return merged
