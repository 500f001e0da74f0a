"""What each number in the text is: a metric of the conduct, a part or total of one, or something else.

The nearest role word before a figure in its sentence decides (words.py); markers and topics refine it.
"""

import bisect
import re
from dataclasses import dataclass, field
from decimal import Decimal

from liangfa.facts.mentions import Mention
from liangfa.facts.numbers import plain
from liangfa.facts.words import (
    BACK_REFERENCE,
    EACH_UNIT,
    FINE_AFTER,
    GROUP_WORDS,
    LATER_NOTE,
    MARKER_WORDS,
    NOTE_AFTER,
    ROLE_OF,
    SOLD_AFTER,
    STATUTE_AFTER,
    STATUTE_BEFORE,
    VERB_AFTER,
    WORDS,
)

PRICED = re.compile(r"每|单价|均价|@|/")
STATUTORY = re.compile(r"不足|不满|超过|低于|未达|达到|高于|以上|以下|以内|不等")
RETURNED = re.compile(r"退还|归还|发还|返还|追回|退赔|退缴|没收|追缴")
WINDOW = 48  # characters looked at before a figure, within its sentence
AFTER = 4  # and after it, for what a count is of (5条卷烟)
_CLAUSE = re.compile(r"[，,、。；;！？!?\n：]")
_ENDS = frozenset("。；;！？!?\n")
_BREAK = re.compile(r"\n")
_PER = re.compile(r"/(平方米|立方米|㎡|m2|m³|亩|[^\d\s，。；,])")
_PRICE_WORD = re.compile(r"(单价|均价|平均价)[^，。；]{0,4}$")
PER_STICK = {"条": 200, "支": 1, "包": 20, "盒": 20}  # 1 条 = 10 包 = 200 支
UNIT_FAMILY = {"平方米": "㎡", "平米": "㎡", "m²": "㎡", "m2": "㎡", "立方米": "m³", "m3": "m³", "㎥": "m³", "立方": "m³",
                "公斤": "千克", "kg": "千克"}
_NON_CONDUCT = {"fine", "refund", "compensation", "share", "purchase", "fee"}
OTHER_CN = {
    "fine": "罚款/罚金", "refund": "退还、追回或查扣的款物", "compensation": "赔偿", "share": "分赃",
    "purchase": "进货金额", "fee": "费用", "statute": "法条所列数额", "unit_price": "单价",
    "fine_range": "按倍数计算的罚款幅度", "remedy": "恢复、补种数量",
}


Hit = re.Match  # a role word found in the text: .start(), .end(), .group(); its roles are roles(hit)


def roles(hit: Hit) -> list[tuple[str, str]]:
    return ROLE_OF[hit.group()]


@dataclass(slots=True)
class Reading:
    mention: Mention
    sentence: tuple[int, int]
    clause_start: int
    paragraph: int
    metric: str = ""
    other: str = ""  # why it is set aside (OTHER_CN keys)
    role: str = "item"  # item / total / part / same (折合: the figure before again)
    words: list = field(default_factory=list)
    notes: tuple = ()
    problem: str = ""
    soft: bool = False  # a problem that a clean figure of the same metric outweighs
    amount: Decimal | None = None
    price_of: str | None = None  # a unit price: per what ("" = per piece, unit not named)
    price_kind: str = ""  # sale / list / purchase
    respectively: bool = False
    role_word: str = ""  # the money word that decided the role
    back_reference: bool = False  # 所盗现金2600元: money counted before
    announces: bool = False  # 具体事实如下 follows it in its paragraph: a list of its parts comes next
    repeated: bool = False  # its sentence is written word for word earlier in the text (指控 and 查明)
    derived: str = ""  # the arithmetic shown to the user (40条 × 200 = 8000支; 300双 × 120元 = 36000元)
    computed: bool = False  # worked out from a unit price, not stated
    start: int = 0  # the highlighted span: the figure, or quantity to price for a worked-out value
    end: int = 0
    hits: list = field(default_factory=list)


