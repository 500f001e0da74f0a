from datetime import date, datetime, timedelta

import pytest
from docx import Document

from liangfa.clock.choices import Display
from liangfa.clock.rules import TZ
from liangfa.clock.services import deadlines_for
from liangfa.core.errors import DomainError, PermissionDenied
from liangfa.desk.worklist import worklist
from liangfa.meetings import services
from liangfa.meetings.tests.builders import HELD, held_meeting

pytestmark = pytest.mark.django_db


def _todo(user, label, now):
    return next(t for t in worklist(user, now=now) if t.label == label)


def test_a_decision_becomes_the_owners_task_on_the_clock_and_goes_overdue(world):
    meeting = held_meeting(world)
    item = services.add_action(meeting, actor=world.market_officer, text="公安机关牵头梳理不予立案案件",
                               owner=world.police_officer, due_date=date(2025, 6, 10), now=HELD)
    deadline = deadlines_for(item).get()
    assert deadline.holder_agency == world.police and deadline.rule_id == "MTG_ACTION_ITEM"
    assert deadline.due_at == datetime(2025, 6, 10, 23, 59, 59, tzinfo=TZ)
    assert _todo(world.police_officer, "联席会议议定事项（办理中）", HELD).count == 1
    late = datetime(2025, 6, 11, 9, 0, tzinfo=TZ)
    assert deadline.display(late) == Display.OVERDUE
    assert _todo(world.police_officer, "已逾期的联席会议议定事项", late).count == 1
    assert services.action_state(item, late) == "已逾期"
    with pytest.raises(PermissionDenied, match="责任单位测试市公安局"):
        services.close_action(item, actor=world.market_officer, result="已梳理", now=late)
    services.close_action(item, actor=world.police_officer, result="已梳理12件", now=late)
    item.refresh_from_db()
    assert services.action_state(item, late) == "逾期办结"
    assert deadlines_for(item).get().display(late) == Display.DONE_LATE
    assert _todo(world.police_officer, "已逾期的联席会议议定事项", late).count == 0


def test_the_next_meeting_opens_with_open_decisions_and_the_latest_bulletin(world):
    meeting = held_meeting(world)
    services.add_action(meeting, actor=world.market_officer, text="检察院起草证据标准", owner=world.prosecutor,
                        due_date=date(2025, 7, 1), now=HELD)
    done = services.add_action(meeting, actor=world.market_officer, text="市场监管局报送移送台账",
                               owner=world.market_officer2, due_date=date(2025, 6, 20), now=HELD)
    services.close_action(done, actor=world.market_officer2, result="已报送", now=HELD + timedelta(days=3))
    later = datetime(2025, 9, 1, 9, 0, tzinfo=TZ)
    second = services.schedule_meeting(actor=world.market_officer, title="第三季度联席会议", held_at=later,
                                       members=[world.police], agenda="议题", now=later)
    assert [c["text"] for c in second.carried_over] == ["检察院起草证据标准"]
    assert second.carried_over[0]["overdue"] is True
    assert second.bulletin_summary.startswith("2025年第二季度情况通报：行政处罚0件")
    assert services.previous_meeting(second) == meeting


def test_steps_are_refused_in_chinese_and_change_nothing(world):
    meeting = held_meeting(world)
    with pytest.raises(PermissionDenied, match="召集机关工作人员"):
        services.write_minutes(meeting, actor=world.police_officer, text="纪要", now=HELD)
    with pytest.raises(DomainError, match="不是本次会议的成员单位"):
        services.add_action(meeting, actor=world.market_officer, text="x", owner=world.tax_officer,
                            due_date=date(2025, 7, 1), now=HELD)
    with pytest.raises(DomainError, match="不能早于会议召开日期"):
        services.add_action(meeting, actor=world.market_officer, text="x", owner=world.police_officer,
                            due_date=date(2025, 5, 1), now=HELD)
    with pytest.raises(DomainError, match="纪要尚未撰写"):
        services.confirm_minutes(meeting, actor=world.market_head, now=HELD)
    services.write_minutes(meeting, actor=world.market_officer, text="会议通报了移送情况。", now=HELD)
    with pytest.raises(PermissionDenied, match="负责人"):
        services.confirm_minutes(meeting, actor=world.market_officer, now=HELD)
    services.confirm_minutes(meeting, actor=world.market_head, now=HELD)
    with pytest.raises(DomainError, match="纪要确认前交办"):
        services.add_action(meeting, actor=world.market_officer, text="x", owner=world.police_officer,
                            due_date=date(2025, 7, 1), now=HELD)
    assert meeting.actions.count() == 0


def test_attendance_names_every_organ_and_absences_need_a_reason(world):
    meeting = services.schedule_meeting(actor=world.market_officer, title="会", held_at=HELD, members=[world.police],
                                        agenda="议题", now=HELD)
    with pytest.raises(DomainError, match="召开前不能登记"):
        services.record_attendance(meeting, actor=world.market_officer, rows=[], now=HELD - timedelta(hours=1))
    with pytest.raises(DomainError, match="未登记：测试市公安局"):
        services.record_attendance(meeting, actor=world.market_officer, now=HELD,
                                   rows=[{"agency_id": world.market.pk, "present": True, "attendees": "甲"}])
    with pytest.raises(DomainError, match="缺席原因"):
        services.record_attendance(meeting, actor=world.market_officer, now=HELD, rows=[
            {"agency_id": world.market.pk, "present": True, "attendees": "甲"},
            {"agency_id": world.police.pk, "present": False}])


def test_who_sees_a_meeting(world):
    meeting = held_meeting(world)
    assert meeting in services.visible_meetings(world.police_officer)
    assert meeting not in services.visible_meetings(world.tax_officer)
    assert world.client(world.tax_officer).get(f"/meetings/{meeting.pk}/").status_code == 404
    assert meeting in services.visible_meetings(world.prosecutor)  # supervising body


def test_minutes_and_decisions_export_to_word(world, tmp_path):
    meeting = held_meeting(world)
    services.write_minutes(meeting, actor=world.market_officer, text="一、通报了移送情况。", now=HELD)
    services.add_action(meeting, actor=world.market_officer, text="公安机关反馈立案情况", owner=world.police_officer,
                        due_date=date(2025, 6, 30), now=HELD)
    response = world.client(world.market_officer).get(f"/meetings/{meeting.pk}/?format=docx")
    path = tmp_path / "m.docx"
    path.write_bytes(response.content)
    document = Document(path)
    text = "\n".join(p.text for p in document.paragraphs)
    assert "2025年第二季度联席会议纪要" in text and "缺席单位：测试市人民检察院（出庭）" in text
    cells = [c.text for row in document.tables[0].rows for c in row.cells]
    assert "公安机关反馈立案情况" in cells and "测试市公安局" in cells and "2025-06-30" in cells
    response = world.client(world.police_officer).get("/meetings/?year=2025&format=docx")
    path.write_bytes(response.content)
    assert "公安机关反馈立案情况" in [c.text for row in Document(path).tables[0].rows for c in row.cells]


def test_meeting_pages_show_agenda_attendance_and_actions(world):
    meeting = held_meeting(world)
    services.add_action(meeting, actor=world.market_officer, text="梳理线索", owner=world.police_officer,
                        due_date=date(2025, 6, 30), now=HELD)
    page = world.client(world.police_officer).get(f"/meetings/{meeting.pk}/").content.decode()
    assert "情况通报：2025年第一季度情况通报" in page and "梳理线索" in page and "出庭" in page
    page = world.client(world.police_officer).get("/meetings/").content.decode()
    assert "梳理线索" in page
