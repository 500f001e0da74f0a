from datetime import date, datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from liangfa.agencies.models import Agency, User
from liangfa.clock.rules import TZ
from liangfa.clock.services import deadlines_for
from liangfa.core.downloads import download
from liangfa.core.errors import DomainError
from liangfa.meetings import services
from liangfa.meetings.choices import MeetingKind
from liangfa.meetings.events import history

FAILURES = (DomainError, ValueError, KeyError, Http404)


def run(request, action, ok: str, target):
    """Call a service; its refusal becomes the message the person reads, and nothing changes."""
    try:
        action()
        messages.success(request, ok)
    except FAILURES as exc:
        messages.error(request, str(exc) or "提交的内容有误")
    return redirect(target)


def parse_day(text: str, label: str) -> date:
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        raise DomainError(f"{label}“{text}”不是有效日期（如 2025-06-30）") from None


def parse_moment(text: str, label: str) -> datetime:
    try:
        return datetime.fromisoformat((text or "").strip()).replace(tzinfo=TZ)
    except ValueError:
        raise DomainError(f"{label}“{text}”不是有效时间（如 2025-06-30 09:00）") from None


def _year(request) -> int | None:
    text = request.GET.get("year", "")
    return int(text) if text.isdigit() else None


@login_required
def index(request):
    user = request.user
    meetings = services.visible_meetings(user).prefetch_related("members")
    year = _year(request)
    if year:
        meetings = meetings.filter(held_at__year=year)
    if request.GET.get("format") == "docx":
        organ = user.agency.name if user.agency else "联席会议办公室"
        return download(services.decisions_docx(meetings, organ), "联席会议议定事项督办表.docx")
    now = timezone.now()
    mine = services.visible_actions(user).filter(owner_agency_id=user.agency_id)
    return render(request, "meetings/index.html", {
        "meetings": meetings[:200], "year": year or "", "kinds": MeetingKind.choices,
        "agencies": Agency.objects.exclude(pk=user.agency_id).order_by("kind", "code"),
        "my_actions": [(a, services.action_state(a, now)) for a in mine[:200]],
    })


@login_required
@require_POST
def schedule(request):
    post = request.POST
    try:
        meeting = services.schedule_meeting(
            actor=request.user, title=post.get("title", ""), held_at=parse_moment(post.get("held_at", ""), "召开时间"),
            members=list(Agency.objects.filter(pk__in=post.getlist("members"))), agenda=post.get("agenda", ""),
            place=post.get("place", ""), kind=post.get("kind", MeetingKind.JOINT))
    except FAILURES as exc:
        messages.error(request, str(exc))
        return redirect("meetings_index")
    messages.success(request, "已通知召开")
    return redirect(meeting)


def _meeting(request, pk):
    return get_object_or_404(services.visible_meetings(request.user), pk=pk)


@login_required
def detail(request, pk: int):
    meeting = _meeting(request, pk)
    if request.GET.get("format") == "docx":
        return download(services.minutes_docx(meeting), f"{meeting.title}纪要.docx")
    now = timezone.now()
    previous = services.previous_meeting(meeting)
    people = User.objects.filter(agency__in=[meeting.convener_id, *meeting.members.values_list("pk", flat=True)],
                                 is_active=True).select_related("agency").order_by("agency__kind", "agency__code")
    attendance = {a.agency_id: a for a in meeting.attendance.all()}
    organs = [meeting.convener, *meeting.members.all()]
    return render(request, "meetings/detail.html", {
        "meeting": meeting, "organs": [(o, attendance.get(o.pk)) for o in organs],
        "materials": meeting.materials.all(), "people": people, "history": history(meeting),
        "actions": [(a, services.action_state(a, now), deadlines_for(a).first())
                    for a in meeting.actions.select_related("owner_agency", "owner")],
        "previous": previous, "previous_actions": [
            (a, services.action_state(a, now)) for a in previous.actions.select_related("owner_agency", "owner")
        ] if previous else [],
    })


@login_required
@require_POST
def act(request, pk: int, step: str):
    meeting = _meeting(request, pk)
    user, post = request.user, request.POST
    actions = {
        "material": (lambda: services.add_material(meeting, actor=user, title=post.get("title", ""),
                                                   upload=request.FILES.get("file")), "已上传材料"),
        "attendance": (lambda: services.record_attendance(meeting, actor=user, rows=[
            {"agency_id": a, "present": post.get(f"present_{a}") == "1", "attendees": post.get(f"attendees_{a}", ""),
             "absence_reason": post.get(f"absence_{a}", "")} for a in post.getlist("agency")]), "已登记出席情况"),
        "minutes": (lambda: services.write_minutes(meeting, actor=user, text=post.get("minutes", "")), "已保存纪要"),
        "action": (lambda: services.add_action(
            meeting, actor=user, text=post.get("text", ""),
            owner=get_object_or_404(User, pk=post.get("owner") or 0),
            due_date=parse_day(post.get("due_date", ""), "办结期限")), "已交办议定事项"),
        "confirm": (lambda: services.confirm_minutes(meeting, actor=user), "纪要已确认"),
        "cancel": (lambda: services.cancel_meeting(meeting, actor=user, reason=post.get("reason", "")), "会议已取消"),
    }
    if step not in actions:
        raise Http404
    action, ok = actions[step]
    return run(request, action, ok, meeting.get_absolute_url())


@login_required
@require_POST
def close_action(request, pk: int):
    item = get_object_or_404(services.visible_actions(request.user), pk=pk)
    return run(request, lambda: services.close_action(item, actor=request.user, result=request.POST.get("result", "")),
               "议定事项已办结", request.POST.get("next") or item.get_absolute_url())
