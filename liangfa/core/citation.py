"""Citations as officials write them: statute names in 《》 and article numbers as the law writes them.

The research data keeps Arabic numbers ("刑法第140条", "第71条第（一）项"); what a clue, a page or a
document shows reads "《刑法》第一百四十条", "第七十一条第（一）项".
"""

import re

DIGITS = "零一二三四五六七八九"
# statute names that the data writes bare before an article ("刑法第140条")
STATUTES = ("刑事诉讼法", "药品管理法", "食品安全法", "土地管理法", "税收征收管理法", "产品质量法", "森林法",
            "商标法", "著作权法", "刑法")
_ARTICLE = re.compile(r"第(\d+)(条|款|项|章|节)")
_BARE = re.compile(r"(?<!《)(" + "|".join(STATUTES) + r")(?=第)")
_ITEM = re.compile(r"第\((.{1,4}?)\)项")


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 105 → 一百零五, 140 → 一百四十, 1001 → 一千零一 (article numbers stay below 10,000)."""
    if n < 10:
        return DIGITS[n]
    if n < 20:
        return "十" + (DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return DIGITS[n // 10] + "十" + (DIGITS[n % 10] if n % 10 else "")
    for size, name in ((1000, "千"), (100, "百")):
        if n >= size:
            head, rest = divmod(n, size)
            if not rest:
                return DIGITS[head] + name
            tail = chinese_number(rest)
            if rest < size // 10:
                tail = "零" + tail
            elif rest < 20:
                tail = "一" + tail  # 一百一十五, not 一百十五
            return DIGITS[head] + name + tail
    raise ValueError(n)


def cite(text: str) -> str:
    """'刑法第140条' → '《刑法》第一百四十条'; '第1条第(八)项' → '第一条第（八）项'. Other text is kept."""
    if not text:
        return text
    text = _ARTICLE.sub(lambda m: f"第{chinese_number(int(m[1]))}{m[2]}", text)
    text = _ITEM.sub(lambda m: f"第（{m[1]}）项", text)
    return _BARE.sub(r"《\1》", text)
