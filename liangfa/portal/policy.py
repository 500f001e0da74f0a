"""Publication rules as data (data/publication_rules.yaml): which clock, how long a decision shows, what is held back."""

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

from liangfa.core import yamldata
from liangfa.core.redaction import NATURAL_PERSON

DATA = Path(__file__).resolve().parent.parent / "data" / "publication_rules.yaml"


@dataclass(frozen=True)
class Profile:
    key: str
    label: str
    publish_rule: str
    withdraw_rule: str
    publish_warning_only: bool
    long_display_years: int
    short_display_months: int
    low_fine: dict
    citation: str
    display_citation: str
    confidence: str
    low_fine_citation: str
    warning_only_citation: str = ""


@cache
def _data() -> dict:
    return yamldata.load(DATA.read_text(encoding="utf-8"))


def profile_for(agency) -> Profile:
    profiles = _data()["profiles"]
    key = agency.field if agency.field in profiles else "default"
    return Profile(key=key, **profiles[key])


def withheld_reasons() -> dict[str, dict]:
    return _data()["withheld_reasons"]


def _categories(case) -> set[str]:
    return {part.strip() for part in case.penalty_category.replace("、", "；").replace(";", "；").split("；") if part.strip()}


def warning_only(case) -> bool:
    return _categories(case) <= {"警告"} and not case.fine_amount and not case.confiscated_amount


def short_display(case, profile: Profile) -> bool:
    """通报批评, 警告 alone or a low fine show for the short period (SAMR45 第十三条; local default elsewhere)."""
    if _categories(case) <= {"警告", "通报批评"} and not case.confiscated_amount:
        return True
    if _categories(case) <= {"罚款", "警告", "通报批评"} and case.fine_amount is not None:
        limit = profile.low_fine[NATURAL_PERSON if case.party_category == NATURAL_PERSON else "other"]
        return case.fine_amount <= Decimal(limit)
    return False


def display_until(case, profile: Profile, published_on: date) -> date:
    """The last day the decision shows, counted from the day it is published."""
    if short_display(case, profile):
        month = published_on.month - 1 + profile.short_display_months
        year, month = published_on.year + month // 12, month % 12 + 1
        return _same_day(published_on, year, month)
    return _same_day(published_on, published_on.year + profile.long_display_years, published_on.month)


def _same_day(day: date, year: int, month: int) -> date:
    """The same day of the month `months` later; the month's last day when it has no such day (29 February)."""
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def held_back_by_law(case, profile: Profile, party_birth_date: date | None) -> str:
    """The key of a withheld reason that applies by itself, or '': a minor (by the ID's birth date on the
    decision date), or a market 警告 alone (SAMR45 第二条第二款)."""
    if party_birth_date is not None:
        adult_on = _same_day(party_birth_date, party_birth_date.year + 18, party_birth_date.month)
        if case.decision_date < adult_on:
            return "minor"
    if not profile.publish_warning_only and warning_only(case):
        return "warning_only"
    return ""
