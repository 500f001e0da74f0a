"""Find every number that carries a unit (元, 亩, ㎡, 立方米, 条, 株 …) and read its value.

A number without a unit (dates, house numbers, card numbers) is not a mention. Values are converted to the
unit the thresholds use: 元; 亩 (㎡ × 15 / 10000, 公顷 × 15); 立方米; 吨; counts as written.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from liangfa.facts.numbers import CN_CHARS, CN_DIGITS, NumberAmbiguous, approx_step, parse_number, plain
from liangfa.facts.trie import trie_pattern

# Possessive: a date like 2023年 fails at once instead of backtracking. A full-width comma counts as a
# thousands separator only before exactly three digits (18，000元), never as a list (3元，5元).
_AR = r"\d(?:[\d,]|，(?=\d{3}(?!\d)))*+(?:\.\d+)*+"
_SCALE_TAIL = r"(?:[万亿萬億]|[十百千](?![克米瓦]))"
_NUM_AR = rf"{_AR}(?:{_SCALE_TAIL}(?:\d+(?:\.\d+)?)?)*+"
_NUM_CN = rf"[{CN_CHARS}]++"

UNIT_KIND = {
    "元": "money", "圆": "money",
    "平方米": "area", "平米": "area", "㎡": "area", "m²": "area", "m2": "area", "平方公里": "area",
    "公顷": "area", "亩": "area",
    "立方米": "volume", "立方": "volume", "m³": "volume", "m3": "volume", "㎥": "volume",
    "千克": "weight", "公斤": "weight", "kg": "weight", "吨": "weight", "克": "weight", "斤": "weight",
    "%": "percent", "‰": "percent", "倍": "multiple",
}
COUNT_UNITS = "条 支 盒 包 株 棵 份 张 户 人 名 双 件 瓶 袋 箱 个 台 只 套 桶 罐 次 册 本 盆 部 块".split()
_UNITS = sorted(UNIT_KIND, key=len, reverse=True) + COUNT_UNITS
READ_COUNTS = set("条支盒包株棵份张户人名箱件")  # counts some threshold or conversion uses
_TO_MU = {"亩": Decimal(1), "公顷": Decimal(15), "平方公里": Decimal(1500)}  # 1 亩 = 10000/15 ㎡
_TO_TONNE = {"吨": Decimal(1), "千克": Decimal("0.001"), "公斤": Decimal("0.001"), "kg": Decimal("0.001"),
             "克": Decimal("0.000001"), "斤": Decimal("0.0005")}

MENTION = re.compile(
    rf"(?=[0-9{CN_CHARS}百])"  # lets the engine skip to where a figure can start
    rf"(?:(?P<num>{_NUM_AR}|{_NUM_CN})(?P<approx>余|多)?(?P<scale>[万亿萬億])?"
    rf"(?P<unit>{trie_pattern(_UNITS)})"
    r"|百分之(?P<pct>[\d.]+|[" + CN_CHARS + "点]+))"
)
_ONE = Decimal(1)
_SCALE = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
_CN_RUN = re.compile(f"[{CN_DIGITS}]")


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    kind: str  # money, area, volume, weight, percent, multiple, count
    unit: str  # as written (条, ㎡ …); the value is already in the kind's base unit
    value: Decimal | None  # None when the digits are ambiguous
    approx: str = ""
    problem: str = ""  # why the digits are ambiguous
    step: Decimal = Decimal(0)  # how far 余 may reach above the value
    converted: str = ""  # 3600平方米 = 5.4亩
    quantity: Decimal | None = None  # as written, before conversion (for unit price × quantity)


def find_mentions(text: str) -> list[Mention]:
    found = []
    for match in MENTION.finditer(text):
        mention = _read(match, text)
        if mention is not None:
            found.append(mention)
    return found


def _read(match: re.Match, text: str) -> Mention | None:
    raw, approx, scale_word, unit, pct = match.group("num", "approx", "scale", "unit", "pct")
    if pct is not None:
        return _percent(match)
    start, end = match.span()
    before = text[start - 1] if start else ""
    arabic = raw[0].isdigit()
    if before == "第" or before.isdigit() or (before == "." if arabic else before in CN_CHARS):
        return None  # 第十六条, or the tail of a longer number
    if raw[-1] == "千" and unit in ("克", "米"):  # 5千克 is 5 kg, not 5000 g
        raw, unit = raw[:-1], "千" + unit
        if unit == "千米" or not raw:
            return None
    if not arabic and raw not in ("十", "拾") and not _CN_RUN.search(raw):
        return None  # 万元户, 千元: a unit word, not a number
    kind = UNIT_KIND.get(unit, "count")
    if not arabic and kind == "count" and unit not in READ_COUNTS:
        return None  # 一部手机, 三个人: counts the thresholds never use, in words
    mention = Mention(start, end, kind, unit, None, approx or "")
    if before == " " and start >= 2 and text[start - 2].isdigit():
        mention.problem = f"“{text[max(0, start - 12):end]}”前面紧接着另一个数字，可能是两个单元格连在一起"
        return mention
    if raw.isdigit():
        value = Decimal(raw)
    else:
        try:
            value = parse_number(raw, money=kind == "money" and not scale_word)
        except NumberAmbiguous as exc:
            mention.problem = str(exc)
            return mention
    scale = _SCALE[scale_word] if scale_word else 1
    if scale != 1:
        value *= scale
    if "." in raw and (scale != 1 or raw[-1] in _SCALE) and value == value.to_integral_value():
        value = value.quantize(_ONE)  # 18.6万 is 186000, not 186000.0
    mention.quantity = value
    if approx:
        mention.step = approx_step(raw, value / scale) * scale
    if kind == "area" and unit not in _TO_MU:
        mu = value * 15 / 10000
        mention.converted = f"{plain(value)}{unit} = {plain(mu)}亩（1亩 = 10000/15平方米）"
        value = mu
    elif kind == "area" and unit != "亩":
        mu = value * _TO_MU[unit]
        mention.converted = f"{plain(value)}{unit} = {plain(mu)}亩"
        value = mu
    elif kind == "weight":
        value = value * _TO_TONNE[unit]
    mention.value = value
    return mention


def _percent(match: re.Match) -> Mention:
    raw = match.group("pct")
    mention = Mention(match.start(), match.end(), "percent", "%", None)
    try:
        if raw[0].isdigit():
            mention.value = Decimal(raw)
        else:
            whole, _, frac = raw.partition("点")
            value = parse_number(whole, money=False) if whole else Decimal(0)
            if frac:
                value += Decimal("0." + "".join(str(int(parse_number(c, money=False))) for c in frac))
            mention.value = value
    except (NumberAmbiguous, ValueError) as exc:
        mention.problem = str(exc)
    return mention