class Text:
    """The text with its sentence ends, clause marks, line breaks and role words found once."""

    def __init__(self, text: str, first: int = 0, last: int | None = None):
        """Role words are looked for from the window before `first` to just after `last` (the figures)."""
        self.text = text
        self.marks = [m.start() for m in _CLAUSE.finditer(text)]  # every sentence end is a clause mark too
        self.ends = [i for i in self.marks if text[i] in _ENDS]
        self.breaks = [m.start() for m in _BREAK.finditer(text)] if "\n" in text else []
        lo = max(self.sentence(first)[0], first - WINDOW)
        hi = len(text) if last is None else min(len(text), last + AFTER)
        self.all_hits = list(WORDS.finditer(text, lo, hi))
        self.hit_starts = [h.start() for h in self.all_hits]
        self.announcing = "如下" in text or "：\n" in text or ":\n" in text
        # Which checks can apply at all: most texts have no 罚, no 退还, no 不足/以上, no unit price.
        self.priced = PRICED.search(text) is not None
        self.statutory = STATUTORY.search(text) is not None
        self.fined = "罚" in text
        self.returned = RETURNED.search(text) is not None

    def sentence(self, pos: int) -> tuple[int, int]:
        i = bisect.bisect_left(self.ends, pos)
        start = self.ends[i - 1] + 1 if i > 0 else 0
        end = self.ends[i] + 1 if i < len(self.ends) else len(self.text)
        return start, end

    def clause_start(self, pos: int) -> int:
        i = bisect.bisect_left(self.marks, pos)
        return self.marks[i - 1] + 1 if i > 0 else 0

    def paragraph(self, pos: int) -> int:
        return bisect.bisect_left(self.breaks, pos)

    def hits(self, start: int, end: int) -> list[Hit]:
        """Role words lying wholly inside [start, end)."""
        i = bisect.bisect_left(self.hit_starts, start)
        found = self.all_hits[i:bisect.bisect_left(self.hit_starts, end, lo=i)]
        return found if not found or found[-1].end() <= end else found[:-1]


def read(doc: Text, mention: Mention) -> Reading:
    text = doc.text
    sentence = doc.sentence(mention.start)
    window = max(sentence[0], mention.start - WINDOW)
    reading = Reading(mention, sentence, max(doc.clause_start(mention.start), window), doc.paragraph(mention.start),
                      start=mention.start, end=mention.end)
    reading.hits = doc.hits(window, mention.start)
    reading.amount = mention.value
    if doc.announcing:
        line_end = text.find("\n", mention.end)
        rest = text[mention.end:line_end if line_end >= 0 else len(text)].rstrip()
        reading.announces = "如下" in rest or rest.endswith(("：", ":"))  # 合计1242元，其中：
    if mention.problem:
        reading.problem = mention.problem
    after = text[mention.end:min(mention.end + 12, sentence[1])]
    _markers(reading)
    kind = mention.kind
    if kind == "money":
        _money(reading, doc, after)
    elif kind == "count":
        _count(reading, doc, after)
    else:
        _measure(reading, doc, after)
    return reading


def _last(hits: list[Hit], group: str, wanted=None) -> tuple[Hit, str] | None:
    words = GROUP_WORDS[group]
    for hit in reversed(hits):
        if hit.group() not in words:
            continue
        for g, role in roles(hit):
            if g == group and (wanted is None or role in wanted):
                return hit, role
    return None


_RANK = {"item": 0, "total": 1, "same": 2, "part": 3}  # 其中…共计 is a part; 共计…（折合…） the same figure


def _markers(reading: Reading) -> None:
    """共计, 其中, 折合, 分别 in the figure's clause."""
    start = reading.mention.start
    for hit in reading.hits:
        if hit.group() not in MARKER_WORDS or hit.start() < reading.clause_start:
            continue
        for group, role in roles(hit):
            if group != "marker" or role == "each":
                continue
            if role == "respectively":
                reading.respectively = True
                continue
            if (role == "total" and hit.group() == "共" and start - hit.end() > 4) or (
                    role == "same" and start - hit.end() > 6):
                continue
            if _RANK[role] >= _RANK[reading.role]:
                reading.role = role
            reading.words.append(hit.group())


