from datetime import datetime

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from liangfa.clock.calendar import CalendarError
from liangfa.clock.choices import DeadlineState
from liangfa.clock.models import Notification
from liangfa.clock.rules import TZ, all_rules, compute_due, get_rule
from liangfa.clock.services import visible_deadlines


@login_required
def calculator(request):
    """法定期限计算器."""
    result, error = None, ""
    rule_id, start_text = request.GET.get("rule", ""), request.GET.get("start", "")
    if rule_id and start_text:
        try:
            rule = get_rule(rule_id)
            start = datetime.fromisoformat(start_text)
            start = start.replace(tzinfo=TZ) if timezone.is_naive(start) else start
            result = {"rule": rule, "start": start, "due": compute_due(start, rule.amount, rule.method)}
        except (KeyError, ValueError) as exc:
            error = f"输入有误：{exc}"
        except CalendarError as exc:
            error = str(exc)
    return render(request, "clock/calculator.html", {"rules": all_rules().values(), "result": result,
                                                      "error": error, "rule_id": rule_id, "start": start_text})


@login_required
def dashboard(request):
    """Who is late, by how much, under which rule (scoped to what the user may see)."""
    now = timezone.now()
    open_ = visible_deadlines(request.user).filter(state=DeadlineState.OPEN)
    overdue = [d for d in open_.filter(due_at__lt=now).order_by("due_at")]
    soon = [d for d in open_.filter(due_at__gte=now).order_by("due_at")[:100]]
    unknown = list(open_.filter(due_at__isnull=True))
    late_done = [d for d in visible_deadlines(request.user).filter(state=DeadlineState.DONE).order_by("-completed_at")[:200]
                 if d.lateness()][:50]
    return render(request, "clock/dashboard.html", {"overdue": overdue, "soon": soon, "unknown": unknown,
                                                     "late_done": late_done, "now": now})


@login_required
def rules(request):
    return render(request, "clock/rules.html", {"rules": all_rules().values()})


@login_required
def notifications(request):
    items = Notification.objects.filter(user=request.user)[:200]
    return render(request, "clock/notifications.html", {"items": items})


@login_required
@require_POST
def notifications_read(request):
    Notification.objects.filter(user=request.user, read_at__isnull=True).update(read_at=timezone.now())
    return redirect("notifications")
