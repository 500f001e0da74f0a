"""The clue list: its filters, its pages, and when an open clue counts as 应移未移.

An agency may act on a clue from the moment the platform raises it; it has the period of the rule
AGY_CLUE_CHECK (local practice, configurable: the law says "立即" and sets no period for 核实) to transfer
it or to dismiss it with reasons. An open clue older than that is 应移未移; one raised a minute ago is not.
"""

from datetime import datetime

from django import forms
from django.core.paginator import Paginator
from django.db.models import Q

from liangfa.agencies.access import scope_by_agency
from liangfa.agencies.models import Agency
from liangfa.clock.counting import run_out_before
from liangfa.clock.rules import get_rule
from liangfa.core.forms import ChineseLabels
from liangfa.core.sql import distinct_values
from liangfa.screening.choices import OPEN, ClueStatus, FindingKind

CHECK_RULE = "AGY_CLUE_CHECK"
PAGE_SIZE = 50
OVERDUE = "overdue"  # the list's name for 应移未移: open past the check period
OPEN_STATES = "open"


def overdue_before(now: datetime) -> datetime:
    """Clues raised before this moment and still open are 应移未移."""
    return run_out_before(get_rule(CHECK_RULE), now)


def overdue(clues, now: datetime):
    return clues.filter(status__in=OPEN, created_at__lt=overdue_before(now))


class ClueFilterForm(ChineseLabels, forms.Form):
    state = forms.ChoiceField(label="状态", required=False)
    agency = forms.ChoiceField(label="机关", required=False)
    crime = forms.ChoiceField(label="涉嫌罪名", required=False)
    kind = forms.ChoiceField(label="类型", required=False, choices=[("", "全部类型"), *FindingKind.choices])
    review = forms.ChoiceField(label="需人工判断", required=False, choices=[("", "全部"), ("1", "是"), ("0", "否")])
    date_from = forms.DateField(label="处罚决定日期起", required=False, widget=forms.DateInput(attrs={"type": "date"}),
                                error_messages={"invalid": "日期格式应为 2026-11-01"})
    date_to = forms.DateField(label="至", required=False, widget=forms.DateInput(attrs={"type": "date"}),
                              error_messages={"invalid": "日期格式应为 2026-11-01"})

    def __init__(self, data, *, user, clues, default_state: str):
        data = data.copy()
        data.setdefault("state", default_state)
        super().__init__(data)
        period = get_rule(CHECK_RULE).period_text
        self.fields["state"].choices = [(OPEN_STATES, "未结"), (OVERDUE, f"应移未移（提出逾{period}未处理）"),
                                        ("", "全部"), *ClueStatus.choices]
        agencies = scope_by_agency(Agency.objects.filter(pk__in=clues.values("agency_id")), user, field="id")
        self.fields["agency"].choices = [("", "全部机关"), *((a.code, a.name) for a in agencies.order_by("name"))]
        crimes = distinct_values(clues, "crime_name")
        self.fields["crime"].choices = [("", "全部罪名"), *((c, c) for c in crimes)]

    def counted(self, counts: dict[str, int], open_count: int, overdue_count: int) -> int | None:
        """How many clues the filter holds, read off the list's status counts when it filters by state
        alone (the list's first view); None when another filter narrows it."""
        if not self.is_valid() or any(self.cleaned_data[k] for k in self.fields if k != "state"):
            return None
        state = self.cleaned_data["state"]
        if state == OPEN_STATES:
            return open_count
        if state == OVERDUE:
            return overdue_count
        return counts.get(state, 0) if state else sum(counts.values())

    def apply(self, clues, now: datetime):
        if not self.is_valid():
            return clues.none()
        data = self.cleaned_data
        state = data["state"]
        if state == OPEN_STATES:
            clues = clues.filter(status__in=OPEN)
        elif state == OVERDUE:
            clues = overdue(clues, now)
        elif state:
            clues = clues.filter(status=state)
        filters = Q()
        if data["agency"]:
            filters &= Q(agency__code=data["agency"])
        if data["crime"]:
            filters &= Q(crime_name=data["crime"])
        if data["kind"]:
            filters &= Q(kind=data["kind"])
        if data["review"]:
            filters &= Q(needs_review=data["review"] == "1")
        if data["date_from"]:
            filters &= Q(case__decision_date__gte=data["date_from"])
        if data["date_to"]:
            filters &= Q(case__decision_date__lte=data["date_to"])
        return clues.filter(filters)


def clue_page(clues, number, now: datetime, count: int | None = None):
    """One page of clues, newest first, each marked `overdue` when it is 应移未移. `count`: how many the
    filter holds, when the caller has counted them already (the list's status counts): not counted again."""
    paginator = Paginator(clues.order_by("-created_at", "-id"), PAGE_SIZE)
    if count is not None:
        paginator.count = count  # a cached_property: set, it is not asked of the database
    page = paginator.get_page(number)
    cutoff = overdue_before(now)
    for clue in page.object_list:
        clue.overdue = clue.status in OPEN and clue.created_at < cutoff
    return page