def _money(reading: Reading, doc: Text, after: str) -> None:
    text, mention, hits = doc.text, reading.mention, reading.hits
    if doc.priced and _unit_price(reading, text, after):
        return
    if doc.statutory and (STATUTE_BEFORE.search(text, max(0, mention.start - 3), mention.start)
                          or STATUTE_AFTER.match(after)):
        reading.other = "statute"
        return
    found = _last(hits, "money")
    role = found[1] if found else ""
    if found:
        hit = found[0]
        reading.role_word = hit.group()
        reading.words.insert(0, hit.group())
        role = _refine(reading, hit, role, text)
        if "倍" in text[hit.end():mention.start] and role not in _NON_CONDUCT:
            reading.other = "fine_range"
            return
    if doc.fined and FINE_AFTER.match(after):
        reading.other = "fine"
        return
    note = NOTE_AFTER.match(after) if doc.returned else None
    if note and not (role and role not in _NON_CONDUCT) and note.group("w") != "没收":
        role = "refund"
    elif doc.returned and role and role not in _NON_CONDUCT:
        later = LATER_NOTE.search(text, mention.end, reading.sentence[1])
        if later:
            reading.notes += (f"已{later.group('w')}",)
    verb = None if role else VERB_AFTER.match(text, mention.end, reading.sentence[1])
    if verb:  # 将被害人现金200元……盗走
        role = "amount_involved"
        reading.words.append(verb.group()[-2:])
    if role == "amount_involved" and SOLD_AFTER.match(text, mention.end, reading.sentence[1]):
        role = "sales_amount"  # 以200元的价格将该车卖掉: what the goods were sold for, not what was taken
    if role and role not in _NON_CONDUCT:
        lead = max(reading.clause_start, mention.start - 12)
        reading.back_reference = BACK_REFERENCE.search(text, lead, mention.start) is not None
    if role in _NON_CONDUCT:
        reading.other = role
    else:
        reading.metric = role  # "" = its metric is unclear


def _refine(reading: Reading, hit: Hit, role: str, text: str) -> str:
    """Roles that depend on the rest of the sentence."""
    if role in ("invoice_tax_amount", "invoice_face_amount") and "虚开" not in text[slice(*reading.sentence)]:
        return "evaded_tax" if _last(reading.hits, "money", {"evaded_tax"}) else ""
    if role == "evaded_tax" and ("走私" in text or "海关" in text):
        return "evaded_duty"
    if role == "illegal_gain" and text[max(0, hit.start() - 2):hit.start()] == "没收":
        reading.notes += ("没收",)
    if role == "amount_involved" and hit.group() == "价值" and _last(reading.hits, "topic", {"stock"}):
        return "goods_value"  # 查获…价值
    return role


def _unit_price(reading: Reading, text: str, after: str) -> bool:
    mention = reading.mention
    near = text[max(reading.clause_start, mention.start - 10):mention.start]
    each = EACH_UNIT.search(near)
    per = None
    if after.startswith("/") and len(after) > 1:
        unit = _PER.match(after)
        per = unit.group(1) if unit else ""
    elif each:
        per = each.group("u")
    elif near.endswith("@") or _PRICE_WORD.search(near):
        per = ""
    if per is None:
        return False
    reading.other = "unit_price"
    reading.price_of = UNIT_FAMILY.get(per, per)
    kind = _last(reading.hits, "money", {"sales_amount", "goods_value", "purchase"})
    reading.price_kind = {"sales_amount": "sale", "goods_value": "list", "purchase": "purchase"}.get(
        kind[1] if kind else "", "")
    if kind:
        reading.words.append(kind[0].group())
    return True


