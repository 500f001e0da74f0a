"""居民身份证号 and 统一社会信用代码: validate with python-stdnum, never "correct".

A code is classified, not rewritten: `valid` (check character right; the only kind that links parties
across agencies), `masked` (published with ****, kept as shown), `invalid` (kept as given, flagged with
the failed rule), `missing`.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from stdnum import exceptions as stdnum_errors
from stdnum.cn import ric, uscc

from liangfa.core import regions
from liangfa.core.text import to_halfwidth


@dataclass
class IdentifierCheck:
    kind: str  # "resident_id" | "uscc" | ""
    raw: str
    status: str  # valid | masked | invalid | missing
    key: str = ""  # the canonical full code when valid
    error: str = ""
    warnings: list[str] = field(default_factory=list)
    birth_date: date | None = None
    region_code: str = ""
    region_name: str = ""


def _clean(value: str) -> str:
    return re.sub(r"\s+", "", to_halfwidth(value or ""))


def _is_masked(value: str) -> bool:
    return "*" in value


def guess_kind(value: str) -> str:
    """Kind of an 18-character code whose party kind is unknown.

    Digits with an optional final X are a resident ID unless only the USCC check passes;
    anything with other letters is a USCC.
    """
    value = _clean(value).upper()
    if len(value) != 18:
        return "resident_id" if len(value) == 15 and value.isdigit() else ""
    digits = value[:-1].replace("*", "")
    if digits.isdigit() and (value[-1].isdigit() or value[-1] in "X*"):
        if "*" not in value and not ric.is_valid(value) and uscc.is_valid(value):
            return "uscc"
        return "resident_id"
    return "uscc"


def _region(check: IdentifierCheck, code: str) -> None:
    check.region_code = code
    name, is_current = regions.lookup(code)
    if name is None:
        check.warnings.append(f"行政区划代码 {code} 不在区划代码表中（可能是已撤销的旧区划），仅作提示")
    else:
        check.region_name = name
        if not is_current:
            check.warnings.append(f"行政区划代码 {code}（{name}）已不在现行区划中，仅作提示")


def check_resident_id(raw: str) -> IdentifierCheck:
    value = _clean(raw)
    check = IdentifierCheck(kind="resident_id", raw=raw or "", status="missing")
    if not value:
        return check
    if _is_masked(value):
        check.status = "masked"
        if re.fullmatch(r"\d{6}", value[:6]):
            _region(check, value[:6])
        return check
    check.status = "invalid"
    if len(value) != 18:
        check.error = f"居民身份证号应为18位，实际{len(value)}位（GB 11643）"
        return check
    try:
        number = ric.compact(value)
        if not number[:-1].isdigit():
            raise stdnum_errors.InvalidFormat()
        if number[-1] != ric.calc_check_digit(number):
            check.error = f"校验码错误：应为 {ric.calc_check_digit(number)}，实为 {number[-1]}（GB 11643 校验码规则）"
            return check
        check.birth_date = ric.get_birth_date(number)
    except stdnum_errors.InvalidFormat:
        check.error = "居民身份证号前17位应为数字，末位为数字或X（GB 11643）"
        return check
    except stdnum_errors.InvalidComponent:
        check.error = "居民身份证号中的出生日期无效（GB 11643）"
        return check
    if check.birth_date > date.today() or check.birth_date.year < 1850:
        check.error = f"出生日期 {check.birth_date:%Y-%m-%d} 不合理"
        return check
    if value[-1] == "x":
        check.warnings.append("末位小写 x 已按 GB 11643 写作大写 X")
    check.status = "valid"
    check.key = number
    _region(check, number[:6])
    return check


def check_uscc(raw: str) -> IdentifierCheck:
    value = _clean(raw)
    check = IdentifierCheck(kind="uscc", raw=raw or "", status="missing")
    if not value:
        return check
    if _is_masked(value):
        check.status = "masked"
        if len(value) >= 8 and value[2:8].isdigit():
            _region(check, value[2:8])
        return check
    check.status = "invalid"
    if len(value) != 18:
        check.error = f"统一社会信用代码应为18位，实际{len(value)}位（GB 32100）"
        return check
    try:
        number = uscc.validate(value)
    except stdnum_errors.InvalidChecksum:
        expected = uscc.calc_check_digit(uscc.compact(value)[:-1])
        check.error = f"校验码错误：应为 {expected}，实为 {value[-1].upper()}（GB 32100 校验码规则）"
        return check
    except stdnum_errors.ValidationError:
        check.error = "统一社会信用代码含有不允许的字符（GB 32100 不使用 I、O、Z、S、V）或格式错误"
        return check
    if value != number:
        check.warnings.append("小写字母已按 GB 32100 写作大写")
    check.status = "valid"
    check.key = number
    _region(check, number[2:8])
    return check


def check_identifier(raw: str, kind: str = "") -> IdentifierCheck:
    """Check a code of a known kind, or guess the kind from its shape."""
    kind = kind or guess_kind(raw)
    if kind == "resident_id":
        return check_resident_id(raw)
    if kind == "uscc":
        return check_uscc(raw)
    value = _clean(raw)
    if not value:
        return IdentifierCheck(kind="", raw=raw or "", status="missing")
    return IdentifierCheck(
        kind="",
        raw=raw,
        status="masked" if _is_masked(value) else "invalid",
        error="" if _is_masked(value) else "无法识别的证件号码（既非18位统一社会信用代码，也非18位居民身份证号）",
    )


def mask_code(value: str) -> str:
    """Any code shown to someone who may not read it: the first 6 and last 4 characters kept."""
    value = _clean(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:] if len(value) > 10 else "*" * len(value)


def mask_resident_id(value: str) -> str:
    """As published on public pages: 510902********8198."""
    value = _clean(value)
    return value[:6] + "*" * 8 + value[14:] if len(value) == 18 else value
