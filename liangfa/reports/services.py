"""情况通报: figures counted from the recorded events, so they agree with the case lists."""

import io
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
from liangfa.screening.models import Clue
from liangfa.supervision.choices import SupervisionStep
from liangfa.supervision.models import SupervisionEvent
from liangfa.transfers.models import CriminalStageRecord, ReverseTransfer, TransferEvent

TZ = timezone.get_default_timezone()

# (key, label): the columns of the bulletin, in order
COLUMNS = [
    ("penalties", "行政处罚"), ("clues", "涉罪线索"), ("transfers", "移送"), ("filed", "立案"),
    ("not_filed", "不予立案"), ("reconsider", "提请复议"), ("supervision_requests", "建议立案监督"),
    ("supervisions", "立案监督"), ("arrest", "逮捕"), ("indictment", "起诉"), ("judgment", "判决"),
    ("non_prosecution", "不起诉"), ("reverse", "反向移送"),
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


def parse_period(text: str) -> Period:
    """2026 (year), 2026Q3 (quarter), 2026-08 (month)."""
    text = (text or "").strip().upper()
    try:
        if "Q" in text:
            year, quarter = int(text[:4]), int(text[-1])
            if not 1 <= quarter <= 4:
                raise ValueError
            start = date(year, 3 * quarter - 2, 1)
            end = (date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1)) - timedelta(days=1)
            return Period(start, end, f"{year}年第{'一二三四'[quarter - 1]}季度")
        if "-" in text:
            year, month = (int(x) for x in text.split("-"))
            end = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
            return Period(date(year, month, 1), end, f"{year}年{month}月")
        year = int(text)
        return Period(date(year, 1, 1), date(year, 12, 31), f"{year}年")
    except ValueError:
        raise DomainError(f"统计期间“{text}”格式错误：年如 2026，季度如 2026Q3，月如 2026-08") from None


def _sources(user, period: Period) -> dict:
    """For each column: a queryset of the recorded events in the period, its agency field and its time field."""
    lo, hi = period.bounds
    steps = TransferEvent.objects.filter(time__gte=lo, time__lt=hi)
    stages = CriminalStageRecord.objects.filter(date__gte=period.start, date__lte=period.end)
    return {
        "penalties": (PenaltyCase.objects.filter(decision_date__gte=period.start, decision_date__lte=period.end),
                      "agency_id", "decision_date"),
        "clues": (Clue.objects.filter(created_at__gte=lo, created_at__lt=hi), "agency_id", "created_at"),
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
        "non_prosecution": (stages.filter(stage="non_prosecution"), "transfer__agency_id", "date"),
        "reverse": (ReverseTransfer.objects.filter(received_at__gte=lo, received_at__lt=hi), "to_agency_id",
                    "received_at"),
    }


def build_bulletin(user, period: Period) -> dict:
    per_agency: dict[int | None, dict[str, int]] = defaultdict(lambda: {k: 0 for k, _ in COLUMNS})
    monthly: dict[str, dict[str, int]] = defaultdict(lambda: {k: 0 for k, _ in COLUMNS})
    for key, (queryset, agency_field, time_field) in _sources(user, period).items():
        scoped = scope_by_agency(queryset, user, agency_field)
        for row in scoped.values(agency_field).annotate(n=Count("pk")):
            per_agency[row[agency_field]][key] += row["n"]
        for row in scoped.annotate(m=TruncMonth(time_field)).values("m").annotate(n=Count("pk")):
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
            "chart": {"months": months, "series": {label: [monthly[m][k] for m in months] for k, label in COLUMNS
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
               f"平台发现涉罪线索 {t['clues']} 条；向公安机关移送涉嫌犯罪案件 {t['transfers']} 件，公安机关立案 {t['filed']} 件、"
               f"不予立案 {t['not_filed']} 件；行政执法机关提请复议 {t['reconsider']} 件、建议立案监督 {t['supervision_requests']} 件；"
               f"检察机关开展立案监督 {t['supervisions']} 件。刑事诉讼中逮捕 {t['arrest']} 件、起诉 {t['indictment']} 件、"
               f"判决 {t['judgment']} 件、不起诉 {t['non_prosecution']} 件；反向移送行政机关 {t['reverse']} 件。")
    rows = [[r["agency"], *[r[k] for k, _ in COLUMNS]] for r in bulletin["rows"]]
    rows.append(["合计", *[t[k] for k, _ in COLUMNS]])
    return render_docx(f"行政执法与刑事司法衔接工作情况通报（{bulletin['period'].label}）", "", [
        "一、总体情况", summary, "二、各单位情况", ("table", ["机关", *[label for _, label in COLUMNS]], rows),
        "三、下一步工作", "各单位要对照线索清单逐件核查，对达到立案追诉标准的案件依法及时移送，杜绝以罚代刑。",
    ], organ, now)
