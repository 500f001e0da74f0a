from datetime import datetime, timedelta

import time_machine

from liangfa.clock.models import Deadline, Notification
from liangfa.clock.rules import TZ
from liangfa.clock.services import start_deadline, tick
from liangfa.core.models import AuditEntry


def test_tick_marks_once_and_notifies_the_holders(world, mailoutbox, django_capture_on_commit_callbacks):
    world.market_head.email = "head@example.gov.cn"
    world.market_head.save()
    start = datetime(2025, 3, 3, 9, 0, tzinfo=TZ)
    deadline = start_deadline("AGY_DELIVER", subject=world.market, holder_agency=world.market,
                              start_event="负责人批准移送", started_at=start)
    assert tick(now=start + timedelta(hours=23)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert tick(now=start + timedelta(hours=25)) == 1
    assert tick(now=start + timedelta(hours=26)) == 0  # once only
    deadline.refresh_from_db()
    assert deadline.overdue_marked_at is not None
    notified = set(Notification.objects.values_list("user__username", flat=True))
    assert notified == {"m_officer", "m_officer2", "m_head"}
    assert "已逾期" in Notification.objects.first().text and "第五条第二款" in Notification.objects.first().text
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["head@example.gov.cn"]
    assert AuditEntry.objects.filter(action="deadline.overdue").count() == 1
    with time_machine.travel(start + timedelta(hours=30)):
        page = world.client(world.market_head).get("/clock/").content.decode()
    assert "已逾期" in page and "逾期6小时" in page


def test_two_workers_cannot_both_mark(world):
    start = datetime(2025, 3, 3, 9, 0, tzinfo=TZ)
    deadline = start_deadline("AGY_DELIVER", subject=world.market, holder_agency=world.market,
                              start_event="x", started_at=start)
    now = start + timedelta(days=2)
    first = Deadline.objects.filter(pk=deadline.pk, overdue_marked_at__isnull=True).update(overdue_marked_at=now)
    assert first == 1
    assert tick(now=now) == 0  # the other worker's compare-and-swap lost
    assert Notification.objects.count() == 0
