from django import template

from liangfa.screening.notes import case_gaps, case_suggestions

register = template.Library()


@register.simple_tag
def screening_notes(case):
    """缺少数据 and the rule of time for the case's crimes that raised no clue (screening/notes.py)."""
    return case_gaps(case.pk)


@register.simple_tag
def crime_suggestions(case):
    """The crimes the case's texts point to, with the words that matched (screening/notes.py)."""
    return case_suggestions(case)
