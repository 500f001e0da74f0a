"""Case list filters and keyset paging, shared by the page and the API."""

from datetime import date
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q
from ninja import Schema

from liangfa.core.text import normalize_doc_no, normalize_name, to_halfwidth

PAGE_SIZE = 50
# Which clue statuses each clue filter means ("open", "any"): screening, a floor above, fills this in its
# AppConfig.ready(); the clues are reached through the case's reverse relation, not imported.
CLUE_STATES: dict[str, list[str]] = {}
CLUE_CHOICES = [("", "全部"), ("open", "有未结线索"), ("any", "有线索"), ("none", "无线索")]


class CaseFilter(Schema):
    """What the case list may be narrowed by: the page's form and the API's query read it alike."""

    agency: str = ""  # agency code
    field: str = ""
    violation_type: str = ""
    date_from: date | None = None
    date_to: date | None = None
    amount_min: Decimal | None = None
    amount_max: Decimal | None = None
    status: str = ""
    q: str = ""  # anywhere in 文号 (brackets alike), 当事人 name (as written or normalised) or code
    clue: str = ""  # open / any / none (CLUE_CHOICES)

    def apply(self, queryset):
        if self.agency:
            queryset = queryset.filter(agency__code=self.agency)
        if self.field:
            queryset = queryset.filter(agency__field=self.field)
        if self.violation_type:
            queryset = queryset.filter(violation_type__contains=self.violation_type)
        if self.date_from:
            queryset = queryset.filter(decision_date__gte=self.date_from)
        if self.date_to:
            queryset = queryset.filter(decision_date__lte=self.date_to)
        if self.amount_min is not None:
            queryset = queryset.filter(fine_amount__gte=self.amount_min)
        if self.amount_max is not None:
            queryset = queryset.filter(fine_amount__lte=self.amount_max)
        if self.status:
            queryset = queryset.filter(status=self.status)
        if self.q.strip():
            queryset = queryset.filter(text_match(self.q))
        if self.clue in ("open", "any", "none") and CLUE_STATES:
            states = CLUE_STATES["any" if self.clue == "none" else self.clue]
            has = Exists(_clues(queryset.model).filter(case=OuterRef("pk"), status__in=states))
            queryset = queryset.filter(~has if self.clue == "none" else has)
        return queryset


def _clues(case_model):
    return case_model.clues.rel.related_model.objects


def open_clue_counts(cases) -> dict[int, int]:
    """For a page of cases: how many open clues each has (one query)."""
    if not cases or not CLUE_STATES:
        return {}
    rows = (_clues(type(cases[0])).filter(case_id__in=[c.pk for c in cases], status__in=CLUE_STATES["open"])
            .values("case_id").annotate(n=Count("id")).values_list("case_id", "n"))
    return dict(rows)


def text_match(text: str) -> Q:
    """A search box: 〔〕[]（）() are one bracket, full-width is half-width, and the words may stand anywhere
    in 决定书文号, the party's name or its code. (No index helps a match in the middle; the list walks its
    date index and stops at a page of hits.)"""
    text = text.strip()
    return (Q(decision_no_key__contains=normalize_doc_no(text)) | Q(party_name__contains=text)
            | Q(party__name_norm__contains=normalize_name(text)) | Q(party_code__icontains=to_halfwidth(text)))


def encode_cursor(case) -> str:
    if isinstance(case, dict):  # a .values() row
        return f"{case['decision_date']:%Y%m%d}-{case['id']}"
    return f"{case.decision_date:%Y%m%d}-{case.pk}"


def decode_cursor(cursor: str) -> tuple[date, int] | None:
    try:
        day, pk = cursor.split("-", 1)
        return date(int(day[:4]), int(day[4:6]), int(day[6:8])), int(pk)
    except (ValueError, IndexError):
        return None


def page(queryset, cursor: str = "", size: int = PAGE_SIZE):
    """Newest decisions first; `cursor` continues after the last row shown (no COUNT, no OFFSET)."""
    queryset = queryset.order_by("-decision_date", "-id")
    position = decode_cursor(cursor) if cursor else None
    if position:
        day, pk = position
        queryset = queryset.filter(Q(decision_date__lt=day) | Q(decision_date=day, id__lt=pk))
    rows = list(queryset[: size + 1])
    next_cursor = encode_cursor(rows[size - 1]) if len(rows) > size else ""
    return rows[:size], next_cursor
