"""What every change to a deadline's due time shares: set the fields from a Due, keep the change on the
deadline's own timeline, tell the holder."""

from datetime import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from liangfa.agencies.models import User
from liangfa.agencies.permissions import acts_for
from liangfa.clock.calendar import Calendar
from liangfa.clock.counting import Due, due_for
from liangfa.clock.models import Deadline, DeadlineChange, Notification
from liangfa.clock.rules import get_rule

# Sent after a due time changed (kwargs: deadline, change). An app whose subject keeps a timeline (a
# transfer's steps, a supervision's events) may connect to add its own row; the clock imports no such app.
deadline_changed = Signal()


def set_due(deadline: Deadline, due: Due) -> None:
    deadline.due_at, deadline.period = due.at, due.period
    deadline.provisional, deadline.provisional_reason = due.provisional, due.provisional_reason
    deadline.problem = due.problem


DUE_FIELDS = ["due_at", "period", "provisional", "provisional_reason", "problem"]


def count_again(deadline: Deadline, calendar: Calendar | None = None) -> Due:
    """The deadline's due time from what it stores: rule, start, amount, stated date, approved extensions."""
    return due_for(get_rule(deadline.rule_id), deadline.started_at, amount=deadline.amount,
                   stated=deadline.stated_due, extensions=[e["key"] for e in deadline.extension or []],
                   calendar=calendar)


def record_change(deadline: Deadline, *, kind: str, old_due, old_provisional: bool, reason: str, actor_name: str,
                  now: datetime) -> DeadlineChange:
    change = DeadlineChange.objects.create(
        deadline=deadline, time=now, kind=kind, old_due=old_due, new_due=deadline.due_at,
        old_provisional=old_provisional, new_provisional=deadline.provisional, reason=reason[:300],
        actor_name=actor_name)
    deadline_changed.send(sender=Deadline, deadline=deadline, change=change)
    return change


def holder_users(deadline: Deadline) -> list[User]:
    """The holder organ's people who act on its statutory periods (agencies/permissions.py)."""
    holder = deadline.holder_agency
    return [u for u in User.objects.filter(agency_id=holder.pk, is_active=True) if acts_for(u, holder)]


def notify_holder(deadline: Deadline, text: str, *, now: datetime, subject: str) -> None:
    """A notification to each person of the holder agency who may act on it, and a mail where they gave one."""
    users = holder_users(deadline)
    Notification.objects.bulk_create(
        [Notification(user=u, created_at=now, text=text[:500], link=deadline.subject_url, deadline=deadline)
         for u in users])
    emails = [u.email for u in users if u.email]
    if emails:
        transaction.on_commit(lambda: send_mail(subject, text, settings.DEFAULT_FROM_EMAIL, emails,
                                                fail_silently=True))


def when(moment) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}" if moment else "无"
