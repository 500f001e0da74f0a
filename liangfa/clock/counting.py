"""The one due-date computation: rule + start (+ amount, stated date, approved extensions) → due.

start_deadline, the calendar reload, extensions, service of a notice, the calculator, the API and the CLI
all call due_for; nothing else counts a period.
"""

import calendar as month_calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from liangfa.clock.calendar import Calendar, CalendarError, provisional_reason
from liangfa.clock.choices import Method
from liangfa.clock.rules import TZ, Rule, end_of_day


@dataclass(frozen=True)
class Count:
    due: datetime
    last_day: date | None  # the period's own last day, before a holiday moves it (日 and 月)
    provisional_years: tuple[int, ...]  # consulted years whose holiday notice is not loaded


@dataclass(frozen=True)
class Due:
    at: datetime | None  # None only for a date the calendar cannot count at all (see problem)
    period: str  # 3日, 至2025-04-03, or the approved extension's label
    provisional_reason: str = ""  # set: 暂定, and why
    problem: str = ""  # set: 无法计算, and why
    last_day: date | None = None

    @property
    def provisional(self) -> bool:
        return bool(self.provisional_reason)


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, month_calendar.monthrange(year, month)[1]))


def count(start: datetime, amount: int, method: str, calendar: Calendar) -> Count:
    """When a period of `amount` units that began at `start` ends (刑事诉讼法第一百零五条 for 日/月: the
    starting day is not counted; a last day on a holiday moves to the next working day)."""
    local = start.astimezone(TZ)
    if method == Method.HOURS:
        return Count(local + timedelta(hours=amount), None, ())
    if method == Method.WORKING_DAYS:
        end = calendar.add_working_days(local.date(), amount)
        return Count(end_of_day(end), None, tuple(calendar.provisional_years(local.date() + timedelta(days=1), end)))
    if method == Method.CALENDAR_DAYS:
        last = local.date() + timedelta(days=amount)
    elif method == Method.MONTHS:
        last = _add_months(local.date(), amount)
    else:
        raise ValueError(f"未知的计算方法 {method}")
    end = calendar.next_workday(last)
    return Count(end_of_day(end), last, tuple(calendar.provisional_years(last, end)))


def compute_due(start: datetime, amount: int, method: str, calendar: Calendar | None = None) -> datetime:
    return count(start, amount, method, calendar or Calendar()).due


def _extended(rule: Rule, start: datetime, base: Count, keys, calendar: Calendar) -> tuple[Count, str]:
    """Apply approved extensions in order. 'total_days' counts from the start again; 'add_days' (再延长)
    runs on from the previous period's own last day, not from the day a holiday moved it to."""
    current, label, years = base, "", set(base.provisional_years)
    for key in keys:
        ext = rule.extensions[key]
        if "total_days" in ext:
            current = count(start, ext["total_days"], Method.CALENDAR_DAYS, calendar)
        else:
            origin = current.last_day or current.due.date()
            current = count(datetime.combine(origin, time(), tzinfo=TZ), ext["add_days"], Method.CALENDAR_DAYS,
                            calendar)
        years.update(current.provisional_years)
        label = ext["label"]
    return Count(current.due, current.last_day, tuple(sorted(years))), label


def due_for(rule: Rule, start: datetime, *, amount: int | None = None, stated: date | None = None,
            extensions=(), calendar: Calendar | None = None) -> Due:
    """The due time of `rule` for a period that began at `start`: `amount` overrides the rule's (a
    period the deciding organ set), `stated` is a date the document itself states (not counted),
    `extensions` are the keys of approved extensions, in the order they were approved."""
    if stated is not None:
        return Due(end_of_day(stated), f"至{stated:%Y-%m-%d}")
    amount = amount or rule.amount
    calendar = calendar or Calendar()
    try:
        counted = count(start, amount, rule.method, calendar)
        period = rule.period_for(amount)
        if extensions:
            counted, period = _extended(rule, start, counted, extensions, calendar)
    except CalendarError as exc:
        return Due(None, rule.period_for(amount), problem=str(exc))
    reason = provisional_reason(counted.provisional_years) if counted.provisional_years else ""
    return Due(counted.due, period, provisional_reason=reason, last_day=counted.last_day)


def run_out_before(rule: Rule, now: datetime, calendar: Calendar | None = None) -> datetime:
    """The moment before which a start has run out `rule`'s period by `now`: a list asks `started < this`
    instead of counting each row (for 日 and 月 the due time depends only on the starting day)."""
    calendar = calendar or Calendar()
    local = now.astimezone(TZ)
    if rule.method == Method.HOURS:
        return local - timedelta(hours=rule.amount)
    day = local.date()
    while count(datetime.combine(day, time(12), tzinfo=TZ), rule.amount, rule.method, calendar).due >= now:
        day -= timedelta(days=1)  # a holiday at the end moves the due time on: step back until it is past
    return datetime.combine(day + timedelta(days=1), time(), tzinfo=TZ)
