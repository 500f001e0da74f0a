"""The tick: mark what fell due, once each, and tell the holders."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from liangfa.clock.calendar import Calendar
from liangfa.clock.changes import DUE_FIELDS, count_again, notify_holder, set_due, when
from liangfa.clock.choices import DeadlineState
from liangfa.clock.models import Deadline, Notification
from liangfa.core.audit import record_audit


def tick(*, now: datetime | None = None) -> int:
    """Mark what fell due, once each (compare-and-swap, safe with several workers), and notify."""
    now = now or timezone.now()
    count_uncounted()
    marked = 0
    due = Deadline.objects.filter(state=DeadlineState.OPEN, due_at__lt=now, overdue_marked_at__isnull=True)
    for deadline in due.select_related("holder_agency", "case", "content_type").iterator():
        with transaction.atomic():
            won = Deadline.objects.filter(pk=deadline.pk, overdue_marked_at__isnull=True,
                                          state=DeadlineState.OPEN).update(overdue_marked_at=now)
            if not won:
                continue  # another worker got there first
            marked += 1
            text = (f"已逾期：{deadline.name}（{deadline.citation}），期满 {when(deadline.due_at)}"
                    + ("（暂定）" if deadline.provisional else "") + f"，承办机关 {deadline.holder_agency.name}")
            notify_holder(deadline, text, now=now, subject="【两法衔接】期限逾期提醒")
            record_audit("deadline.overdue", now=now, obj=deadline, owner_agency_id=deadline.holder_agency_id,
                         after={"rule": deadline.rule_id, "due_at": deadline.due_at,
                                "provisional": deadline.provisional})
    return marked


def count_uncounted() -> int:
    """Open deadlines saved without a due time (a date that was out of range, or rows from before the
    provisional calendar) are counted as soon as they can be."""
    counted, calendar = 0, None
    for deadline in Deadline.objects.filter(state=DeadlineState.OPEN, due_at__isnull=True, started_at__isnull=False,
                                            stated_due__isnull=True):
        calendar = calendar or Calendar()
        due = count_again(deadline, calendar)
        if due.at is not None:
            set_due(deadline, due)
            deadline.save(update_fields=DUE_FIELDS)
            counted += 1
    return counted


def mark_notifications_read(user, *, now: datetime | None = None) -> int:
    """The person has seen their reminders (their own rows only; nothing else to audit)."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=now or timezone.now())
