"""Counting methods against the real holiday calendar (刑事诉讼法第一百零五条 for 日)."""

import io
import json
from datetime import date, datetime, timedelta

import chinese_calendar
import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from liangfa.clock.calendar import Calendar, CalendarError
from liangfa.clock.counting import compute_due
from liangfa.clock.rules import TZ


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "amount", "method", "due"),
    [
        # 3日 from 2025-09-28 (a 调休 Sunday): the last day 10-01 is National Day → 10-09
        ("2025-09-28T10:00", 3, "calendar_days", "2025-10-09T23:59:59"),
        # 24小时 across midnight
        ("2025-03-03T22:30", 24, "hours", "2025-03-04T22:30:00"),
        # a last day on an ordinary Saturday moves to Monday
        ("2025-03-12T09:00", 3, "calendar_days", "2025-03-17T23:59:59"),
        # a last day on a 调休 Saturday (2026-02-14 is a working day) stays
        ("2026-02-11T09:00", 3, "calendar_days", "2026-02-14T23:59:59"),
        # Spring Festival 2026: 02-16 falls in the holiday (02-15…02-23) → 02-24
        ("2026-02-13T09:00", 3, "calendar_days", "2026-02-24T23:59:59"),
        # working days count the 调休 Sunday 2025-09-28
        ("2025-09-26T16:00", 2, "working_days", "2025-09-29T23:59:59"),
        # 2个月, last day a Sunday → Monday
        ("2025-06-30T10:00", 2, "months", "2025-09-01T23:59:59"),
        # 2个月 from 12-31 ends on the last day of February; 2026-02-28 is a 调休 working Saturday: no shift
        ("2025-12-31T10:00", 2, "months", "2026-02-28T23:59:59"),
    ],
)
def test_due_times(start, amount, method, due):
    assert compute_due(at(start), amount, method) == at(due)


@pytest.mark.django_db
@time_machine.travel(datetime(2026, 11, 30, 10, 0, tzinfo=TZ), tick=False)
def test_only_an_absurd_date_is_an_error():
    """More than ten years ahead (or before 2004) is a typing error, not a deadline: 无法计算 with the reason."""
    with pytest.raises(CalendarError, match="超出可推算的范围（至 2036 年"):
        compute_due(at("2037-01-05T10:00"), 3, "calendar_days")
    with pytest.raises(CalendarError, match="早于节假日日历的起始年份"):
        compute_due(at("2003-06-02T10:00"), 3, "calendar_days")
    assert compute_due(at("2036-12-30T10:00"), 24, "hours") == at("2036-12-31T10:00")  # hours need no calendar


@pytest.mark.django_db
def test_packaged_calendar_agrees_with_chinese_calendar():
    calendar = Calendar()
    day = date(2004, 1, 1)
    while day <= date(2026, 12, 31):
        assert calendar.is_workday(day) == chinese_calendar.is_workday(day), day
        day += timedelta(days=1)


@pytest.mark.django_db
def test_cli_prints_due_time_method_and_citation():
    out = io.StringIO()
    call_command("clock", "due", "AGY_APPROVE", "--start", "2025-09-28T10:00", "--format", "json", stdout=out)
    result = json.loads(out.getvalue())
    assert result["due"] == "2025-10-09T23:59:59+08:00"
    assert result["method"] == "calendar_days"
    assert result["citation"] == "《行政执法机关移送涉嫌犯罪案件的规定》第五条第二款"
    text = io.StringIO()
    call_command("clock", "due", "AGY_DELIVER", "--start", "2025-03-03T22:30", stdout=text)
    assert "期满 2025-03-04 22:30" in text.getvalue()
    with pytest.raises(CommandError, match="超出可推算的范围"):
        call_command("clock", "due", "AGY_APPROVE", "--start", "2066-12-30T10:00")
    with pytest.raises(CommandError, match="未知的期限规则 NOPE"):
        call_command("clock", "due", "NOPE", "--start", "2026-01-05T10:00")


def test_api_and_calculator_page(world):
    client = world.client(world.market_officer)
    body = client.get("/api/clock/due", {"rule": "POL_DECIDE", "start": "2026-02-13T09:00"}).json()
    assert body["due"] == "2026-02-24T23:59:59+08:00" and "第八条" in body["citation"]
    assert body["provisional"] is False and body["provisional_reason"] == ""
    refused = client.get("/api/clock/due", {"rule": "POL_DECIDE", "start": "2066-12-30T09:00"})
    assert refused.status_code == 400 and "超出可推算的范围" in refused.json()["detail"]
    page = client.get("/clock/calculator/", {"rule": "AGY_APPROVE", "start": "2025-09-28T10:00"}).content.decode()
    assert "2025-10-09 23:59" in page and "第五条第二款" in page and 'class="flag warn">暂定' not in page
    rules = client.get("/api/clock/rules").json()
    assert {r["id"] for r in rules} >= {"AGY_APPROVE", "AGY_DELIVER", "POL_FORWARD_JURISDICTION", "POL_MATERIALS_NOTICE",
                                        "AGY_MATERIALS_CURE", "POL_DECIDE", "AGY_RECONSIDER_REQUEST",
                                        "POL_RECONSIDER_DECIDE", "AGY_SUPERVISION_REQUEST", "AGY_HANDOVER",
                                        "AGY_REVERSE_REPLY"}
