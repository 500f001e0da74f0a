"""情况通报: figures counted from the recorded events, so they agree with the case lists."""

import io
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from liangfa.agencies.access import scope_by_agency
from liangfa.agencies.models import Agency
from liangfa.cases.models import PenaltyCase
from liangfa.core.docx import render_docx
from liangfa.core.errors import DomainError
from liangfa.core.text import to_halfwidth
from liangfa.reports.charts import agencies_png, trend_png
from liangfa.screening.choices import ClueStatus
from liangfa.screening.models import Clue
from liangfa.supervision.choices import SupervisionStep
from liangfa.supervision.models import SupervisionEvent
from liangfa.transfers.choices import UNSENT_REVERSE
from liangfa.transfers.models import CriminalStageRecord, ReverseTransfer, TransferEvent

TZ = timezone.get_default_timezone()

# (key, label): the columns of the bulletin, in order
COLUMNS = [
    ("penalties", "行政处罚"), ("clues", "涉罪线索"), ("transfers", "移送"), ("filed", "立案"),
    ("not_filed", "不予立案"), ("reconsider", "提请复议"), ("supervision_requests", "建议立案监督"),
    ("supervisions", "立案监督"), ("arrest", "逮捕"), ("indictment", "起诉"), ("judgment", "判决"),
    ("custodial", "判处实刑"), ("suspended", "判处缓刑"),
    ("non_prosecution", "不起诉"), ("reverse", "反向移送"), ("reverse_replied", "反向移送已回复"),
]


@dataclass
class Period:
    start: date
    end: date  # inclusive
    label: str

    @property
    def bounds(self) -> tuple[datetime, datetime]:
        return (datetime.combine(self.start, time.min, tzinfo=TZ),
                datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=TZ))


QUARTERS = "一二三四"
_YEAR = r"(?P<year>\d{4})\s*年?"
_PATTERNS = [
    re.compile(rf"^{_YEAR}$"),
    re.compile(rf"^{_YEAR}\s*(?:第\s*)?(?P<quarter>[1-4一二三四])\s*季度?$"),
    re.compile(r"^(?P<year>\d{4})\s*Q(?P<quarter>[1-4])$"),
    re.compile(r"^(?P<year>\d{4})\s*(?:年|-|/|\.)\s*(?P<month>\d{1,2})\s*月?$"),
]


def parse_period(text: str) -> Period:
    """A year, a quarter or a month as people write them: 2026年 (2026), 2026年第四季度 (2026年4季度, 2026Q4),
    2026年11月 (2026-11)."""
    written = to_halfwidth(text or "").strip().upper()
    for pattern in _PATTERNS:
        match = pattern.match(written)
        if not match:
            continue
        parts = match.groupdict()
        year = int(parts["year"])
        if not 2000 <= year <= 2100:
            raise DomainError(f"统计期间“{text}”的年份应在 2000 年至 2100 年之间")
        if parts.get("quarter"):
            quarter = QUARTERS.index(parts["quarter"]) + 1 if parts["quarter"] in QUARTERS else int(parts["quarter"])
            start = date(year, 3 * quarter - 2, 1)
            return Period(start, _month_end(date(year, 3 * quarter, 1)), f"{year}年第{QUARTERS[quarter - 1]}季度")
        if parts.get("month"):
            month = int(parts["month"])
            if 1 <= month <= 12:
                return Period(date(year, month, 1), _month_end(date(year, month, 1)), f"{year}年{month}月")
            break
        return Period(date(year, 1, 1), date(year, 12, 31), f"{year}年")
    raise DomainError(f"统计期间“{text}”无法识别：请填写年（2026年）、季度（2026年第四季度）或月（2026年11月）")


def current_quarter(today: date) -> Period:
    return parse_period(f"{today.year}年第{(today.month - 1) // 3 + 1}季度")


def recent_periods(today: date) -> list[str]:
    """What the period box offers: this and last month, quarter and year."""
    last_month = today.replace(day=1) - timedelta(days=1)
    quarter = (today.month - 1) // 3
    last_quarter = (today.year, quarter) if quarter else (today.year - 1, 4)
    return [f"{today.year}年{today.month}月", f"{last_month.year}年{last_month.month}月",
            current_quarter(today).label, f"{last_quarter[0]}年第{QUARTERS[last_quarter[1] - 1]}季度",
            f"{today.year}年", f"{today.year - 1}年"]


def _month_end(day: date) -> date:
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1) - timedelta(days=1)


