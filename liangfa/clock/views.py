from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from liangfa.clock.alerts import mark_notifications_read
from liangfa.clock.calendar import Calendar, packaged_years
from liangfa.clock.choices import DeadlineState
from liangfa.clock.counting import due_for
from liangfa.clock.models import CalendarYear, Notification
from liangfa.clock.rules import TZ, all_rules, get_rule
from liangfa.clock.services import load_calendar, unserved_notices, visible_deadlines
from liangfa.clock.subjects import with_links
from liangfa.core.errors import DomainError
from liangfa.core.receipts import case_reads, record_reads

MAX_CALENDAR_BYTES = 1024 * 1024


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
            due = due_for(rule, start)
            error = due.problem
            result = None if error else {"rule": rule, "start": start, "due": due}
        except KeyError as exc:
            error = f"期限规则有误：{exc.args[0]}"
        except ValueError:
            error = f"起算时间“{start_text}”格式错误，应为 2025-09-28T10:00"
    return render(request, "clock/calculator.html", {"rules": all_rules().values(), "result": result,
                                                      "error": error, "rule_id": rule_id, "start": start_text})


@login_required
def dashboard(request):
    """Who is late, by how much, under which rule (scoped to what the user may see)."""
    now = timezone.now()
    visible = visible_deadlines(request.user)
    open_ = visible.filter(state=DeadlineState.OPEN)
    overdue = [d for d in open_.filter(due_at__lt=now).order_by("due_at")]
    soon = [d for d in open_.filter(due_at__gte=now).order_by("due_at")[:100]]
    unknown = list(open_.filter(due_at__isnull=True))
    late_done = [d for d in visible.filter(state=DeadlineState.DONE).order_by("-completed_at")[:200]
                 if d.lateness()][:50]
    unserved_issued = list(unserved_notices(request.user)[:200])
    unserved_held = list(unserved_notices(request.user, as_holder=True)[:200])
    # each deadline names its case: the cases of other organs shown (the transfer the police hold a period on,
    # every organ's periods for a supervising body) are receipted, one 查阅回执 per owning organ
    shown = {d.case_id: d.case for d in [*overdue, *soon, *unknown, *late_done, *unserved_issued, *unserved_held]
             if d.case_id}
    record_reads(request.user, case_reads(shown.values()), what="期限看板", via="页面")
    return render(request, "clock/dashboard.html", {
        "overdue": with_links(overdue, request.user), "soon": with_links(soon, request.user),
        "unknown": with_links(unknown, request.user), "late_done": with_links(late_done, request.user), "now": now,
        "unserved_issued": with_links(unserved_issued, request.user),
        "unserved_held": with_links(unserved_held, request.user),
        "provisional_count": open_.filter(provisional=True).count(),
    })


@login_required
def rules(request):
    return render(request, "clock/rules.html", {"rules": all_rules().values()})


@login_required
def calendar_years(request):
    """节假日日历: which years are known from a notice, which are counted provisionally; 管理员 loads a notice."""
    if not request.user.is_platform_admin:
        raise HttpForbidden("只有管理员可以导入节假日安排")
    if request.method == "POST":
        upload = request.FILES.get("file")
        source = request.POST.get("source", "").strip()
        try:
            if upload is None or not source:
                raise DomainError("请选择放假安排文件（CSV，列 date、kind），并填写来源（通知名称及文号）")
            if upload.size > MAX_CALENDAR_BYTES:
                raise DomainError("放假安排文件超过 1 MB，请核对文件")
            text = upload.read().decode("utf-8-sig")
            result = load_calendar(text, actor=request.user, source=source)
            messages.success(request, f"已导入 {'、'.join(map(str, result.years))} 年放假安排；重新计算暂定期限 "
                                      f"{result.recounted} 项，其中期满时间变动 {len(result.moved)} 项，已提醒承办机关")
            return redirect("clock_calendar")
        except UnicodeDecodeError:
            messages.error(request, "放假安排文件须为 UTF-8 编码的 CSV")
        except DomainError as exc:
            messages.error(request, str(exc))
    calendar = Calendar()
    packaged = sorted(packaged_years())
    upcoming = [y for y in range(packaged[-1] + 1, timezone.localdate().year + 3) if calendar.is_provisional(y)]
    return render(request, "clock/calendar.html", {
        "packaged": (packaged[0], packaged[-1]), "loaded": CalendarYear.objects.order_by("year"),
        "provisional": upcoming})


@login_required
def notifications(request):
    items = Notification.objects.filter(user=request.user)[:200]
    return render(request, "clock/notifications.html", {"items": items})


@login_required
@require_POST
def notifications_read(request):
    mark_notifications_read(request.user)
    return redirect("notifications")
