from django import template

from liangfa.core.citation import cite as cite_text
from liangfa.screening.notes import case_gaps

register = template.Library()


@register.filter
def cite(text):
    """'刑法第140条' as officials read it: '《刑法》第一百四十条' (clues kept before the change included)."""
    return cite_text(str(text or ""))


@register.simple_tag
def screening_notes(case):
    """缺少数据 and the rule of time for the case's crimes that raised no clue (screening/notes.py)."""
    return case_gaps(case.pk)
