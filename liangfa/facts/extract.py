"""extract(): the values the 立案追诉标准 use, read from a 违法事实 (or 处罚内容) text.

    extract("经查，当事人销售假冒运动鞋300双，每双售价120元……违法所得人民币柒仟贰佰元整")
    → Extraction(values={"sales_amount": Value(36000, how="derived", …), "illegal_gain": Value(7200, …)}, …)

Nothing is guessed: a figure whose metric is unclear, digits that may be two cells run together, totals
that do not add up are returned in `ambiguous` with the reason.
"""

import re
from decimal import Decimal
from functools import partial

from liangfa.facts.fold import fold
from liangfa.facts.mentions import READ_COUNTS, find_mentions
from liangfa.facts.numbers import plain, to_ascii_digits
from liangfa.facts.reading import OTHER_CN, UNIT_FAMILY, Reading, Text, read, roles
from liangfa.facts.result import METRICS, Ambiguity, Extraction, Source, Value

# Rows without a digit (Arabic, 大写, or a Chinese numeral before a unit) are answered at once.
_GATE = re.compile(r"[0-9０-９壹贰叁肆伍陆柒捌玖拾佰仟]|[一二两三四五六七八九十百千万亿][余多]?[万亿]?"
                   r"[元亩株条支份户人名吨倍盒包张件]|百分之")
_QUANTITY_KINDS = ("count", "area", "volume", "weight")
_ZERO = Decimal(0)
_PRICE_HINT = re.compile(r"每|单价|均价|@|元/")
_ARITHMETIC = re.compile(r"[^，。；]{0,5}=")


# A 处罚内容 that only states the penalty (罚款人民币5000元, 警告, 没收 without a figure) carries no amount of the
# conduct: the fine is read as a fine and set aside, so the importer need not read it at all. 没收违法所得3000元
# is not among them (the 违法所得 is an amount of the conduct), nor anything with a count (没收卷烟40条).
_AMOUNT = r"(?:人民币)?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d{1,2})?万?元整?"
_CN_AMOUNT = r"(?:人民币)?[零壹贰叁肆伍陆柒捌玖拾佰仟万]+元整?"
_PENALTY_ONLY = re.compile(
    rf"(?:(?:并|并处|处以?|给予|作出|予以)?(?:警告|通报批评|罚款(?:{_AMOUNT}|{_CN_AMOUNT})"
    r"|没收[^\d０-９零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟，,；;。、\s]{0,20})(?:的)?(?:行政处罚)?[，,、；;。\s]*)+")


def has_figures(text: str) -> bool:
    return bool(text) and _GATE.search(text) is not None


def only_penalty(text: str) -> bool:
    """True when the text states nothing but the penalty itself: extract() would set every figure aside."""
    return _PENALTY_ONLY.fullmatch(text.strip()) is not None


def extract(text: str, field: str = "facts") -> Extraction:
    result = Extraction(field=field)
    if not has_figures(text):
        return result
    normal = to_ascii_digits(text)
    mentions = find_mentions(normal)
    if mentions and _PRICE_HINT.search(normal) is None:  # 300双 matters only beside a unit price
        mentions = [m for m in mentions if m.kind != "count" or m.unit in READ_COUNTS]
    if not mentions:  # digits without a unit that matters: dates, house numbers, 3个月
        return result
    doc = Text(normal, mentions[0].start, mentions[-1].end)
    readings = [read(doc, mention) for mention in mentions]
    if len(readings) > 1:
        _continue_lists(readings)
        _mark_repeats(doc, readings)
    if "分别" in normal:
        _respectively(doc, readings)
    if doc.priced:
        readings += _derive(doc, readings)
    by_metric: dict[str, list[Reading]] = {}
    for reading in readings:
        if reading.metric:
            by_metric.setdefault(reading.metric, []).append(reading)
        elif reading.other:
            result.lazy_others.append(partial(_source, text, reading, field, reading.other))
        elif reading.mention.kind == "money":
            source = _source(text, reading, field)
            reason = reading.problem or "未写明是哪一种金额（销售金额、货值金额、违法所得……），不作判断"
            result.ambiguous.append(Ambiguity("", reason, (source,)))
    for metric, group in by_metric.items():
        _choose(text, metric, group, field, result)
    return result


