"""Parse amounts as agencies write them into Decimal 元.

Handles 万元 (in the header or the value), thousands separators, full-width digits and 大写 amounts
(伍万贰仟壹佰贰拾元 = 52120). Anything that could be read two ways is refused, never guessed.
"""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from liangfa.core.text import to_halfwidth

CENT = Decimal("0.01")
EMPTY = {"", "-", "—", "/", "无", "空", "null", "none", "nan"}

_DIGITS = {
    "零": 0, "〇": 0, "○": 0,
    "壹": 1, "一": 1, "贰": 2, "貳": 2, "二": 2, "两": 2, "叁": 3, "參": 3, "三": 3, "肆": 4, "四": 4,
    "伍": 5, "五": 5, "陆": 6, "陸": 6, "六": 6, "柒": 7, "七": 7, "捌": 8, "八": 8, "玖": 9, "九": 9,
}
_SMALL_UNITS = {"拾": 10, "十": 10, "佰": 100, "百": 100, "仟": 1000, "千": 1000}
_BIG_UNITS = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
_CHINESE = set(_DIGITS) | set(_SMALL_UNITS) | set(_BIG_UNITS)

_NUMBER = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$|^\d+(\.\d+)?$")
_PLAIN = re.compile(r"\d+(\.\d+)?\Z")
_GROUPED = re.compile(r"\d{1,3}(,\d{3})+(\.\d+)?\Z")


class AmountError(ValueError):
    """The value is not an amount, or could be read more than one way."""


class UnitMissing(AmountError):
    """A bare number in a column whose header names no unit: 元 or 万元 cannot be told apart."""


def _strip_decoration(text: str) -> str:
    text = to_halfwidth(text).strip()
    text = re.sub(r"^(人民币|RMB|CNY|¥|￥)", "", text, flags=re.I).strip()
    text = re.sub(r"(整|正)$", "", text)
    return text.strip()


def _chinese_integer(text: str) -> int:
    """拾万零伍佰 → 100500. Raises AmountError on anything out of order."""
    total, section, digit = 0, 0, None
    last_big = None
    for ch in text:
        if ch in _DIGITS:
            if digit is not None and _DIGITS[ch] != 0 and digit != 0:
                raise AmountError(f"大写金额“{text}”中两个数字相连，无法确定数值")
            digit = _DIGITS[ch]
        elif ch in _SMALL_UNITS:
            section += (1 if digit is None else digit) * _SMALL_UNITS[ch]
            digit = None
        elif ch in _BIG_UNITS:
            unit = _BIG_UNITS[ch]
            if last_big is not None and unit >= last_big:
                raise AmountError(f"大写金额“{text}”中“{ch}”位置不对")
            section += digit or 0
            total = (total + section) * unit if unit > 10_000 or total == 0 else total + section * unit
            section, digit, last_big = 0, None, unit
        else:
            raise AmountError(f"大写金额“{text}”中含有无法识别的字“{ch}”")
    return total + section + (digit or 0)


def _parse_chinese(text: str) -> Decimal:
    """Chinese amount with optional 元/圆, 角, 分 parts."""
    jiao = fen = 0
    yuan_part = text
    match = re.fullmatch(r"(.*?)[元圆]?(?:(.)角)?(?:(.)分)?", text)
    if match and (match.group(2) or match.group(3)):
        yuan_part = match.group(1)
        jiao = _DIGITS.get(match.group(2) or "零", None)
        fen = _DIGITS.get(match.group(3) or "零", None)
        if jiao is None or fen is None:
            raise AmountError(f"大写金额“{text}”的角、分部分无法识别")
    yuan_part = re.sub(r"[元圆]$", "", yuan_part)
    yuan = _chinese_integer(yuan_part) if yuan_part else 0
    return Decimal(yuan) + Decimal(jiao) / 10 + Decimal(fen) / 100


