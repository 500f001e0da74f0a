"""In the browser: a meeting's decision becomes the police's task, goes overdue and is closed; a
重大行政决策 is refused at 集体讨论 while its 合法性审查 has not passed (Playwright driving Chromium)."""

import os
from datetime import date, datetime

import pytest
import time_machine

from liangfa.clock.rules import TZ
from liangfa.transfers.tests.test_browser import CHROMIUM, browser, login  # noqa: F401  (the fixture)

pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM),
                                reason="Debian chromium is not installed (.ci/run installs it)")
SHOTS = os.environ.get("LIANGFA_SHOTS")  # a folder: keep screenshots while working on the pages


def shot(page, name):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


@pytest.mark.django_db(transaction=True)
def test_a_meeting_decision_becomes_an_overdue_task_and_is_closed(live_server, browser, tmp_path, settings):  # noqa: F811
    from liangfa.meetings.tests.builders import held_meeting
    from liangfa.testing import build_world

    settings.MEDIA_ROOT = tmp_path / "media"
    base = live_server.url
    with time_machine.travel(datetime(2025, 6, 2, 14, 0, tzinfo=TZ)):
        world = build_world()
        meeting = held_meeting(world)
        convener = login(browser, base, "m_officer")
        convener.goto(f"{base}/meetings/{meeting.pk}/")
        assert "前次会议未办结事项（0项）" in convener.inner_text("#agenda")
        convener.fill("#action-form input[name=text]", "公安机关反馈移送案件立案情况")
        convener.select_option("#action-form select[name=owner]", str(world.police_officer.pk))
        convener.fill("#action-form input[name=due_date]", "2025-06-10")
        convener.click("#action-form button")
        convener.wait_for_selector("text=已交办议定事项")
        row = convener.inner_text("#meeting-actions")
        assert "公安机关反馈移送案件立案情况" in row and "测试市公安局" in row and "办理中" in row
        convener.fill("textarea[name=minutes]", "会议通报了移送情况，议定事项见附表。")
        convener.click("text=保存纪要")
        assert convener.inner_text("#meeting-status") == "纪要待确认"
        head = login(browser, base, "m_head")
        head.goto(f"{base}/meetings/{meeting.pk}/")
        head.click("text=确认纪要")
        assert head.inner_text("#meeting-status") == "纪要已确认"
        shot(head, "meeting-confirmed")

    with time_machine.travel(datetime(2025, 6, 12, 9, 0, tzinfo=TZ)):
        police = login(browser, base, "p_officer")
        todo = police.inner_text("body")
        assert "已逾期的联席会议议定事项" in todo
        police.goto(f"{base}/clock/")
        assert "办结联席会议议定事项" in police.inner_text("body")
        police.goto(f"{base}/meetings/")
        mine = police.inner_text("#my-actions")
        assert "公安机关反馈移送案件立案情况" in mine and "已逾期" in mine
        shot(police, "task-overdue")
        police.fill("#my-actions input[name=result]", "已反馈：立案3件，不予立案1件")
        police.click("#my-actions button")
        police.wait_for_selector("text=议定事项已办结")
        mine = police.inner_text("#my-actions")
        assert "逾期办结" in mine and "已反馈：立案3件" in mine
        convener = login(browser, base, "m_officer")
        convener.goto(f"{base}/meetings/{meeting.pk}/")
        assert "逾期办结" in convener.inner_text("#meeting-actions")


@pytest.mark.django_db(transaction=True)
def test_a_decision_is_refused_at_discussion_without_a_passed_legality_review(live_server, browser, tmp_path,  # noqa: F811
                                                                             settings):
    from liangfa.decisions.tests.test_decisions import adviser, drafted
    from liangfa.testing import build_world

    settings.MEDIA_ROOT = tmp_path / "media"
    base = live_server.url
    with time_machine.travel(datetime(2025, 6, 2, 9, 0, tzinfo=TZ)):
        world = build_world()
        counsel = adviser(world)
        decision = drafted(world)
        url = f"{base}/decisions/{decision.pk}/"

        def discuss(page):
            page.goto(url)
            page.fill("#decide-form input[name=meeting]", "局务会议（第3次）")
            page.fill("#decide-form input[name=speaker_1]", "李副局长")
            page.fill("#decide-form input[name=speaker_2]", "赵局长")
            page.check("#decide-form input[name=head][value='2']")
            page.click("#decide-form button[value='1']")

        head = login(browser, base, "m_head")
        discuss(head)
        head.wait_for_selector("text=未经合法性审查，不得提交决策机关讨论")
        assert "《重大行政决策程序暂行条例》第二十五条" in head.inner_text(".messages")
        assert head.inner_text("#decision-status") == "决策草案形成中"
        shot(head, "refused-unreviewed")

        staff = login(browser, base, "m_officer")
        staff.goto(url)
        staff.fill("input[name=due]", date(2025, 6, 16).isoformat())
        staff.select_option("select[name=adviser]", str(counsel.pk))
        staff.click("text=送请合法性审查")
        assert staff.inner_text("#decision-status") == "合法性审查中"

        lawyer = login(browser, base, "m_adviser")
        assert "送我审查的重大行政决策" in lawyer.inner_text("body")
        lawyer.goto(url)
        lawyer.fill("#review-form textarea[name=opinion]", "奖励标准缺乏上位法依据")
        lawyer.click("#review-form button[value='0']")
        assert lawyer.inner_text("#decision-status") == "合法性审查未通过"

        discuss(head)
        head.wait_for_selector("text=经合法性审查不合法，不得提交决策机关讨论")
        assert head.inner_text("#decision-status") == "合法性审查未通过"
        assert "奖励标准缺乏上位法依据" in head.inner_text("body")
        shot(head, "refused-failed-review")
