"""联席会议: schedule, materials, attendance, minutes, 议定事项 as tasks on the clock, confirmation, export.

Each 议定事项 opens a deadline (MTG_ACTION_ITEM) whose due date is the one the meeting set, held by the owner
organ: it shows in their 待办 and on the 期限看板 and goes overdue like every statutory period.
"""

from datetime import date, datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from liangfa.agencies.access import ALL, visible_agency_ids
from liangfa.agencies.models import Agency, User
from liangfa.agencies.permissions import (
    may_close_action,
    may_confirm_minutes,
    may_convene_meeting,
    may_run_meeting,
    require,
)
from liangfa.clock import services as clock
from liangfa.core.audit import record_audit
from liangfa.core.docx import render_docx
from liangfa.core.errors import DomainError
from liangfa.meetings.choices import (
    ACTION_TRANSITIONS,
    MEETING_TRANSITIONS,
    ActionStatus,
    MeetingKind,
    MeetingStatus,
    MeetingStep,
)
from liangfa.meetings.events import note
from liangfa.meetings.models import ActionItem, Attendance, Meeting, MeetingMaterial
from liangfa.reports.services import COLUMNS, build_bulletin, parse_period

ACTION_RULE = "MTG_ACTION_ITEM"


def _move(item, new: str, transitions: dict, what: str) -> str:
    old = item.status
    if new not in transitions[old]:
        raise DomainError(f"{what}当前为“{item.get_status_display()}”，不能办理此步骤")
    item.status = new
    return old


