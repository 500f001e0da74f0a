from django import template

from liangfa.screening.notes import case_gaps

register = template.Library()


@register.simple_tag
def screening_notes(case):
    """缺少数据 and the rule of time for the case's crimes that raised no clue (screening/notes.py)."""
    return case_gaps(case.pk)