def _choose(text: str, metric: str, group: list[Reading], field: str, result: Extraction) -> None:
    unit = METRICS[metric][1]
    if len(group) == 1 and not group[0].problem:  # the common case: one figure, nothing to weigh or add
        _one(text, metric, unit, group[0], field, result)
        return
    hard = [r for r in group if r.problem and not r.soft]
    soft = [r for r in group if r.problem and r.soft]
    clean = [r for r in group if not r.problem]
    if hard or (soft and not clean):
        first = (hard or soft)[0]
        result.ambiguous.append(Ambiguity(metric, first.problem, tuple(_source(text, r, field) for r in group)))
        return
    result.lazy_others += [partial(_source, text, r, field, "set_aside") for r in soft]
    stated = [r for r in clean if not r.computed]
    derived = [r for r in clean if r.computed]
    if stated and derived:  # a figure the text states wins over one worked out from a unit price
        same = {r.amount for r in stated}
        result.lazy_others += [partial(_source, text, r, field, "restated" if r.amount in same else "derived_differs")
                               for r in derived]
        clean = stated
    if len(clean) == 1:
        _one(text, metric, unit, clean[0], field, result)
        return
    outcome = fold(clean, text)
    if outcome.conflict:
        result.ambiguous.append(Ambiguity(metric, outcome.conflict, tuple(_source(text, r, field) for r in clean),
                                          outcome.sums))
        return
    roles_of = outcome.roles
    sources = partial(_sources, text, clean, field, roles_of)
    entries = outcome.entries
    if len(entries) > 1:
        how = "sum"
    elif entries[0].computed:
        how = "derived"
    else:
        how = "total" if entries[0].role == "total" else "stated"
    notes = tuple(dict.fromkeys(n for r in clean for n in r.notes))
    result.values[metric] = Value(metric, outcome.value, unit, how, sources, notes)


def _one(text: str, metric: str, unit: str, only: Reading, field: str, result: Extraction) -> None:
    how = "derived" if only.computed else "total" if only.role == "total" else "stated"
    result.values[metric] = Value(metric, only.amount, unit, how, partial(_sources, text, (only,), field, None),
                                  only.notes)


def _sources(text: str, readings, field: str, roles: dict | None) -> tuple[Source, ...]:
    return tuple(_source(text, r, field, roles[id(r)] if roles else "") for r in readings)


def _source(text: str, reading: Reading, field: str, role: str = "") -> Source:
    start, end = reading.start, reading.end
    s0, s1 = reading.sentence
    mention = reading.mention
    notes = reading.notes
    if mention.converted or reading.other:
        notes += tuple(n for n in (mention.converted, OTHER_CN.get(reading.other, reading.other)) if n)
    words = reading.words
    context = tuple(words) if len(words) < 2 else tuple(dict.fromkeys(words))
    amount = reading.amount if reading.amount is not None else _ZERO
    if mention.approx:
        approx = mention.approx
    elif text.startswith("左右", end):
        approx = "左右"
    else:
        approx = "约" if "约" in text[max(0, end - 6):end] else ""
    return Source(field, start, end, text[start:end], text[s0:s1].strip(), context, amount, role or reading.role,
                  reading.derived, approx, notes)


def _mark_repeats(doc: Text, readings: list[Reading]) -> None:
    """Judgments and some decisions write the facts twice (指控…… / 经审理查明……): a sentence seen before
    word for word brings no new figure."""
    if len(doc.text) < 80 or len(readings) < 2 or not doc.ends:  # no room for a sentence written twice
        return
    first_seen: dict[str, tuple[int, int]] = {}
    for reading in readings:
        start, end = reading.sentence
        key = doc.text[start:end].strip()
        head = max(key.rfind("：", 0, 20), key.rfind(":", 0, 20))
        key = key[head + 1:]  # 公诉机关指控：… and 经审理查明：… lead the same sentence
        if len(key) < 40:  # short sentences (被盗手机价值3198元) recur for different acts
            continue
        seen = first_seen.setdefault(key, reading.sentence)
        reading.repeated = seen != reading.sentence