def _lock(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


# ---- what a new meeting opens with ----------------------------------------------------------------------

def open_actions_before(convener_id: int, held_at: datetime):
    """议定事项 of the convener's earlier meetings still open: the agenda opens with them."""
    return ActionItem.objects.filter(meeting__convener_id=convener_id, meeting__held_at__lt=held_at,
                                     status=ActionStatus.OPEN).select_related("owner_agency", "owner", "meeting")


def latest_bulletin_period(day: date) -> str:
    """The last whole quarter before `day`: the 情况通报 a meeting on that day discusses."""
    quarter = (day.month - 1) // 3
    return f"{day.year - 1}Q4" if quarter == 0 else f"{day.year}Q{quarter}"


def bulletin_summary(user, day: date) -> str:
    period = parse_period(latest_bulletin_period(day))
    totals = build_bulletin(user, period)["totals"]
    figures = "，".join(f"{label}{totals[key]}件" for key, label in COLUMNS if key != "penalties")
    return f"{period.label}情况通报：行政处罚{totals['penalties']}件；{figures}。"


def _carried(item: ActionItem, held_at: datetime) -> dict:
    return {"id": item.pk, "meeting": item.meeting.title, "text": item.text, "owner": item.owner_agency.name,
            "person": item.owner.display_name, "due": item.due_date.isoformat(),
            "overdue": item.due_date < timezone.localdate(held_at)}


@transaction.atomic
def schedule_meeting(*, actor, title: str, held_at: datetime, members, agenda: str, place: str = "",
                     kind: str = MeetingKind.JOINT, now=None) -> Meeting:
    now = now or timezone.now()
    convener = actor.agency
    require(convener is not None and may_convene_meeting(actor, convener), "无权召集联席会议：须为召集机关工作人员")
    members = [m for m in members if m.pk != convener.pk]
    if not title.strip():
        raise DomainError("请填写会议名称")
    if not members:
        raise DomainError("请至少选择一个成员单位")
    if not agenda.strip():
        raise DomainError("请填写议题（每行一项）")
    if kind not in MeetingKind.values:
        raise DomainError("会议类别无效")
    carried = [_carried(a, held_at) for a in open_actions_before(convener.pk, held_at)]
    meeting = Meeting.objects.create(convener=convener, kind=kind, title=title.strip(), held_at=held_at,
                                     place=place.strip(), agenda=agenda.strip(), carried_over=carried,
                                     bulletin_summary=bulletin_summary(actor, timezone.localdate(held_at)),
                                     created_by=actor, created_at=now)
    meeting.members.set(members)
    note(meeting, MeetingStep.SCHEDULE, actor=actor, now=now, to_status=meeting.status,
         text=f"{timezone.localtime(held_at):%Y-%m-%d %H:%M}，成员单位{len(members)}个，前次未办结事项{len(carried)}项")
    record_audit("meeting.schedule", actor=actor, now=now, obj=meeting, owner_agency_id=convener.pk,
                 after={"title": meeting.title, "held_at": held_at, "members": [m.pk for m in members]})
    return meeting


@transaction.atomic
def add_material(meeting: Meeting, *, actor, title: str, upload, now=None) -> MeetingMaterial:
    now = now or timezone.now()
    require(may_run_meeting(actor, meeting), "无权上传会议材料：须为召集机关工作人员")
    if upload is None or not title.strip():
        raise DomainError("请填写材料名称并选择文件")
    material = MeetingMaterial.objects.create(meeting=meeting, title=title.strip(), file=upload,
                                              uploaded_by=actor, uploaded_at=now)
    note(meeting, MeetingStep.MATERIAL, actor=actor, now=now, text=material.title)
    record_audit("meeting.material", actor=actor, now=now, obj=meeting, owner_agency_id=meeting.convener_id,
                 after={"title": material.title})
    return material


@transaction.atomic
def record_attendance(meeting: Meeting, *, actor, rows: list[dict], now=None) -> Meeting:
    """rows: {agency_id, present, attendees, absence_reason} for the convener and every member organ."""
    now = now or timezone.now()
    meeting = _lock(meeting)
    require(may_run_meeting(actor, meeting), "无权登记出席情况：须为召集机关工作人员")
    if now < meeting.held_at:
        raise DomainError(f"会议定于 {timezone.localtime(meeting.held_at):%Y-%m-%d %H:%M} 召开，召开前不能登记出席")
    expected = {meeting.convener_id, *meeting.members.values_list("pk", flat=True)}
    given = {int(r["agency_id"]): r for r in rows}
    if set(given) != expected:
        names = Agency.objects.filter(pk__in=expected - set(given)).values_list("name", flat=True)
        raise DomainError("出席情况须逐个单位登记；未登记：" + "、".join(names))
    for row in given.values():
        if row["present"] and not row.get("attendees", "").strip():
            raise DomainError("出席的单位须填写出席人员")
        if not row["present"] and not row.get("absence_reason", "").strip():
            raise DomainError("缺席的单位须填写缺席原因")
    old = _move(meeting, MeetingStatus.HELD, MEETING_TRANSITIONS, "会议")
    for agency_id, row in given.items():
        Attendance.objects.update_or_create(meeting=meeting, agency_id=agency_id, defaults={
            "present": bool(row["present"]), "attendees": row.get("attendees", "").strip(),
            "absence_reason": row.get("absence_reason", "").strip()})
    meeting.save(update_fields=["status"])
    present = sum(1 for r in given.values() if r["present"])
    note(meeting, MeetingStep.ATTENDANCE, actor=actor, now=now, from_status=old, to_status=meeting.status,
         text=f"出席{present}个单位，缺席{len(given) - present}个单位")
    record_audit("meeting.attendance", actor=actor, now=now, obj=meeting, owner_agency_id=meeting.convener_id,
                 after={"present": present, "absent": len(given) - present})
    return meeting


@transaction.atomic
def write_minutes(meeting: Meeting, *, actor, text: str, now=None) -> Meeting:
    now = now or timezone.now()
    meeting = _lock(meeting)
    require(may_run_meeting(actor, meeting), "无权撰写会议纪要：须为召集机关工作人员")
    if not text.strip():
        raise DomainError("会议纪要不能为空")
    old = _move(meeting, MeetingStatus.MINUTES_WRITTEN, MEETING_TRANSITIONS, "会议")
    meeting.minutes, meeting.minutes_by = text.strip(), actor
    meeting.save(update_fields=["status", "minutes", "minutes_by"])
    note(meeting, MeetingStep.MINUTES, actor=actor, now=now, from_status=old, to_status=meeting.status)
    record_audit("meeting.minutes", actor=actor, now=now, obj=meeting, owner_agency_id=meeting.convener_id,
                 after={"minutes": meeting.minutes})
    return meeting


@transaction.atomic
def add_action(meeting: Meeting, *, actor, text: str, owner: User, due_date: date, now=None) -> ActionItem:
    """A decision of the meeting becomes a task of an organ and a person, with a deadline on the clock."""
    now = now or timezone.now()
    meeting = _lock(meeting)
    require(may_run_meeting(actor, meeting), "无权交办议定事项：须为召集机关工作人员")
    if meeting.status not in (MeetingStatus.HELD, MeetingStatus.MINUTES_WRITTEN):
        raise DomainError(f"会议当前为“{meeting.get_status_display()}”：议定事项在会议召开后、纪要确认前交办")
    if not text.strip():
        raise DomainError("请写明议定事项")
    if owner is None or owner.agency_id is None:
        raise DomainError("请选择责任人")
    if owner.agency_id != meeting.convener_id and not meeting.members.filter(pk=owner.agency_id).exists():
        raise DomainError(f"责任人所在的{owner.agency.name}不是本次会议的成员单位")
    if due_date is None or due_date < timezone.localdate(meeting.held_at):
        raise DomainError("办结期限不能早于会议召开日期")
    item = ActionItem.objects.create(meeting=meeting, text=text.strip(), owner_agency_id=owner.agency_id,
                                     owner=owner, due_date=due_date)
    clock.start_deadline(ACTION_RULE, subject=item, holder_agency=owner.agency, started_at=meeting.held_at,
                         start_event=f"{meeting.title}议定", due_date=due_date)
    note(item, MeetingStep.ACTION_ADD, actor=actor, now=now, to_status=item.status,
         text=f"{owner.agency.name} {owner.display_name}，{due_date:%Y-%m-%d}前办结：{item.text}")
    record_audit("meeting.action_add", actor=actor, now=now, obj=item, owner_agency_id=owner.agency_id,
                 after={"text": item.text, "owner": owner.pk, "due_date": due_date})
    return item


@transaction.atomic
def confirm_minutes(meeting: Meeting, *, actor, now=None) -> Meeting:
    now = now or timezone.now()
    meeting = _lock(meeting)
    require(may_confirm_minutes(actor, meeting), "无权确认会议纪要：须为召集机关负责人")
    if not meeting.minutes:
        raise DomainError("会议纪要尚未撰写，不能确认")
    old = _move(meeting, MeetingStatus.CONFIRMED, MEETING_TRANSITIONS, "会议")
    meeting.confirmed_by, meeting.confirmed_at = actor, now
    meeting.save(update_fields=["status", "confirmed_by", "confirmed_at"])
    note(meeting, MeetingStep.CONFIRM, actor=actor, now=now, from_status=old, to_status=meeting.status)
    record_audit("meeting.confirm", actor=actor, now=now, obj=meeting, owner_agency_id=meeting.convener_id)
    return meeting


@transaction.atomic
def cancel_meeting(meeting: Meeting, *, actor, reason: str, now=None) -> Meeting:
    now = now or timezone.now()
    meeting = _lock(meeting)
    require(may_run_meeting(actor, meeting), "无权取消会议：须为召集机关工作人员")
    if not reason.strip():
        raise DomainError("请写明取消原因")
    old = _move(meeting, MeetingStatus.CANCELLED, MEETING_TRANSITIONS, "会议")
    meeting.save(update_fields=["status"])
    note(meeting, MeetingStep.CANCEL, actor=actor, now=now, from_status=old, to_status=meeting.status, text=reason)
    record_audit("meeting.cancel", actor=actor, now=now, obj=meeting, owner_agency_id=meeting.convener_id,
                 reason=reason.strip())
    return meeting


@transaction.atomic
def close_action(item: ActionItem, *, actor, result: str, now=None) -> ActionItem:
    now = now or timezone.now()
    item = ActionItem.objects.select_for_update().get(pk=item.pk)
    require(may_close_action(actor, item), f"无权办结该议定事项：须为责任单位{item.owner_agency.name}的工作人员")
    if not result.strip():
        raise DomainError("请填写办理结果")
    old = _move(item, ActionStatus.DONE, ACTION_TRANSITIONS, "议定事项")
    item.result, item.done_at, item.done_by = result.strip(), now, actor
    item.save(update_fields=["status", "result", "done_at", "done_by"])
    late = timezone.localdate(now) > item.due_date
    clock.complete_deadlines(item, ACTION_RULE, now=now, by="议定事项已办结")
    note(item, MeetingStep.ACTION_DONE, actor=actor, now=now, from_status=old, to_status=item.status,
         text=("逾期办结：" if late else "") + item.result)
    record_audit("meeting.action_done", actor=actor, now=now, obj=item, owner_agency_id=item.owner_agency_id,
                 after={"result": item.result})
    return item


# ---- reading -------------------------------------------------------------------------------------------

def visible_meetings(user):
    """The convener's and the member organs' staff see a meeting; supervising bodies see all."""
    base = Meeting.objects.select_related("convener")
    if visible_agency_ids(user) is ALL:
        return base
    if user.agency_id is None:
        return base.none()
    return base.filter(Q(convener_id=user.agency_id) | Q(members=user.agency_id)).distinct()


def visible_actions(user):
    return ActionItem.objects.filter(meeting__in=visible_meetings(user)).select_related(
        "meeting", "owner_agency", "owner")


def previous_meeting(meeting: Meeting) -> Meeting | None:
    return Meeting.objects.filter(convener_id=meeting.convener_id, held_at__lt=meeting.held_at).exclude(
        status=MeetingStatus.CANCELLED).order_by("-held_at").first()


def action_state(item: ActionItem, now: datetime) -> str:
    if item.status == ActionStatus.DONE:
        return "逾期办结" if timezone.localdate(item.done_at) > item.due_date else "已办结"
    return "已逾期" if timezone.localdate(now) > item.due_date else "办理中"


def _action_rows(meeting: Meeting, now) -> list[list[str]]:
    return [[str(i), a.text, a.owner_agency.name, a.owner.display_name, f"{a.due_date:%Y-%m-%d}",
             action_state(a, now), a.result] for i, a in enumerate(meeting.actions.select_related(
                 "owner_agency", "owner"), 1)]


def minutes_docx(meeting: Meeting, now=None) -> bytes:
    now = now or timezone.now()
    attendance = meeting.attendance.select_related("agency")
    parts = [f"时间：{timezone.localtime(meeting.held_at):%Y年%m月%d日 %H:%M}　地点：{meeting.place or '—'}",
             "召集单位：" + meeting.convener.name,
             "出席单位：" + "；".join(f"{a.agency.name}（{a.attendees}）" for a in attendance if a.present),
             "缺席单位：" + ("；".join(f"{a.agency.name}（{a.absence_reason}）" for a in attendance if not a.present)
                         or "无"),
             "议题：", *[f"{i}. {line}" for i, line in enumerate(meeting.agenda_lines, 1)],
             "纪要：", *(meeting.minutes.splitlines() or ["（尚未撰写）"]),
             "议定事项："]
    parts.append(("table", ["序号", "议定事项", "责任单位", "责任人", "办结期限", "状态", "办理结果"],
                  _action_rows(meeting, now)))
    if not meeting.confirmed_at:
        parts.append("（纪要尚未经召集机关负责人确认）")
    return render_docx(f"{meeting.title}纪要", "", parts, meeting.convener.name, meeting.confirmed_at or now)


def decisions_docx(meetings, organ: str, now=None) -> bytes:
    """议定事项督办表: every decision of these meetings with its owner, deadline and state."""
    now = now or timezone.now()
    rows = []
    for meeting in meetings:
        rows += [[meeting.title, *r[1:]] for r in _action_rows(meeting, now)]
    return render_docx("联席会议议定事项督办表", "", [
        ("table", ["会议", "议定事项", "责任单位", "责任人", "办结期限", "状态", "办理结果"], rows)], organ, now)


def year_figures(agency_id: int, year: int, now) -> dict:
    """For the annual report: meetings the organ convened or joined in the year and their decisions."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    held = Meeting.objects.filter(held_at__date__gte=start, held_at__date__lte=end).exclude(
        status__in=[MeetingStatus.SCHEDULED, MeetingStatus.CANCELLED]).filter(
        Q(convener_id=agency_id) | Q(members=agency_id)).distinct()
    actions = ActionItem.objects.filter(meeting__in=held, owner_agency_id=agency_id)
    today = timezone.localdate(now)
    return {
        "convened": held.filter(convener_id=agency_id).count(), "joined": held.exclude(convener_id=agency_id).count(),
        "actions": actions.count(), "done": actions.filter(status=ActionStatus.DONE).count(),
        "done_late": sum(1 for a in actions.filter(status=ActionStatus.DONE) if timezone.localdate(a.done_at) > a.due_date),
        "open": actions.filter(status=ActionStatus.OPEN, due_date__gte=today).count(),
        "overdue": actions.filter(status=ActionStatus.OPEN, due_date__lt=today).count(),
    }