def _sources(user, period: Period) -> dict:
    """For each column: a queryset of the recorded events in the period, its agency field and its time field."""
    lo, hi = period.bounds
    steps = TransferEvent.objects.filter(time__gte=lo, time__lt=hi)
    stages = CriminalStageRecord.objects.filter(date__gte=period.start, date__lte=period.end)
    return {
        "penalties": (PenaltyCase.objects.filter(decision_date__gte=period.start, decision_date__lte=period.end),
                      "agency_id", "decision_date"),
        # a clue belongs to the period of its case's decision (as the penalties do), not of the screening run
        "clues": (Clue.objects.exclude(status=ClueStatus.OBSOLETE).filter(
            case__decision_date__gte=period.start, case__decision_date__lte=period.end), "agency_id",
            "case__decision_date"),
        "transfers": (steps.filter(to_status="delivered"), "transfer__agency_id", "time"),
        "filed": (steps.filter(to_status="filed"), "transfer__agency_id", "time"),
        "not_filed": (steps.filter(to_status="not_filed"), "transfer__agency_id", "time"),
        "reconsider": (steps.filter(to_status="reconsidering"), "transfer__agency_id", "time"),
        "supervision_requests": (steps.filter(to_status="supervision_requested"), "transfer__agency_id", "time"),
        "supervisions": (SupervisionEvent.objects.filter(time__gte=lo, time__lt=hi,
                                                         code=SupervisionStep.REQUEST_REASONS),
                         "supervision__transfer__agency_id", "time"),
        "arrest": (stages.filter(stage="arrest"), "transfer__agency_id", "date"),
        "indictment": (stages.filter(stage="indictment"), "transfer__agency_id", "date"),
        "judgment": (stages.filter(stage="judgment"), "transfer__agency_id", "date"),
        # 实刑: 拘役 and longer, not suspended; 缓刑 apart (the report's "判缓刑多、判实刑少")
        "custodial": (stages.filter(stage="judgment", sentence__probation=False,
                                    sentence__principal__in=["detention", "fixed_term", "life", "death"]),
                      "transfer__agency_id", "date"),
        "suspended": (stages.filter(stage="judgment", sentence__probation=True), "transfer__agency_id", "date"),
        "non_prosecution": (stages.filter(stage="non_prosecution"), "transfer__agency_id", "date"),
        "reverse": (ReverseTransfer.objects.filter(received_at__gte=lo, received_at__lt=hi).exclude(
            status__in=UNSENT_REVERSE),
                    "to_agency_id",
                    "received_at"),
        # the agency's answer to a 反向移送 or 检察意见, by the date it answered
        "reverse_replied": (ReverseTransfer.objects.filter(replied_at__gte=lo, replied_at__lt=hi), "to_agency_id",
                            "replied_at"),
    }


def build_bulletin(user, period: Period) -> dict:
    per_agency: dict[int | None, dict[str, int]] = defaultdict(lambda: {k: 0 for k, _ in COLUMNS})
    monthly: dict[str, dict[str, int]] = defaultdict(lambda: {k: 0 for k, _ in COLUMNS})
    for key, (queryset, agency_field, time_field) in _sources(user, period).items():
        scoped = scope_by_agency(queryset, user, agency_field)
        # one pass over the period's rows, by organ and month (the two tables add it up either way); COUNT(*)
        # lets the clues be counted from an index alone
        for row in scoped.annotate(m=TruncMonth(time_field)).values(agency_field, "m").annotate(n=Count("*")):
            per_agency[row[agency_field]][key] += row["n"]
            monthly[f"{row['m']:%Y-%m}"][key] += row["n"]
    names = dict(Agency.objects.filter(pk__in=[k for k in per_agency if k]).values_list("pk", "name"))
    rows = [{"agency": names.get(k, "（未关联移送）"), **v} for k, v in per_agency.items()]
    rows.sort(key=lambda r: (-r["penalties"], r["agency"]))
    totals = {k: sum(r[k] for r in rows) for k, _ in COLUMNS}
    months = []
    day = period.start.replace(day=1)
    while day <= period.end:
        months.append(f"{day:%Y-%m}")
        day = (day + timedelta(days=32)).replace(day=1)
    return {"period": period, "columns": COLUMNS, "rows": rows, "totals": totals,
            "chart": {"months": months, "month_labels": [f"{m[:4]}年{int(m[5:])}月" for m in months], "series": {label: [monthly[m][k] for m in months] for k, label in COLUMNS
                                                   if k in ("transfers", "filed", "not_filed", "clues")},
                      "agencies": [r["agency"] for r in rows],
                      "transfers": [r["transfers"] for r in rows], "filed": [r["filed"] for r in rows]}}


def to_excel(bulletin: dict) -> bytes:
    wb = Workbook()
    sheet = wb.active
    sheet.title = "情况通报"
    sheet.append([f"行政执法与刑事司法衔接工作情况通报（{bulletin['period'].label}）"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(["机关", *[label for _, label in COLUMNS]])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in bulletin["rows"]:
        sheet.append([row["agency"], *[row[k] for k, _ in COLUMNS]])
    sheet.append(["合计", *[bulletin["totals"][k] for k, _ in COLUMNS]])
    sheet.column_dimensions["A"].width = 34
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def to_word(bulletin: dict, organ: str, now) -> bytes:
    t = bulletin["totals"]
    summary = (f"{bulletin['period'].label}，全市（可统计范围内）行政执法机关作出行政处罚 {t['penalties']} 件，"
               f"平台对其中 {t['clues']} 条提出涉罪线索；向公安机关移送涉嫌犯罪案件 {t['transfers']} 件，公安机关立案 {t['filed']} 件、"
               f"不予立案 {t['not_filed']} 件；行政执法机关提请复议 {t['reconsider']} 件、建议立案监督 {t['supervision_requests']} 件；"
               f"检察机关开展立案监督 {t['supervisions']} 件。刑事诉讼中逮捕 {t['arrest']} 件、起诉 {t['indictment']} 件、"
               f"判决 {t['judgment']} 件（其中判处实刑 {t['custodial']} 件、缓刑 {t['suspended']} 件）、不起诉 {t['non_prosecution']} 件；"
               f"反向移送行政机关 {t['reverse']} 件，行政机关回复处理结果 {t['reverse_replied']} 件。")
    rows = [[r["agency"], *[r[k] for k, _ in COLUMNS]] for r in bulletin["rows"]]
    rows.append(["合计", *[t[k] for k, _ in COLUMNS]])
    chart = bulletin["chart"]
    return render_docx(f"行政执法与刑事司法衔接工作情况通报（{bulletin['period'].label}）", "", [
        "一、总体情况", summary, ("image", trend_png(chart["months"], chart["series"])),
        "二、各单位情况", ("image", agencies_png(chart["agencies"], chart["transfers"], chart["filed"])),
        ("table", ["机关", *[label for _, label in COLUMNS]], rows),
        "三、下一步工作", "各单位要对照线索清单逐件核查，对达到立案追诉标准的案件依法及时移送，杜绝以罚代刑。",
    ], organ, now)
