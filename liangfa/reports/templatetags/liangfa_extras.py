from django import template

from liangfa.core.amounts import format_amount

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "") if hasattr(mapping, "get") else ""


@register.filter
def amount(value, unit="元"):
    """{{ clue.value|amount:clue.unit }} → 65,379.00 元; — when there is none."""
    return "—" if value is None else format_amount(value, unit or "元")
