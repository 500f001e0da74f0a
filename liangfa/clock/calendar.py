"""Working days and statutory holidays (国务院办公厅 放假安排), with 调休 workdays.

The packaged table (data/holidays.csv, from the chinese-calendar package) covers 2004–2026; 管理员 loads
each later year's notice as data (`liangfa clock calendar load FILE` or the 节假日日历 page). Until a year is
loaded it is counted provisionally (暂定): weekends and the festivals of 《全国年节及纪念日放假办法》第二条,
without 调休 or 补假, which only the notice fixes. Only an absurd date (before the table, or more than
PROVISIONAL_YEARS years ahead) raises CalendarError.
"""

import csv
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from django.utils import timezone

from liangfa.clock.festivals import festival_days, revision_for
from liangfa.clock.models import CalendarDay, CalendarYear

DATA = Path(__file__).resolve().parent.parent / "data" / "holidays.csv"
PROVISIONAL_YEARS = 10  # further ahead than this a date is a typing error, not a deadline


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


def packaged_years() -> frozenset[int]:
    return _packaged()[2]


def _loaded() -> tuple[set[date], set[date], set[int]]:
    years = set(CalendarYear.objects.values_list("year", flat=True))
    if not years:
        return set(), set(), set()
    holidays, workdays = set(), set()
    for day, kind in CalendarDay.objects.values_list("date", "kind"):
        (holidays if kind == "holiday" else workdays).add(day)
    return holidays, workdays, years


def provisional_reason(years) -> str:
    """Why a due date is 暂定, in the words shown to users."""
    listed = "、".join(str(y) for y in sorted(years))
    law = revision_for(max(years))
    return f"{listed}年放假安排尚未公布，按《{law.law}》{law.article}推定，未计调休和补假"


class Calendar:
    """One snapshot of the calendar (packaged + loaded years, the rest provisional), for a computation
    or a request."""

    def __init__(self, today: date | None = None):
        holidays, workdays, years = _packaged()
        extra_holidays, extra_workdays, extra_years = _loaded()
        self.holidays = holidays | extra_holidays
        self.workdays = workdays | extra_workdays
        self.years = years | extra_years  # years whose notice is known
        self.first_year = min(self.years)
        self.last_year = (today or timezone.localdate()).year + PROVISIONAL_YEARS
        self._provisional: dict[int, frozenset[date]] = {}

    def is_provisional(self, year: int) -> bool:
        return year not in self.years

    def check(self, day: date) -> None:
        if day.year < self.first_year:
            raise CalendarError(f"{day:%Y年%m月%d日} 早于节假日日历的起始年份（{self.first_year} 年）：请核对日期")
        if day.year > self.last_year:
            raise CalendarError(f"{day:%Y年%m月%d日} 超出可推算的范围（至 {self.last_year} 年，即今后 "
                                f"{PROVISIONAL_YEARS} 年）：请核对日期")

    def statutory_holidays(self, year: int) -> frozenset[date]:
        """The festivals' days off in a year without a loaded notice."""
        if year not in self._provisional:
            self._provisional[year] = frozenset(d for days in festival_days(year).values() for d in days)
        return self._provisional[year]

    def is_workday(self, day: date) -> bool:
        self.check(day)
        if self.is_provisional(day.year):
            return day.weekday() < 5 and day not in self.statutory_holidays(day.year)
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

    def provisional_years(self, first: date, last: date) -> list[int]:
        """The years between two consulted days that are counted without their notice."""
        return [y for y in range(first.year, last.year + 1) if self.is_provisional(y)]