def parse_amount(value, *, unit: str = "元") -> Decimal | None:
    """Parse one cell into 元. `unit` is the column's unit (元 or 万元) when the value names none."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise AmountError("不是金额")
    scale = {"万元": 10_000, "元": 1}.get(unit)
    if type(value) is str and scale is not None:  # the common cases, fast: 12345.6 and 12,345.6
        if _PLAIN.match(value):
            return _finish(Decimal(value) * scale, value)
        if _GROUPED.match(value):
            return _finish(Decimal(value.replace(",", "")) * scale, value)
    if isinstance(value, int | float | Decimal):
        if scale is None:
            raise UnitMissing(str(value))
        return _finish(Decimal(str(value)) * scale, str(value))
    raw = str(value)
    text = _strip_decoration(raw)
    if text.lower() in EMPTY:
        return None

    if re.search(r"万元$|万$", text) and not any(ch in _CHINESE - {"万"} for ch in text):
        text, scale = re.sub(r"万元?$", "", text).strip(), 10_000
    elif text.endswith(("元", "圆")) and not any(ch in _CHINESE for ch in text):
        text, scale = text[:-1].strip(), 1

    if any(ch in _CHINESE or ch in "元圆角分" for ch in text):
        if re.search(r"\d", text):
            # 5万2千 mixes digits and units; allow digit groups followed by units only.
            text = re.sub(r"\d+", lambda m: "".join("零壹贰叁肆伍陆柒捌玖"[int(d)] for d in m.group()), text)
            if "." in text:
                raise AmountError(f"“{raw}”混用小数和中文单位，无法确定数值")
        amount = _parse_chinese(text)
        return _finish(amount, raw)  # a Chinese amount names its own unit (元)

    if text.startswith("-"):
        raise AmountError(f"“{raw}”为负数，金额不能为负")
    if re.search(r"\d[\s]+\d", text) or text.count(".") > 1:
        raise AmountError(f"“{raw}”中有多个数字连在一起，无法确定是哪一个金额")
    if not _NUMBER.match(text):
        if re.fullmatch(r"[\d,]+(\.\d+)?", text):
            raise AmountError(f"“{raw}”的千位分隔符位置不对，无法确定数值")
        raise AmountError(f"“{raw}”不是金额")
    if scale is None:
        raise UnitMissing(raw)
    try:
        amount = Decimal(text.replace(",", ""))
    except InvalidOperation as exc:
        raise AmountError(f"“{raw}”不是金额") from exc
    return _finish(amount * scale, raw)


def _finish(amount: Decimal, raw: str) -> Decimal:
    if amount < 0:
        raise AmountError(f"“{raw}”为负数，金额不能为负")
    if amount >= Decimal("1e14"):
        raise AmountError(f"“{raw}”超过一百万亿元，请核对单位")
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def parse_quantity(value, *, label: str = "数量") -> Decimal | None:
    """面积（亩）, 蓄积（立方米）: plain non-negative numbers, thousands separators allowed."""
    if value is None:
        return None
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        amount = Decimal(str(value))
    else:
        text = to_halfwidth(str(value)).strip()
        if text.lower() in EMPTY:
            return None
        per_mu = None
        if re.search(r"(㎡|平方米|m2|m²)$", text):
            if "亩" not in label:
                raise AmountError(f"“{value}”是平方米，本列为{label}")
            per_mu = Decimal(10000) / 15  # 1 亩 = 666.67 ㎡
        text = re.sub(r"(亩|立方米|m3|m³|株|㎡|平方米|m2|m²)$", "", text).strip()
        if not _NUMBER.match(text):
            raise AmountError(f"“{value}”不是{label}数值")
        amount = Decimal(text.replace(",", ""))
        if per_mu:
            amount = amount / per_mu
    if amount < 0:
        raise AmountError(f"“{value}”为负数")
    return amount.quantize(Decimal("0.001"))


def format_amount(value: Decimal, unit: str) -> str:
    """As officials write it: 65,379.00 元; quantities without trailing zeros (1.5 亩, 12 立方米)."""
    return f"{value:,.2f} {unit}" if unit == "元" else f"{value.normalize():f} {unit}"
