"""Loading a year's notice (国务院办公厅关于部分节假日安排的通知): checked against 《全国年节及纪念日放假办法》
第二条, then every 暂定 deadline is counted again, each change recorded and the holders told."""

import io
from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from liangfa.clock.calendar_load import load_calendar
from liangfa.clock.changes import deadline_changed
from liangfa.clock.models import CalendarYear, Deadline, DeadlineChange, Notification
from liangfa.clock.rules import TZ
from liangfa.clock.services import start_deadline
from liangfa.core.errors import DomainError, PermissionDenied
from liangfa.core.models import AuditEntry


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


def span(first: str, last: str) -> list[str]:
    day, end = date.fromisoformat(first), date.fromisoformat(last)
    days = []
    while day <= end:
        days.append(day.isoformat())
        day += timedelta(days=1)
    return days


# A 2027 notice as the State Council writes them: the festivals of the 2024 revision, bridged, with 调休 Saturdays.
HOLIDAYS_2027 = {
    "元旦": span("2027-01-01", "2027-01-03"), "春节": span("2027-02-05", "2027-02-12"),
    "清明节": span("2027-04-03", "2027-04-05"), "劳动节": span("2027-05-01", "2027-05-05"),
    "端午节": span("2027-06-09", "2027-06-09"), "中秋节": span("2027-09-15", "2027-09-15"),
    "国庆节": span("2027-10-01", "2027-10-07"),
}
WORKDAYS_2027 = {"春节": ["2027-02-13", "2027-02-20"], "劳动节": ["2027-04-25"], "国庆节": ["2027-09-26", "2027-10-09"]}


def notice(holidays=HOLIDAYS_2027, workdays=WORKDAYS_2027, extra: str = "") -> str:
    lines = ["date,kind,festival,in_lieu_day"]
    lines += [f"{d},holiday,{name}," for name, days in holidays.items() for d in days]
    lines += [f"{d},adjusted_workday,{name}," for name, days in workdays.items() for d in days]
    return "\n".join(lines) + "\n" + extra


@time_machine.travel(datetime(2027, 2, 8, 10, 0, tzinfo=TZ), tick=False)
def test_loading_the_notice_recounts_provisional_deadlines_and_tells_the_holder(world):
    """刑事诉讼法第一百零五条 on the 2027 notice: 3日 from 2027-02-08 ends 02-11, a working Thursday by the
    statutory festivals alone (暂定); the notice makes 02-05…02-12 holidays and 02-13 (Saturday) a working day,
    so the due time moves to 02-13 and is final. Each recount leaves an audit row and a change row; the holder's
    people are notified of the move; a custom amount (10日) and a 2028 end stay as they must."""
    moved = start_deadline("AGY_HANDOVER", subject=world.market, holder_agency=world.market,
                           start_event="收到立案通知书", started_at=at("2027-02-08T10:00"))
    custom = start_deadline("AGY_APPROVE", subject=world.tax, holder_agency=world.market, amount=10,
                            start_event="测试", started_at=at("2027-03-01T10:00"))
    next_year = start_deadline("AGY_REVERSE_REPLY", subject=world.police, holder_agency=world.market,
                               start_event="收到检察意见", started_at=at("2027-12-01T10:00"))
    assert moved.due_at == at("2027-02-11T23:59:59") and moved.provisional
    seen = []
    deadline_changed.connect(lambda **kw: seen.append(kw["change"]), weak=False, dispatch_uid="t")
    try:
        result = load_calendar(notice(), actor=world.admin, source="国务院办公厅关于2027年部分节假日安排的通知")
    finally:
        deadline_changed.disconnect(dispatch_uid="t")
    assert result.years == [2027] and result.recounted == 3 and [d.pk for d in result.moved] == [moved.pk]
    moved.refresh_from_db()
    assert moved.due_at == at("2027-02-13T23:59:59") and not moved.provisional and moved.provisional_reason == ""
    custom.refresh_from_db()
    assert custom.due_at == at("2027-03-11T23:59:59") and not custom.provisional and custom.period == "10日"
    next_year.refresh_from_db()
    assert next_year.provisional and next_year.provisional_reason.startswith("2028年放假安排尚未公布")
    change = DeadlineChange.objects.get(deadline=moved)
    assert (change.old_due, change.new_due, change.old_provisional, change.new_provisional) == (
        at("2027-02-11T23:59:59"), at("2027-02-13T23:59:59"), True, False)
    assert {c.deadline_id for c in seen} == {moved.pk, custom.pk, next_year.pk}
    assert AuditEntry.objects.filter(action="deadline.recounted").count() == 3
    audit = AuditEntry.objects.get(action="deadline.recounted", object_id=str(moved.pk))
    assert audit.before["provisional"] is True and audit.after["due_at"].startswith("2027-02-13T23:59:59")
    texts = list(Notification.objects.filter(user=world.market_head).values_list("text", flat=True))
    assert len(texts) == 1 and "原暂定期满 2027-02-11 23:59" in texts[0] and "重新计算为 2027-02-13 23:59" in texts[0]
    page = world.client(world.market_officer).get("/clock/").content.decode()
    assert "期满时间为暂定" in page  # the 2028 one still is


