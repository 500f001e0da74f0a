"""Start, complete, extend and tick statutory deadlines. Workflow services call these."""

import csv
import io
from datetime import date, datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from liangfa.agencies.access import scope_by_agency
from liangfa.agencies.models import User
from liangfa.agencies.permissions import acts_for, is_admin, require
from liangfa.clock.calendar import Calendar, CalendarError
from liangfa.clock.choices import DeadlineState, Method
from liangfa.clock.models import CalendarDay, CalendarYear, Deadline, Notification
from liangfa.clock.rules import compute_due, end_of_day, get_rule
from liangfa.core.audit import record_audit
from liangfa.core.errors import DomainError


def _subject_filter(subject) -> dict:
    return {"content_type": ContentType.objects.get_for_model(subject), "object_id": subject.pk}


def start_deadline(rule_id: str, *, subject, holder_agency, start_event: str, started_at: datetime,
                   case=None, amount: int | None = None, due_date: date | None = None) -> Deadline:
    """Open a deadline. A period the calendar cannot count is kept open with its reason, never guessed."""
    rule = get_rule(rule_id)
    method, period = rule.method, rule.period
    problem, due = "", None
    try:
        if due_date is not None:  # a period stated in the document itself (e.g. a 检察意见)
            due, period = end_of_day(due_date), f"至{due_date:%Y-%m-%d}"
        else:
            due = compute_due(started_at, amount or rule.amount, method)
            if amount and amount != rule.amount:
                period = period.replace(str(rule.amount), str(amount), 1)
    except CalendarError as exc:
        problem = str(exc)
    return Deadline.objects.create(
        rule_id=rule.id, name=rule.name, citation=rule.citation, method=method, period=period,
        case=case, start_event=start_event, started_at=started_at, due_at=due, problem=problem,
        holder_agency=holder_agency, **_subject_filter(subject),
    )


def complete_deadlines(subject, *rule_ids: str, now: datetime, by: str) -> int:
    """Close the open deadlines of these rules on the subject (the act that answers them happened)."""
    return Deadline.objects.filter(state=DeadlineState.OPEN, rule_id__in=rule_ids, **_subject_filter(subject)).update(
        state=DeadlineState.DONE, completed_at=now, completed_by=by)


def cancel_deadlines(subject, *rule_ids: str, now: datetime, by: str) -> int:
    queryset = Deadline.objects.filter(state=DeadlineState.OPEN, **_subject_filter(subject))
    if rule_ids:
        queryset = queryset.filter(rule_id__in=rule_ids)
    return queryset.update(state=DeadlineState.CANCELLED, completed_at=now, completed_by=by)


def record_late_act(rule_id: str, *, subject, holder_agency, start_event: str, started_at: datetime,
                    now: datetime, by: str, case=None) -> Deadline:
    """An act whose period ran from an earlier event (e.g. forwarding within 24h of delivery): the deadline
    is created and closed at once, so its timeliness shows."""
    deadline = start_deadline(rule_id, subject=subject, holder_agency=holder_agency, start_event=start_event,
                              started_at=started_at, case=case)
    Deadline.objects.filter(pk=deadline.pk).update(state=DeadlineState.DONE, completed_at=now, completed_by=by)
    deadline.refresh_from_db()
    return deadline


def extend_deadline(deadline: Deadline, extension_key: str, *, approver: str, level: str, now: datetime) -> Deadline:
    """Apply a configured extension (POL_DECIDE 10/30/+30日); only with a recorded approval."""
    rule = get_rule(deadline.rule_id)
    ext = rule.extensions.get(extension_key)
    if ext is None:
        raise DomainError(f"“{rule.name}”没有 {extension_key} 这种延长；可用：{'、'.join(rule.extensions) or '无'}")
    if not approver.strip() or not level.strip():
        raise DomainError("延长期限必须记录审批人及其级别")
    if level.strip() != ext["approval_level"]:
        raise DomainError(f"{ext['label']}须经{ext['approval_level']}批准（填写的审批级别为“{level}”）")
    applied = [e["key"] for e in (deadline.extension or [])]
    if extension_key in applied:
        raise DomainError(f"已经批准过“{ext['label']}”")
    if ext.get("requires") and ext["requires"] not in applied:
        raise DomainError(f"“{ext['label']}”须在“{rule.extensions[ext['requires']]['label']}”之后批准")
    if deadline.state != DeadlineState.OPEN:
        raise DomainError("期限已经结束，不能延长")
    try:
        if "total_days" in ext:
            due = compute_due(deadline.started_at, ext["total_days"], Method.CALENDAR_DAYS)
        else:
            due = compute_due(deadline.due_at, ext["add_days"], Method.CALENDAR_DAYS)
    except CalendarError as exc:
        raise DomainError(str(exc)) from exc
    record = {"key": extension_key, "label": ext["label"], "approver": approver, "level": level,
              "approved_at": now.isoformat(), "citation": f"《{ext['law']}》{ext['article']}",
              "previous_due": deadline.due_at.isoformat() if deadline.due_at else None}
    deadline.extension = [*(deadline.extension or []), record]
    deadline.due_at = due
    deadline.period = ext["label"]
    deadline.overdue_marked_at = None
    deadline.save(update_fields=["extension", "due_at", "period", "overdue_marked_at"])
    return deadline


