"""Past the packaged calendar (2004–2026) the clock keeps counting: weekends and the festivals of
《全国年节及纪念日放假办法》第二条, shown 暂定 until the year's notice is loaded."""

import csv
from datetime import date, datetime, timedelta

import pytest
import time_machine

from liangfa.clock.calendar import DATA as HOLIDAYS_CSV
from liangfa.clock.calendar import Calendar
from liangfa.clock.counting import due_for
from liangfa.clock.festivals import festival_days, revision_for
from liangfa.clock.models import Deadline, Notification
from liangfa.clock.rules import TZ, get_rule
from liangfa.clock.services import start_deadline, tick
from liangfa.core.errors import DomainError
from liangfa.testing import ready_transfer
from liangfa.transfers import services as transfers

REASON_2027 = "2027年放假安排尚未公布，按《全国年节及纪念日放假办法》第二条推定，未计调休和补假"
# The packaged table (chinese-calendar 1.11.0) leaves out one weekend day inside a holiday: the 2012 notice gave
# “端午节：6月22日至24日放假公休”, the table lists 22 and 24 only. 23 June 2012 was a Saturday, a day off anyway.
TABLE_OMISSIONS = {date(2012, 6, 23)}


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


def test_festival_days_are_holidays_in_every_packaged_year():
    """《全国年节及纪念日放假办法》第二条 (1999, 2007, 2013 and 2024 revisions): for every year 2004–2026, each
    festival day lunar_python computes (除夕, 正月初一至初三, 清明, 端午, 中秋, and the fixed days) is a holiday
    in the State Council's arrangements packaged in data/holidays.csv."""
    with open(HOLIDAYS_CSV, encoding="utf-8") as fh:
        holidays = {date.fromisoformat(r["date"]) for r in csv.DictReader(fh) if r["kind"] == "holiday"}
    checked = 0
    for year in range(2004, 2027):
        for name, days in festival_days(year).items():
            for day in days:
                assert day in holidays or day in TABLE_OMISSIONS, f"{year} {name} {day}"
                checked += 1
    assert checked == 4 * 10 + 6 * 11 + 11 * 11 + 2 * 13  # 1999: 10 days a year; 2007: 11; 2013: 11; 2024: 13
    assert revision_for(2027).revision == date(2024, 11, 10)
    assert festival_days(2027)["春节"] == (date(2027, 2, 5), date(2027, 2, 6), date(2027, 2, 7), date(2027, 2, 8))
    assert festival_days(2027)["清明节"] == (date(2027, 4, 5),)
    assert festival_days(2028)["中秋节"] == (date(2028, 10, 3),)


@pytest.mark.django_db
@time_machine.travel(datetime(2027, 2, 2, 9, 0, tzinfo=TZ), tick=False)
def test_a_period_ending_in_2027_is_counted_and_marked_provisional():
    """刑事诉讼法第一百零五条 with 《全国年节及纪念日放假办法》第二条: 3日 from 2027-02-02 ends on 除夕 (02-05),
    a festival under the 2024 revision; 02-06/07 are the weekend, 02-08 is 正月初三 → due 2027-02-09, 暂定."""
    due = due_for(get_rule("AGY_APPROVE"), at("2027-02-02T09:00"))
    assert due.at == at("2027-02-09T23:59:59")
    assert due.provisional and due.provisional_reason == REASON_2027
    # 2026 is in the packaged table: nothing provisional about it
    assert not due_for(get_rule("AGY_APPROVE"), at("2026-03-02T09:00")).provisional
    # a period that starts in 2026 and ends in 2027 is provisional too (01-01 is 元旦, 01-02/03 the weekend)
    crossing = due_for(get_rule("AGY_APPROVE"), at("2026-12-29T10:00"))
    assert crossing.at == at("2027-01-04T23:59:59") and crossing.provisional
    # hours consult no calendar
    assert not due_for(get_rule("AGY_DELIVER"), at("2026-12-31T20:00")).provisional
    # working days: 2027-09-15 (中秋, a Wednesday) is not counted
    working = due_for(get_rule("COOP_CONSULT_REPLY"), at("2027-09-13T10:00"))
    assert working.at == at("2027-09-17T23:59:59") and working.provisional


