from django import template

from liangfa.core.amounts import format_amount
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