def deadlines_for(subject):
    return Deadline.objects.filter(**_subject_filter(subject)).select_related("holder_agency").order_by("started_at", "id")


def visible_deadlines(user):
    """Deadlines of the agencies the user may see: those it holds, and those on its own cases."""
    base = Deadline.objects.select_related("holder_agency", "case", "case__agency", "content_type").prefetch_related("subject")
    held = scope_by_agency(base, user, field="holder_agency_id")
    on_cases = scope_by_agency(base, user, field="case__agency_id")
    return base.filter(Q(pk__in=held.values("pk")) | Q(pk__in=on_cases.values("pk")))


def tick(*, now: datetime | None = None) -> int:
    """Mark what fell due, once each (compare-and-swap, safe with several workers), and notify."""
    now = now or timezone.now()
    marked = 0
    due = Deadline.objects.filter(state=DeadlineState.OPEN, due_at__lt=now, overdue_marked_at__isnull=True)
    for deadline in due.select_related("holder_agency", "case").iterator():
        with transaction.atomic():
            won = Deadline.objects.filter(pk=deadline.pk, overdue_marked_at__isnull=True,
                                          state=DeadlineState.OPEN).update(overdue_marked_at=now)
            if not won:
                continue  # another worker got there first
            marked += 1
            _notify_overdue(deadline, now)
            record_audit("deadline.overdue", now=now, obj=deadline, owner_agency_id=deadline.holder_agency_id,
                         after={"rule": deadline.rule_id, "due_at": deadline.due_at})
    return marked


def _notify_overdue(deadline: Deadline, now: datetime) -> None:
    text = (f"已逾期：{deadline.name}（{deadline.citation}），期满 "
            f"{timezone.localtime(deadline.due_at):%Y-%m-%d %H:%M}，承办机关 {deadline.holder_agency.name}")
    link = deadline.subject_url
    holder = deadline.holder_agency
    users = [u for u in User.objects.filter(agency_id=holder.pk, is_active=True) if acts_for(u, holder)]
    Notification.objects.bulk_create(
        [Notification(user=u, created_at=now, text=text, link=link, deadline=deadline) for u in users])
    emails = [u.email for u in users if u.email]
    if emails:
        transaction.on_commit(lambda: send_mail("【两法衔接】期限逾期提醒", text, settings.DEFAULT_FROM_EMAIL, emails,
                                                fail_silently=True))


def load_calendar(text: str, *, actor, source: str, now: datetime | None = None) -> list[int]:
    """Load holidays and 调休 workdays for new years (same columns as data/holidays.csv), then
    compute the deadlines that were waiting for them."""
    require(is_admin(actor), "只有管理员可以导入节假日日历")
    now = now or timezone.now()
    rows = list(csv.DictReader(io.StringIO(text)))
    if not rows or not {"date", "kind"} <= set(rows[0]):
        raise DomainError("日历文件须包含 date、kind 两列（kind 为 holiday 或 adjusted_workday）")
    days = []
    for number, row in enumerate(rows, start=2):
        try:
            day = date.fromisoformat(row["date"].strip())
        except ValueError:
            raise DomainError(f"第 {number} 行日期“{row['date']}”格式错误，应为 2027-01-01") from None
        if row["kind"] not in ("holiday", "adjusted_workday"):
            raise DomainError(f"第 {number} 行 kind“{row['kind']}”应为 holiday 或 adjusted_workday")
        days.append(CalendarDay(date=day, kind=row["kind"], name=row.get("festival", "")[:50]))
    years = sorted({d.date.year for d in days})
    packaged = Calendar().years
    with transaction.atomic():
        for year in years:
            if year in packaged and not CalendarYear.objects.filter(year=year).exists():
                raise DomainError(f"{year} 年已在内置日历中，不能覆盖")
            CalendarDay.objects.filter(date__year=year).delete()
            CalendarYear.objects.update_or_create(year=year, defaults={
                "source": source, "loaded_at": now, "loaded_by": actor.display_name})
        CalendarDay.objects.bulk_create(days)
        record_audit("calendar.load", actor=actor, now=now, object_type="clock.calendaryear",
                     object_id=",".join(map(str, years)), object_repr=f"节假日日历 {years}",
                     after={"years": years, "days": len(days), "source": source})
        _recompute_unknown()
    return years


def _recompute_unknown() -> None:
    calendar = Calendar()
    for deadline in Deadline.objects.filter(state=DeadlineState.OPEN, due_at__isnull=True):
        rule = get_rule(deadline.rule_id)
        try:
            deadline.due_at = compute_due(deadline.started_at, rule.amount, deadline.method, calendar)
            deadline.problem = ""
        except CalendarError as exc:
            deadline.problem = str(exc)
        deadline.save(update_fields=["due_at", "problem"])
