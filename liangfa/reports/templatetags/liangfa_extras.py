import re

from django import template

from liangfa.core.amounts import format_amount
from liangfa.core.citation import cite as cite_text
from liangfa.core.labels import confidence_label

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "") if hasattr(mapping, "get") else ""


@register.filter
def amount(value, unit="元"):
    """{{ clue.value|amount:clue.unit }} → 65,379.00 元; — when there is none."""
    return "—" if value is None else format_amount(value, unit or "元")


@register.filter
def confidence(code):
    """{{ rule.confidence|confidence }} → 条文已核对 (the data's H/M/L never shows as such)."""
    return confidence_label(code)


@register.filter
def ruleset(version):
    """A rule-set version as a page says it: v1-2026-11 → 第1版（2026年11月）, v2-20270101 → 第2版（2027年1月1日）."""
    match = re.fullmatch(r"v(\d+)-(\d{4})-?(\d{2})-?(\d{2})?", str(version or ""))
    if not match:
        return version
    number, year, month, day = match.groups()
    return f"第{number}版（{year}年{int(month)}月" + (f"{int(day)}日" if day else "") + "）"


@register.filter
def cite(text):
    """{{ clue.article|cite }}: 刑法第140条 → 《刑法》第一百四十条 (core/citation.py)."""
    return cite_text(str(text or ""))