def _topics(reading: Reading, doc: Text, after: str) -> dict[str, Hit]:
    """Topic → nearest hit, before the figure in its sentence or just after it (5条卷烟)."""
    found: dict[str, Hit] = {}
    for hit in reading.hits:
        for group, role in roles(hit):
            if group == "topic":
                found[role] = hit
    end = reading.mention.end
    for hit in doc.hits(end, min(end + AFTER, reading.sentence[1])):
        for group, role in roles(hit):
            if group == "topic":
                found.setdefault(role, hit)
    return found


def _nearest(topics: dict[str, Hit], *wanted: str) -> str | None:
    present = [(topics[r].start(), r) for r in wanted if r in topics]
    return max(present)[1] if present else None


def _count(reading: Reading, doc: Text, after: str) -> None:
    mention = reading.mention
    unit = mention.unit
    if unit not in ("条", "支", "包", "盒", "件", "箱", "株", "棵", "份", "张", "户", "人", "名"):
        return  # a plain quantity: kept only for unit price × quantity
    topics = _topics(reading, doc, after)
    if unit in ("条", "支", "包", "盒", "件", "箱") and "cigarette" in topics:
        reading.metric = "cigarettes_count"
        reading.words.append(topics["cigarette"].group())
        if unit in ("件", "箱"):
            reading.problem, reading.soft = f"卷烟以“{unit}”计，每{unit}支数各地口径不一，未换算", True
        elif mention.value is not None:
            reading.amount = mention.value * PER_STICK[unit]
            if unit != "支":
                reading.derived = f"{plain(mention.value)}{unit} × {PER_STICK[unit]} = {plain(reading.amount)}支"
    elif unit in ("株", "棵"):
        which = _nearest(topics, "remedy", "sapling", "tree", "timber")
        if which == "remedy":
            reading.other = "remedy"
        elif which:
            reading.metric = "sapling_count" if which == "sapling" else "tree_count"
            reading.words.append(topics[which].group())
    elif unit in ("份", "张") and ("invoice" in topics or "copies" in topics):
        which = _nearest(topics, "invoice", "copies")
        reading.metric = "invoice_count" if which == "invoice" else "copies_count"
        reading.words.append(topics[which].group())
    elif unit in ("人", "名") and ("death" in topics or "injury" in topics):
        which = _nearest(topics, "death", "injury")
        reading.metric = "deaths" if which == "death" else "serious_injuries"
        reading.words.append(topics[which].group())
    elif unit in ("户", "人", "名") and ("deposit" in topics or "pyramid" in topics):
        which = _nearest(topics, "deposit", "pyramid")
        reading.metric = "depositor_count" if which == "deposit" else "participants_count"
        reading.words.append(topics[which].group())


def _measure(reading: Reading, doc: Text, after: str) -> None:
    mention = reading.mention
    topics = _topics(reading, doc, after)
    kind = mention.kind
    if kind == "area":
        which = _nearest(topics, "land", "remedy")
        if which == "land":
            reading.metric = "area_mu"
        elif which == "remedy":
            reading.other = "remedy"
    elif kind == "volume":
        which = _nearest(topics, "timber", "timber_cut", "tree")
        if which == "timber_cut":
            reading.metric, reading.soft = "timber_volume_m3", True
            reading.problem = f"“{topics[which].group()}”不是立木蓄积（立木蓄积 = 原木材积 ÷ 出材率），未换算"
        elif which:
            reading.metric = "timber_volume_m3"
    elif kind == "weight" and "waste" in topics:
        reading.metric = "hazardous_waste_t"
        which = "waste"
    elif kind == "percent" and ("tax" in topics or _last(reading.hits, "money", {"evaded_tax"})):
        reading.metric = "tax_ratio"
        reading.amount = mention.value / 100 if mention.value is not None else None
        which = "tax"
    elif kind == "multiple" and "exceed" in topics:
        metal = _nearest(topics, "metal_a", "metal_b")
        reading.metric = {"metal_a": "heavy_metal_exceed_multiple_a", "metal_b": "heavy_metal_exceed_multiple_b"}.get(
            metal, "exceed_multiple")
        which = "exceed"
    else:
        which = None
    if which in topics:
        reading.words.append(topics[which].group())
