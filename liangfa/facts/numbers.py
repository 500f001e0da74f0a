"""Numbers as 违法事实 write them: 12,500.50 / 12.5万 / 3万余 / 十余万 / 叁万陆仟 / 5万2千.

Chinese numerals go through liangfa.core.amounts (the importer's own parser, so a 大写 amount reads the
same in a column and in a sentence). What could be read two ways raises NumberAmbiguous.
"""

import re
from decimal import Decimal

from liangfa.core.amounts import AmountError, parse_amount

# Full-width digits and signs become ASCII one character for one, so offsets stay those of the original.
_HALF = {0xFF10 + i: 0x30 + i for i in range(10)} | {
    0xFF0E: ord("."), 0xFF05: ord("%"), 0xFF0F: ord("/"), 0xFF1D: ord("="), 0xFF20: ord("@"), 0x3000: ord(" "),
    0xFF2D: ord("m"), 0xFF4D: ord("m"),
}


_FULL = re.compile("[" + "".join(chr(c) for c in _HALF) + "]")


def to_ascii_digits(text: str) -> str:
    if _FULL.search(text) is None:
        return text
    return _FULL.sub(lambda m: chr(_HALF[ord(m.group())]), text)


CN_DIGITS = "零〇一二两三四五六七八九壹贰貳叁參肆伍陆陸柒捌玖"
CN_UNITS = "十百千万亿拾佰仟萬億"
CN_CHARS = CN_DIGITS + CN_UNITS
_SCALES = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
_GROUPED = re.compile(r"\d{1,3}(,\d{3})+(\.\d+)?\Z")
_PLAIN = re.compile(r"\d+(\.\d+)?\Z")
_AR_SCALED = re.compile(r"(\d+(?:\.\d+)?)([万萬亿億])\Z")


_ONE_DIGIT = {ch: i for i, chars in enumerate(("零〇", "一壹", "二两贰貳", "三叁參", "四肆", "五伍", "六陆陸", "七柒",
                                                  "八捌", "九玖")) for ch in chars} | {"十": 10, "拾": 10}


class NumberAmbiguous(ValueError):
    """The digits could be read more than one way (two cells run together, a misplaced separator)."""


def parse_number(raw: str, *, money: bool) -> Decimal:
    """The value of a number as written (no unit)."""
    if _PLAIN.match(raw):
        if money and "." in raw and len(raw.split(".")[1]) > 2:
            raise NumberAmbiguous(f"“{raw}”小数超过两位，可能是两个金额连在一起")
        return Decimal(raw)
    if "," in raw or "，" in raw:
        raw = raw.replace("，", ",")
        if _GROUPED.match(raw):
            return parse_number(raw.replace(",", ""), money=money)
        raise NumberAmbiguous(f"“{raw}”的千位分隔符位置不对，可能是两个数字连在一起")
    if raw in _ONE_DIGIT:
        return Decimal(_ONE_DIGIT[raw])
    if raw.count(".") > 1:
        raise NumberAmbiguous(f"“{raw}”有两个小数点，可能是两个数字连在一起")
    scaled = _AR_SCALED.match(raw)
    if scaled:
        return Decimal(scaled.group(1)) * _SCALES[scaled.group(2)]
    if "." in raw:
        raise NumberAmbiguous(f"“{raw}”混用小数和中文数字，无法确定数值")
    try:
        value = parse_amount(raw + "元")
    except AmountError as exc:
        raise NumberAmbiguous(str(exc)) from exc
    return value.normalize() if value == value.to_integral_value() else value


def approx_step(raw: str, value: Decimal) -> Decimal:
    """How far “16万余” may reach above 16万: one unit of its last written digit."""
    digits = raw.rstrip("万萬亿億")
    scale = _SCALES.get(raw[-1], 1) if raw else 1
    if digits.isdigit():
        zeros = len(digits) - len(digits.rstrip("0"))
        return Decimal(10) ** zeros * scale
    if _PLAIN.match(digits):
        return Decimal(1).scaleb(-len(digits.split(".")[1])) * scale
    return max(value / 10, Decimal(1))


def plain(value: Decimal) -> str:
    """A number as a person writes it: 36000, 1.0455 (no exponent, no trailing zeros)."""
    return f"{value.normalize():f}"