@pytest.mark.django_db
def test_a_provisional_deadline_goes_overdue_and_the_tick_marks_it(world):
    """A 暂定 due time is a due time (刑事诉讼法第一百零五条): late steps are late and the holders are told."""
    deadline = start_deadline("AGY_APPROVE", subject=world.market, holder_agency=world.market,
                              start_event="提交移送书面报告", started_at=at("2027-02-02T09:00"))
    assert deadline.provisional and deadline.due_at == at("2027-02-09T23:59:59") and deadline.problem == ""
    assert deadline.display(now=at("2027-02-10T08:00")).label == "已逾期"
    assert tick(now=at("2027-02-10T08:00")) == 1
    text = Notification.objects.filter(user=world.market_head).get().text
    assert "已逾期" in text and "期满 2027-02-09 23:59（暂定）" in text


def test_the_reconsideration_window_still_closes_in_2027(world):
    """《行政执法机关移送涉嫌犯罪案件的规定》第九条第一款: 复议 within 3日 of the 不予立案通知书. On today's
    calendar-less clock the window had no end in 2027 and a late request went through."""
    start = at("2027-03-01T09:00")
    transfer = ready_transfer(world, now=start, until="accepted")
    transfers.decide_filing(transfer, actor=world.police_officer, approver=world.police_head, file=False, reason="trivial", detail="金额未达标准",
                            materials_returned=True, now=start + timedelta(hours=2))
    transfers.receive_notice(transfer, actor=world.market_officer, rule_id="AGY_RECONSIDER_REQUEST",
                             now=start + timedelta(hours=2))  # the period runs from the agency's receipt
    window = Deadline.objects.get(rule_id="AGY_RECONSIDER_REQUEST", object_id=transfer.pk)
    assert window.due_at == at("2027-03-04T23:59:59") and window.provisional
    with pytest.raises(DomainError, match="已于 2027-03-04 23:59 届满"):
        transfers.request_reconsideration(transfer, actor=world.market_officer, grounds="理由",
                                          now=at("2027-03-05T09:00"))


def test_pages_and_api_show_provisional_with_the_reason(world):
    """The 期限看板, the calculator, the transfer page and its API say 暂定 and why (《全国年节及纪念日放假办法》)."""
    start = at("2027-02-02T09:00")
    transfer = ready_transfer(world, now=start, until="pending_approval")
    with time_machine.travel(start + timedelta(hours=1), tick=False):
        officer = world.client(world.market_officer)  # a session opened now (sessions expire)
        board = officer.get("/clock/").content.decode()
        detail = officer.get(f"/transfers/{transfer.pk}/").content.decode()
        api = officer.get(f"/api/transfers/{transfer.pk}").json()
        calculator = officer.get("/clock/calculator/", {"rule": "AGY_APPROVE", "start": "2027-02-02T09:00"})
        due_api = officer.get("/api/clock/due", {"rule": "AGY_APPROVE", "start": "2027-02-02T09:00"}).json()
    for page in (board, detail, calculator.content.decode()):
        assert "2027-02-09 23:59" in page and "暂定" in page and REASON_2027 in page
    assert "无法计算" not in detail
    assert "1 项期满时间为暂定" in board
    approve = api["deadlines"][0]
    assert approve["provisional"] is True and approve["provisional_reason"] == REASON_2027
    assert approve["due_at"] == "2027-02-09T15:59:59Z" and approve["status"] == "未到期"  # 23:59:59 in Beijing
    assert due_api["provisional"] is True and due_api["due"] == "2027-02-09T23:59:59+08:00"


@pytest.mark.django_db
@time_machine.travel(datetime(2027, 1, 4, 9, 0, tzinfo=TZ), tick=False)
def test_years_without_a_notice_are_provisional_until_ten_years_ahead():
    """Only an absurd date is uncountable: the horizon follows today (2027 + 10)."""
    calendar = Calendar()
    assert calendar.is_provisional(2027) and not calendar.is_provisional(2026)
    assert calendar.last_year == 2037
    far = due_for(get_rule("AGY_APPROVE"), at("2038-01-04T09:00"))
    assert far.at is None and "超出可推算的范围（至 2037 年" in far.problem
