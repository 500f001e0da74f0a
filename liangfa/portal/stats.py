"""群众意见 statistics per agency and month: received, answered, on time, 满意度 (for the back office's ECharts)."""

from django.db.models import Avg, Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from liangfa.clock.choices import DeadlineState
from liangfa.clock.models import Deadline
from liangfa.portal.choices import DONE, OPINION_KINDS, RequestStatus
from liangfa.portal.models import PublicRequest


def monthly(requests) -> list[dict]:
    """Per month of receipt: received, answered, rated, average rating, share satisfied (4–5)."""
    rows = (requests.filter(kind__in=OPINION_KINDS).annotate(month=TruncMonth("received_at")).values("month")
            .annotate(received=Count("id"), answered=Count("id", filter=Q(status__in=DONE)),
                      rated=Count("id", filter=Q(rating__isnull=False)), average=Avg("rating"),
                      satisfied=Count("id", filter=Q(rating__gte=4))).order_by("month"))
    return [{**r, "month": timezone.localtime(r["month"]).strftime("%Y-%m") if timezone.is_aware(r["month"])
             else r["month"].strftime("%Y-%m"), "average": round(r["average"], 2) if r["average"] else None,
             "satisfied_share": round(100 * r["satisfied"] / r["rated"]) if r["rated"] else None} for r in rows]


def by_agency(requests) -> list[dict]:
    rows = (requests.filter(kind__in=OPINION_KINDS).values("agency__name")
            .annotate(received=Count("id"), open=Count("id", filter=~Q(status__in=DONE)),
                      rated=Count("id", filter=Q(rating__isnull=False)), average=Avg("rating"))
            .order_by("-received"))
    return [{**r, "average": round(r["average"], 2) if r["average"] else None} for r in rows]


def overdue(requests, now) -> list[PublicRequest]:
    """Requests whose answering period ran out while they are still open (the handler's 待办)."""
    late_ids = Deadline.objects.filter(
        state=DeadlineState.OPEN, due_at__lt=now,
        content_type__app_label="portal", content_type__model="publicrequest").values("object_id")
    return list(requests.filter(pk__in=late_ids).exclude(status__in=[*DONE, RequestStatus.BOOKED]))