def _continue_lists(readings: list[Reading]) -> None:
    """A figure with no role word near it takes the role of the figure before it in the same sentence
    (骗取甲10100元、乙3000元……共计23100元: the verb is too far back for the window)."""
    previous = None
    for reading in readings:
        if reading.mention.kind != "money":
            continue
        if (previous is not None and not reading.metric and not reading.other and not reading.role_word
                and previous.sentence == reading.sentence and (previous.metric or previous.other)):
            reading.metric, reading.other = previous.metric, previous.other
            reading.words.append("同句前项")
        previous = reading


def _respectively(doc: Text, readings: list[Reading]) -> None:
    """销售金额、违法所得分别为3000元、500元: the n-th figure belongs to the n-th metric named."""
    money = [r for r in readings if r.mention.kind == "money"]
    for sentence in {r.sentence for r in money if r.respectively}:
        first = next(r for r in money if r.sentence == sentence and r.respectively)
        cut = doc.text.rfind("分别", sentence[0], first.start)
        figures = [r for r in money if r.sentence == sentence and r.start > cut and r.role == "item"]
        named = max(doc.text.rfind(c, sentence[0], cut) for c in "，,；;：") + 1  # the clause naming the metrics
        metrics = []
        for hit in doc.hits(max(named, sentence[0]), cut):
            for group, role in roles(hit):
                if group == "money" and role in METRICS and role != "amount_involved":
                    metrics.append((hit.group(), role))
        if len(metrics) >= 2 and len(metrics) == len(figures):
            for (word, metric), reading in zip(metrics, figures, strict=True):
                reading.metric, reading.other = metric, ""
                reading.words = [word, "分别"]


def _derive(doc: Text, readings: list[Reading]) -> list[Reading]:
    """Unit price × quantity (运动鞋300双，每双售价120元 → 36000元), when the text does not state the product."""
    made = []
    for price in readings:
        if price.other != "unit_price" or price.amount is None:
            continue
        after = doc.text[price.end:price.end + 8]
        if _ARITHMETIC.match(after):
            continue  # the text does the arithmetic itself
        quantity = _quantity_for(price, readings)
        if quantity is None:
            continue
        made.append(_derived(doc, price, quantity))
    return made


def _quantity_for(price: Reading, readings: list[Reading]) -> Reading | None:
    def fits(r: Reading) -> bool:
        if r.mention.kind not in _QUANTITY_KINDS or r.sentence != price.sentence or r.mention.quantity is None:
            return False
        return price.price_of == "" or UNIT_FAMILY.get(r.mention.unit, r.mention.unit) == price.price_of

    before = [r for r in readings if fits(r) and r.end <= price.start]
    if before:
        return before[-1]
    following = [r for r in readings if fits(r) and r.start >= price.end]
    return following[0] if following else None


def _derived(doc: Text, price: Reading, quantity: Reading) -> Reading:
    made = Reading(price.mention, price.sentence, price.clause_start, price.paragraph,
                   start=min(price.start, quantity.start), end=max(price.end, quantity.end))
    made.amount = quantity.mention.quantity * price.amount
    made.computed = True
    made.derived = (f"{plain(quantity.mention.quantity)}{quantity.mention.unit} × {plain(price.amount)}元"
                    f" = {plain(made.amount)}元")
    made.words = [w for w in price.words] + [h.group() for h in quantity.hits[-1:]]
    verb = _verb(quantity)
    if price.price_kind == "purchase" or verb == "purchase":
        made.other = "purchase"
    elif price.price_kind == "list" or verb == "stock":
        made.metric = "goods_value"
    elif verb == "sold":
        made.metric = "sales_amount"
    else:
        made.metric, made.soft = "sales_amount", True
        made.problem = "未写明已售出还是查获、库存：可能是销售金额，也可能是货值金额"
    return made


def _verb(quantity: Reading) -> str:
    for hit in reversed(quantity.hits):
        for group, role in roles(hit):
            if group == "topic" and role in ("sold", "stock"):
                return role
            if group == "money" and role == "purchase":
                return "purchase"
    return ""
