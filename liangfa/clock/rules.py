"""Deadline rules as data (data/deadline_rules.yaml) and the counting methods."""

import calendar as month_calendar
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from liangfa.clock.calendar import Calendar
from liangfa.clock.choices import Method

DATA = Path(__file__).resolve().parent.parent / "data" / "deadline_rules.yaml"
TZ = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    amount: int
    method: str
    holder: str
    law: str
    article: str
    confidence: str
    note: str = ""
    extensions: dict = field(default_factory=dict)

    @property
    def citation(self) -> str:
        return f"《{self.law}》{self.article}"

    @property
    def period(self) -> str:
        unit = {"hours": "小时", "calendar_days": "日", "working_days": "个工作日", "months": "个月"}[self.method]
        return f"{self.amount}{unit}"


@cache
def all_rules() -> dict[str, Rule]:
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    return {key: Rule(id=key, extensions=value.pop("extensions", {}) or {}, note=value.pop("note", ""), **value)
            for key, value in data["rules"].items()}


def get_rule(rule_id: str) -> Rule:
    try:
        return all_rules()[rule_id]
    except KeyError:
        raise KeyError(f"未知的期限规则 {rule_id}；可用：{'、'.join(all_rules())}") from None


def end_of_day(day) -> datetime:
    return datetime.combine(day, time(23, 59, 59), tzinfo=TZ)


def _add_months(day, months: int):
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, month_calendar.monthrange(year, month)[1]))


def compute_due(start: datetime, amount: int, method: str, calendar: Calendar | None = None) -> datetime:
    """When a period of `amount` units that began at `start` ends (刑事诉讼法第一百零五条 for 日/月)."""
    local = start.astimezone(TZ)
    if method == Method.HOURS:
        return local + timedelta(hours=amount)
    calendar = calendar or Calendar()
    if method == Method.WORKING_DAYS:
        return end_of_day(calendar.add_working_days(local.date(), amount))
    if method == Method.CALENDAR_DAYS:
        last = local.date() + timedelta(days=amount)  # the starting day is not counted
    elif method == Method.MONTHS:
        last = _add_months(local.date(), amount)
    else:
        raise ValueError(f"未知的计算方法 {method}")
    return end_of_day(calendar.next_workday(last))  # a last day on a holiday moves to the next working day
