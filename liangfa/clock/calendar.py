"""Working days and statutory holidays (国务院办公厅 放假安排), with 调休 workdays.

The packaged table (data/holidays.csv, from the chinese-calendar package) covers 2004–2026;
管理员 can load further years as data (`liangfa clock calendar load FILE`). A date in a year that
neither knows raises CalendarError: a deadline is never computed on a guessed calendar.
"""

import csv
from datetime import date, timedelta
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "holidays.csv"


class CalendarError(Exception):
    pass


@cache
def _packaged() -> tuple[frozenset[date], frozenset[date], frozenset[int]]:
    holidays, workdays = set(), set()
    with open(DATA, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            day = date.fromisoformat(row["date"])
            (holidays if row["kind"] == "holiday" else workdays).add(day)
    years = frozenset(range(min(d.year for d in holidays), max(d.year for d in holidays) + 1))
    return frozenset(holidays), frozenset(workdays), years


def _loaded() -> tuple[set[date], set[date], set[int]]:
    from liangfa.clock.models import CalendarDay, CalendarYear

    years = set(CalendarYear.objects.values_list("year", flat=True))
    if not years:
        return set(), set(), set()
    holidays, workdays = set(), set()
    for day, kind in CalendarDay.objects.values_list("date", "kind"):
        (holidays if kind == "holiday" else workdays).add(day)
    return holidays, workdays, years


class Calendar:
    """One snapshot of the calendar (packaged + loaded years), for a computation or a request."""

    def __init__(self):
        holidays, workdays, years = _packaged()
        extra_holidays, extra_workdays, extra_years = _loaded()
        self.holidays = holidays | extra_holidays
        self.workdays = workdays | extra_workdays
        self.years = years | extra_years

    def check(self, day: date) -> None:
        if day.year not in self.years:
            raise CalendarError(
                f"{day:%Y年%m月%d日} 超出节假日日历的范围（已有 {min(self.years)}–{max(self.years)} 年）："
                f"请管理员先导入 {day.year} 年的法定节假日和调休安排，期限不作推测"
            )

    def is_workday(self, day: date) -> bool:
        self.check(day)
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5

    def next_workday(self, day: date) -> date:
        while not self.is_workday(day):
            day += timedelta(days=1)
        return day

    def add_working_days(self, start: date, count: int) -> date:
        day = start
        while count > 0:
            day += timedelta(days=1)
            if self.is_workday(day):
                count -= 1
        return day
