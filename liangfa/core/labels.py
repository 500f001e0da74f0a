"""What a page says for the codes our rule data uses (a page never shows the code itself)."""

import re

# How far a rule's source was checked (deadline rules, 立案追诉标准): H, M, L in the data files.
CONFIDENCE = {"H": "条文已核对", "M": "二手来源或需解释", "L": "本地实务，待核对"}


def confidence_label(code: str) -> str:
    return CONFIDENCE.get(code, "未标明")


DIGITS = "零一二三四五六七八九"


def numeral(n: int) -> str:
    """An article number as the law writes it: 10 → 十, 105 → 一百零五, 140 → 一百四十, 1000 → 一千."""
    if n < 10:
        return DIGITS[n]
    if n < 20:
        return "十" + (DIGITS[n % 10] if n % 10 else "")
    out, gap, started = "", False, False
    for value, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // value % 10
        if digit:
            out += ("零" if gap else "") + DIGITS[digit] + name
            gap, started = False, True
        elif started:
            gap = True
    return out


def as_the_law_writes(text: str) -> str:
    """刑法第140条 → 《刑法》第一百四十条: statute names in 《》, article numbers in Chinese (data written
    in shorthand is shown as the law writes it)."""
    text = re.sub(r"第(\d+)条", lambda m: f"第{numeral(int(m.group(1)))}条", text or "")
    return re.sub(r"(?<![《\w])(刑法|刑事诉讼法)(?=第)", r"《\1》", text)
