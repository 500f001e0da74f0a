"""Loading a year's holiday notice (国务院办公厅关于部分节假日安排的通知) and recounting what was 暂定."""

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from liangfa.agencies.permissions import is_admin, require
from liangfa.clock.calendar import Calendar, packaged_years
from liangfa.clock.changes import DUE_FIELDS, count_again, notify_holder, record_change, set_due, when
from liangfa.clock.choices import ChangeKind, DeadlineState
from liangfa.clock.festivals import festival_days, revision_for
from liangfa.clock.models import CalendarDay, CalendarYear, Deadline
from liangfa.core.audit import AuditEvent, record_audit, record_audit_many
from liangfa.core.errors import DomainError

KINDS = {"holiday": "法定节假日", "adjusted_workday": "调休上班日"}
WEEKDAYS = "一二三四五六日"


@dataclass
class CalendarLoad:
    years: list[int]
    recounted: int = 0  # provisional deadlines counted again
    moved: list[Deadline] = field(default_factory=list)  # those whose due time changed


# A notice may be written with Chinese headers and kinds (日期, 类型: 放假 / 调休上班, 节日) or with the
# packaged file's (date, kind: holiday / adjusted_workday, festival).
HEADERS = {"日期": "date", "类型": "kind", "节日": "festival"}
KIND_WORDS = {"放假": "holiday", "法定节假日": "holiday", "调休上班": "adjusted_workday",
              "调休上班日": "adjusted_workday", **{k: k for k in KINDS}}


def _parse(text: str) -> list[CalendarDay]:
    reader = csv.reader(io.StringIO(text))
    header = [HEADERS.get(h.strip(), h.strip()) for h in next(reader, [])]
    rows = [dict(zip(header, cells, strict=False)) for cells in reader if any(c.strip() for c in cells)]
    if not rows or not {"date", "kind"} <= set(header):
        raise DomainError("日历文件须包含“日期”“类型”两列（类型为“放假”或“调休上班”），“节日”列可选")
    days, seen = [], {}
    for number, row in enumerate(rows, start=2):
        try:
            day = date.fromisoformat((row.get("date") or "").strip())
        except ValueError:
            raise DomainError(f"第 {number} 行日期“{row.get('date')}”格式错误，应为 2027-01-01") from None
        kind = KIND_WORDS.get((row.get("kind") or "").strip())
        if kind is None:
            raise DomainError(f"第 {number} 行类型“{row.get('kind')}”应为“放假”或“调休上班”")
        if day in seen:
            raise DomainError(f"第 {number} 行 {day} 与第 {seen[day]} 行重复：一个日期只能是法定节假日或调休上班日之一")
        if kind == "adjusted_workday" and day.weekday() < 5:
            raise DomainError(f"第 {number} 行 {day} 是星期{WEEKDAYS[day.weekday()]}：调休上班日只能是星期六或星期日")
        seen[day] = number
        days.append(CalendarDay(date=day, kind=kind, name=(row.get("festival") or "").strip()[:50]))
    return days


def _check_festivals(days: list[CalendarDay], years: list[int]) -> None:
    """Every festival of 《全国年节及纪念日放假办法》第二条 must be a day off in the notice."""
    kinds = {d.date: d.kind for d in days}
    for year in years:
        law = revision_for(year)
        for festival in law.festivals:
            missing = [d for d in festival_days(year)[festival.name]
                       if not (kinds.get(d) == "holiday" or (d.weekday() >= 5 and d not in kinds))]
            if missing:
                raise DomainError(
                    f"{year} 年的放假安排缺少{festival.name}（{law.citation}：{festival.text}）："
                    f"{'、'.join(f'{d}' for d in missing)} 不是放假日。请核对文件是否完整")


@transaction.atomic
def load_calendar(text: str, *, actor, source: str, now: datetime | None = None) -> CalendarLoad:
    """Load holidays and 调休 workdays for years after the packaged calendar (columns as data/holidays.csv),
    then count again every deadline whose due time was 暂定 and tell the holders whose due time moved."""
    require(is_admin(actor), "只有管理员可以导入节假日日历")
    now = now or timezone.now()
    days = _parse(text)
    years = sorted({d.date.year for d in days})
    for year in years:
        if year in packaged_years():
            raise DomainError(f"{year} 年已在内置日历中，不能覆盖")
    _check_festivals(days, years)
    for year in years:
        CalendarDay.objects.filter(date__year=year).delete()
        CalendarYear.objects.update_or_create(year=year, defaults={
            "source": source, "loaded_at": now, "loaded_by": actor.display_name})
    CalendarDay.objects.bulk_create(days)
    record_audit("calendar.load", actor=actor, now=now, object_type="clock.calendaryear",
                 object_id=",".join(map(str, years)), object_repr=f"节假日日历 {years}",
                 after={"years": years, "days": len(days), "source": source})
    result = CalendarLoad(years)
    _recount(result, actor=actor, source=source, now=now)
    return result


def _recount(result: CalendarLoad, *, actor, source: str, now: datetime) -> None:
    calendar = Calendar()
    reason = f"导入{'、'.join(map(str, result.years))}年放假安排（{source}）"
    waiting = Deadline.objects.filter(provisional=True).exclude(state=DeadlineState.CANCELLED).select_related(
        "holder_agency", "content_type")
    events = []
    for deadline in waiting:
        old_due, old_provisional = deadline.due_at, deadline.provisional
        set_due(deadline, count_again(deadline, calendar))
        if deadline.state == DeadlineState.OPEN and deadline.due_at and deadline.due_at > now:
            deadline.overdue_marked_at = None  # no longer late: the tick may mark it again later
        deadline.save(update_fields=[*DUE_FIELDS, "overdue_marked_at"])
        result.recounted += 1
        change = record_change(deadline, kind=ChangeKind.RECOUNTED, old_due=old_due, old_provisional=old_provisional,
                               reason=reason, actor_name=actor.display_name, now=now)
        events.append(AuditEvent("deadline.recounted", deadline._meta.label_lower, str(deadline.pk), str(deadline)[:300],
                                 deadline.holder_agency_id, {"due_at": old_due, "provisional": old_provisional},
                                 {"due_at": deadline.due_at, "provisional": deadline.provisional}, reason))
        if change.moved:
            result.moved.append(deadline)
            if deadline.state == DeadlineState.OPEN:
                notify_holder(deadline, f"期满时间变更：{deadline.name}（{deadline.citation}）原暂定期满 {when(old_due)}，"
                                        f"按{reason}重新计算为 {when(deadline.due_at)}"
                                        + ("（仍为暂定）" if deadline.provisional else ""),
                              now=now, subject="【两法衔接】期满时间变更")
    record_audit_many(events, actor=actor, now=now)