@pytest.mark.parametrize(("text", "error"), [
    (notice(holidays={k: v for k, v in HOLIDAYS_2027.items() if k != "中秋节"}),
     "2027 年的放假安排缺少中秋节（《全国年节及纪念日放假办法》第二条（2024年11月10日修订）：放假1天（农历中秋当日））：2027-09-15"),
    (notice(holidays={**HOLIDAYS_2027, "春节": span("2027-02-06", "2027-02-12")}), "缺少春节"),  # 除夕 left out
    (notice(extra="2027-02-12,adjusted_workday,春节,\n"), "第 35 行 2027-02-12 与第 12 行重复：一个日期只能是法定节假日或调休上班日之一"),
    (notice(extra="2027-02-17,adjusted_workday,春节,\n"), "2027-02-17 是星期三：调休上班日只能是星期六或星期日"),
    (notice(workdays={"国庆节": ["2027-10-02"]}), "2027-10-02 与第"),
    ("date,kind\n2026-10-01,holiday\n", "2026 年已在内置日历中，不能覆盖"),
    ("date,kind\n2027-13-01,holiday\n", "第 2 行日期“2027-13-01”格式错误"),
    ("day,type\n2027-01-01,holiday\n", "须包含“日期”“类型”两列"),
    ("日期,类型\n2027-01-01,休息\n", "第 2 行类型“休息”应为“放假”或“调休上班”"),
])
def test_a_wrong_notice_is_refused_whole(world, text, error):
    """《全国年节及纪念日放假办法》第二条: a notice without one of the seven festivals, or whose rows contradict each
    other (a date both holiday and workday, a 调休 workday on a weekday), is refused and changes nothing."""
    deadline = start_deadline("AGY_HANDOVER", subject=world.market, holder_agency=world.market,
                              start_event="测试", started_at=at("2027-02-08T10:00"))
    with pytest.raises(DomainError) as refused:
        load_calendar(text, actor=world.admin, source="测试")
    assert error in str(refused.value)
    assert not CalendarYear.objects.exists() and Deadline.objects.get(pk=deadline.pk).provisional


def test_only_an_administrator_loads_a_notice(world):
    """The calendar decides every statutory period: 管理员 only, on the page, the CLI and the service alike."""
    with pytest.raises(PermissionDenied):
        load_calendar(notice(), actor=world.market_head, source="测试")
    assert world.client(world.market_head).get("/clock/calendar/").status_code == 403


@time_machine.travel(datetime(2026, 12, 1, 10, 0, tzinfo=TZ), tick=False)
def test_the_calendar_page_loads_a_notice_or_says_why_not(world):
    """管理员's 节假日日历 page: the years counted provisionally, an upload that names what is wrong in Chinese."""
    admin = world.client(world.admin)
    page = admin.get("/clock/calendar/").content.decode()
    assert "内置 2004–2026 年" in page and "暂按推定计算的年份：2027、2028" in page
    bad = admin.post("/clock/calendar/", {"source": "测试", "file": SimpleUploadedFile(
        "2027.csv", notice(holidays={k: v for k, v in HOLIDAYS_2027.items() if k != "国庆节"}).encode())}, follow=True)
    assert "2027 年的放假安排缺少国庆节" in bad.content.decode() and not CalendarYear.objects.exists()
    missing = admin.post("/clock/calendar/", {"source": ""}, follow=True).content.decode()
    assert "请选择放假安排文件" in missing
    done = admin.post("/clock/calendar/", {"source": "国办发明电〔2026〕1号", "file": SimpleUploadedFile(
        "2027.csv", notice().encode("utf-8-sig"))}, follow=True).content.decode()
    assert "已导入 2027 年放假安排" in done and "国办发明电〔2026〕1号" in done
    assert "暂按推定计算的年份：2028" in done


def test_cli_loads_a_notice_and_reports_the_recount(world, tmp_path):
    """`liangfa clock calendar load FILE --user ADMIN`: same checks, same recount (《全国年节及纪念日放假办法》第二条)."""
    start_deadline("AGY_HANDOVER", subject=world.market, holder_agency=world.market, start_event="测试",
                   started_at=at("2027-02-08T10:00"))
    path = tmp_path / "2027.csv"
    path.write_text(notice(holidays={k: v for k, v in HOLIDAYS_2027.items() if k != "元旦"}), encoding="utf-8")
    with pytest.raises(CommandError, match="缺少元旦"):
        call_command("clock", "calendar", "load", str(path), "--user", world.admin.username)
    path.write_text(notice(), encoding="utf-8")
    out = io.StringIO()
    call_command("clock", "calendar", "load", str(path), "--user", world.admin.username, stdout=out)
    assert "已导入 2027 年节假日安排；重新计算暂定期限 1 项，其中期满时间变动 1 项" in out.getvalue()


def test_a_notice_with_chinese_headers_loads_the_same(world):
    """An administrator types the notice in Excel in Chinese: 日期, 类型 (放假 / 调休上班), 节日."""
    text = (notice().replace("date,kind,festival,in_lieu_day", "日期,类型,节日,补休")
            .replace(",holiday,", ",放假,").replace(",adjusted_workday,", ",调休上班,"))
    load_calendar(text, actor=world.admin, source="国务院办公厅关于2027年部分节假日安排的通知")
    assert CalendarYear.objects.filter(year=2027).exists()
