"""群众诉求: 咨询, 申请, 意见建议, 投诉举报 and 预约, from the web form or entered by staff, to the written answer
the person reads with their number and rates.

Every step is one function: it checks the named permission and the status map, locks the row, writes the
step (RequestEvent) and the audit row (never the person's private values), and opens or closes the clock.
"""

import hmac
import secrets
from datetime import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from liangfa.agencies.access import scope_by_agency
from liangfa.agencies.choices import AgencyKind, Field
from liangfa.agencies.models import Agency, User
from liangfa.agencies.permissions import (
    may_enter_public_request,
    may_handle_public_request,
    may_refer_report,
    require,
)
from liangfa.cases.services import get_case_for_user
from liangfa.clock import services as clock
from liangfa.clock.changes import notify_holder
from liangfa.clock.models import Notification
from liangfa.clock.rules import get_rule
from liangfa.core.audit import record_audit
from liangfa.core.errors import DomainError
from liangfa.core.events import actor_fields
from liangfa.portal import uploads
from liangfa.portal.choices import (
    PREFIX_OF_KIND,
    RATEABLE,
    REQUEST_TRANSITIONS,
    RULE_OF_KIND,
    RequestChannel,
    RequestKind,
    RequestStatus,
    RequestStep,
    Satisfaction,
)
from liangfa.portal.models import AppointmentSlot, PublicRequest, RequestEvent

S = RequestStatus
Step = RequestStep
LIMITS = {"name": 100, "phone": 30, "email": 254, "subject": 100, "body": 3000, "decision_no": 120}
SECRET_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


# ---- numbers -------------------------------------------------------------------------------------------------

def _tracking_no(kind: str, now: datetime) -> str:
    while True:
        number = f"{PREFIX_OF_KIND[kind]}{timezone.localtime(now):%Y%m%d}{secrets.randbelow(10**6):06d}"
        if not PublicRequest.objects.filter(tracking_no=number).exists():
            return number


def _secret() -> str:
    return "".join(secrets.choice(SECRET_ALPHABET) for _ in range(6))


def _clean(values: dict) -> dict:
    """Trimmed values within their limits, or a Chinese error naming the field and the rule."""
    labels = {"name": "姓名或名称", "phone": "联系电话", "email": "电子邮箱", "subject": "标题", "body": "内容",
              "decision_no": "涉及的决定书文号"}
    out = {}
    for key, limit in LIMITS.items():
        value = (values.get(key) or "").strip()
        if len(value) > limit:
            raise DomainError(f"“{labels[key]}”不能超过 {limit} 个字（现为 {len(value)} 个字）")
        out[key] = value
    for key in ("name", "subject", "body"):
        if not out[key]:
            raise DomainError(f"请填写“{labels[key]}”")
    if not (out["phone"] or out["email"]):
        raise DomainError("请至少填写“联系电话”或“电子邮箱”中的一项，以便告知办理结果")
    return out


def _log(req: PublicRequest, code: str, *, actor, now: datetime, old: str = "", note: str = "") -> None:
    RequestEvent.objects.create(request=req, time=now, **actor_fields(actor), code=code, from_status=old,
                                to_status=req.status if req.status != old else "", note=note)


def _tell_person(req: PublicRequest, text: str) -> None:
    """The person's notice: by e-mail where they gave one (they always read it with their number too)."""
    if req.email:
        transaction.on_commit(lambda: send_mail(f"【执法公开】{req.get_kind_display()} {req.tracking_no}", text,
                                                settings.DEFAULT_FROM_EMAIL, [req.email], fail_silently=True))


# ---- arriving --------------------------------------------------------------------------------------------------

@transaction.atomic
def submit_request(*, kind: str, agency: Agency, values: dict, upload=None, crime_report: bool = False,
                   now: datetime | None = None) -> PublicRequest:
    """A person's request from the public site (no login). The clock of its kind starts on receipt."""
    return _create(kind=kind, agency=agency, values=values, upload=upload, crime_report=crime_report,
                   channel=RequestChannel.WEB, received_at=now or timezone.now(), actor=None, now=now)


@transaction.atomic
def enter_request(*, kind: str, agency: Agency, values: dict, channel: str, received_at: datetime, actor,
                  crime_report: bool = False, now: datetime | None = None) -> PublicRequest:
    """A letter, call or visit recorded by the receiving organ's staff; the clock runs from its receipt."""
    now = now or timezone.now()
    require(may_enter_public_request(actor, agency), f"只有{agency.name}的工作人员可以登记来信、来电、来访")
    if channel not in RequestChannel.values or channel == RequestChannel.WEB:
        raise DomainError("请选择渠道：来信、来电或来访")
    if received_at > now:
        raise DomainError("收到时间不能晚于现在")
    return _create(kind=kind, agency=agency, values=values, upload=None, crime_report=crime_report, channel=channel,
                   received_at=received_at, actor=actor, now=now)


def _create(*, kind, agency, values, upload, crime_report, channel, received_at, actor, now) -> PublicRequest:
    now = now or timezone.now()
    if kind not in RULE_OF_KIND:
        raise DomainError(f"诉求类别“{kind[:20]}”无效；预约请选择时段办理")
    if not agency.is_active:
        raise DomainError(f"{agency.name}未开通网上受理")
    clean = _clean(values)
    path, original = uploads.store(upload) if upload else ("", "")
    req = PublicRequest.objects.create(
        kind=kind, tracking_no=_tracking_no(kind, now), secret=_secret(), agency=agency, channel=channel,
        received_at=received_at, entered_by=actor, attachment_path=path, attachment_name=original,
        crime_report=crime_report and kind == RequestKind.COMPLAINT, **clean)
    _log(req, Step.ENTER if actor else Step.SUBMIT, actor=actor, now=now, note=RequestChannel(channel).label)
    rule = get_rule(RULE_OF_KIND[kind])
    deadline = clock.start_deadline(rule.id, subject=req, holder_agency=agency, started_at=received_at,
                                    start_event=f"收到{req.get_kind_display()}（{req.tracking_no}）")
    notify_holder(deadline, f"新的{req.get_kind_display()}（{req.tracking_no}）：{req.subject}，"
                            f"应于 {timezone.localtime(deadline.due_at):%Y-%m-%d} 前办理（{rule.citation}）",
                  now=now, subject="【执法公开】新的群众诉求")
    record_audit("request.receive", actor=actor, now=now, obj=req, owner_agency_id=agency.pk,
                 after={"kind": kind, "channel": channel, "tracking_no": req.tracking_no})
    return req


# ---- handling --------------------------------------------------------------------------------------------------

def _lock(req: PublicRequest, actor) -> PublicRequest:
    require(may_handle_public_request(actor, req), f"只有{req.agency.name}的工作人员可以办理该诉求")
    return PublicRequest.objects.select_for_update().select_related("agency").get(pk=req.pk)


def _move(req: PublicRequest, to: str, code: str, *, actor, now: datetime, note: str = "") -> None:
    if to not in REQUEST_TRANSITIONS[req.status]:
        raise DomainError(f"该诉求当前为“{req.get_status_display()}”，不能改为“{RequestStatus(to).label}”")
    old = req.status
    req.status = to
    req.save()
    _log(req, code, actor=actor, now=now, old=old, note=note)
    record_audit(f"request.{code}", actor=actor, now=now, obj=req, owner_agency_id=req.agency_id,
                 before={"status": old}, after={"status": to})


@transaction.atomic
def assign(req: PublicRequest, *, actor, handler: User, now: datetime | None = None) -> PublicRequest:
    now = now or timezone.now()
    req = _lock(req, actor)
    if req.status not in (S.SUBMITTED, S.ACCEPTED, S.BOOKED):
        raise DomainError(f"该诉求已{req.get_status_display()}，不能再指定承办人")
    if not may_handle_public_request(handler, req):
        raise DomainError(f"{handler.display_name}不是{req.agency.name}的工作人员，不能承办")
    req.handler = handler
    req.save(update_fields=["handler"])
    _log(req, Step.ASSIGN, actor=actor, now=now, note=handler.display_name)
    Notification.objects.create(user=handler, created_at=now, link=req.get_absolute_url(),
                                text=f"请承办{req.get_kind_display()}（{req.tracking_no}）：{req.subject}"[:500])
    record_audit("request.assign", actor=actor, now=now, obj=req, owner_agency_id=req.agency_id,
                 after={"handler": handler.username})
    return req


@transaction.atomic
def accept(req: PublicRequest, *, actor, now: datetime | None = None) -> PublicRequest:
    now = now or timezone.now()
    req = _lock(req, actor)
    req.handler = req.handler or actor
    _move(req, S.ACCEPTED, Step.ACCEPT, actor=actor, now=now)
    _tell_person(req, f"您的{req.get_kind_display()}（{req.tracking_no}）已由{req.agency.name}受理。")
    return req


def _finish(req: PublicRequest, to: str, code: str, *, actor, now: datetime, text: str, note: str = "") -> None:
    req.answer, req.answered_at, req.answered_by = text, now, actor
    _move(req, to, code, actor=actor, now=now, note=note)
    clock.complete_deadlines(req, *([RULE_OF_KIND[req.kind]] if req.kind in RULE_OF_KIND else []), now=now,
                             by=RequestStep(code).label)
    _tell_person(req, f"您的{req.get_kind_display()}（{req.tracking_no}）已办理：{RequestStatus(to).label}。"
                      "请凭受理编号和查询密码在执法公开网站查看书面答复。")


@transaction.atomic
def answer(req: PublicRequest, *, actor, text: str, now: datetime | None = None) -> PublicRequest:
    """The written answer (for an appointment: how it was handled at the window)."""
    now = now or timezone.now()
    req = _lock(req, actor)
    if not text.strip():
        raise DomainError("请填写书面答复的内容")
    if len(text) > 5000:
        raise DomainError("书面答复不能超过 5000 字")
    if req.status == S.SUBMITTED:
        req.handler = req.handler or actor
        _move(req, S.ACCEPTED, Step.ACCEPT, actor=actor, now=now)
    _finish(req, S.ANSWERED, Step.ANSWER, actor=actor, now=now, text=text.strip())
    return req


@transaction.atomic
def reject(req: PublicRequest, *, actor, reason: str, now: datetime | None = None) -> PublicRequest:
    now = now or timezone.now()
    req = _lock(req, actor)
    if not reason.strip():
        raise DomainError("不予受理须写明理由")
    _finish(req, S.REJECTED, Step.REJECT, actor=actor, now=now, text=reason.strip()[:5000])
    return req


def reconsideration_organ(agency: Agency) -> tuple[Agency | None, str]:
    """Where a 行政复议申请 against this agency's act goes (行政复议法 2023 第二十四条: the 人民政府 of the same
    level; 第二十七条: the higher authority of 税务, 海关 and other vertically led organs)."""
    if agency.field in (Field.TAX, Field.CUSTOMS):
        return (agency.parent, agency.parent.name) if agency.parent else (None, f"{agency.name}的上一级主管部门")
    government = Agency.objects.filter(kind=AgencyKind.GOVERNMENT, region_code=agency.region_code).first()
    return (government, government.name) if government else (None, "本级人民政府")


@transaction.atomic
def forward(req: PublicRequest, *, actor, organ: Agency | None = None, organ_name: str = "", note: str = "",
            now: datetime | None = None) -> PublicRequest:
    """Send the request to the organ that has the power (a 行政复议申请 to its 复议机关): on the platform it
    arrives there as a new request with the same secret; the person's answer names where it went."""
    now = now or timezone.now()
    req = _lock(req, actor)
    if req.kind == RequestKind.RECONSIDERATION and organ is None and not organ_name:
        organ, organ_name = reconsideration_organ(req.agency)
    name = organ.name if organ else organ_name.strip()
    if not name:
        raise DomainError("请选择或填写转送的机关")
    if organ is not None and organ.pk == req.agency_id:
        raise DomainError("不能转送给本机关")
    text = f"您的{req.get_kind_display()}已于{timezone.localtime(now):%Y年%m月%d日}转送{name}办理。"
    if organ is not None:
        copy = PublicRequest.objects.create(
            kind=req.kind, tracking_no=_tracking_no(req.kind, now), secret=req.secret, agency=organ,
            channel=req.channel, received_at=now, name=req.name, phone=req.phone, email=req.email,
            subject=req.subject, decision_no=req.decision_no, attachment_path=req.attachment_path,
            attachment_name=req.attachment_name, body=f"（{req.agency.name}转送，原受理编号 {req.tracking_no}）\n{req.body}")
        _log(copy, Step.SUBMIT, actor=actor, now=now, note=f"由{req.agency.name}转送")
        clock.start_deadline(RULE_OF_KIND[copy.kind], subject=copy, holder_agency=organ, started_at=now,
                             start_event=f"收到转送的{copy.get_kind_display()}（{copy.tracking_no}）")
        text += f"转送后的受理编号为 {copy.tracking_no}，查询密码不变。"
    if note.strip():
        text += note.strip()[:1000]
    req.forwarded_to = name
    _finish(req, S.FORWARDED, Step.FORWARD, actor=actor, now=now, text=text, note=name)
    return req


@transaction.atomic
def refer_report(req: PublicRequest, *, actor, note: str, now: datetime | None = None) -> PublicRequest:
    """A 举报 of a possible crime becomes a clue of the agency (it shows in the agency's 待办 until a case is
    linked and, where the facts bear it out, transferred)."""
    now = now or timezone.now()
    require(may_refer_report(actor, req), "只有本机关的执法人员、法制审核员或负责人可以将举报转为线索")
    req = PublicRequest.objects.select_for_update().get(pk=req.pk)
    if req.kind != RequestKind.COMPLAINT:
        raise DomainError("只有投诉举报可以转为涉嫌犯罪线索")
    if req.referred_at:
        raise DomainError("该举报已转为线索")
    if not note.strip():
        raise DomainError("请写明涉嫌犯罪的事实和需要核查的内容")
    req.referred_at, req.referral_note, req.crime_report = now, note.strip()[:3000], True
    req.save(update_fields=["referred_at", "referral_note", "crime_report"])
    _log(req, Step.REFER, actor=actor, now=now, note=req.referral_note)
    record_audit("request.refer", actor=actor, now=now, obj=req, owner_agency_id=req.agency_id)
    return req


@transaction.atomic
def link_case(req: PublicRequest, *, actor, case_id: int, now: datetime | None = None) -> PublicRequest:
    now = now or timezone.now()
    req = _lock(req, actor)
    case = get_case_for_user(actor, case_id)
    if case.agency_id != req.agency_id:
        raise DomainError("只能关联本机关的案件")
    req.case = case
    req.save(update_fields=["case"])
    _log(req, Step.LINK_CASE, actor=actor, now=now, note=case.decision_no)
    record_audit("request.link_case", actor=actor, now=now, obj=req, owner_agency_id=req.agency_id,
                 after={"case": case.pk})
    return req


# ---- the person ------------------------------------------------------------------------------------------------

def find(tracking_no: str, secret: str) -> PublicRequest | None:
    """The request behind a number and its secret, or None (a wrong number and a wrong secret alike)."""
    req = PublicRequest.objects.filter(tracking_no=(tracking_no or "").strip().upper()[:20]).select_related(
        "agency").first()
    expected = req.secret if req else "--none--"
    given = (secret or "").strip().upper()[:8]
    return req if req and hmac.compare_digest(expected.encode(), given.encode()) else None


@transaction.atomic
def rate(req: PublicRequest, *, rating: int, note: str = "", now: datetime | None = None) -> PublicRequest:
    now = now or timezone.now()
    req = PublicRequest.objects.select_for_update().get(pk=req.pk)
    if req.status not in RATEABLE:
        raise DomainError("办理完毕、收到书面答复后才能评价")
    if req.rating is not None:
        raise DomainError("已经评价过，每件诉求只能评价一次")
    if rating not in Satisfaction.values:
        raise DomainError("请选择满意度（非常满意至非常不满意）")
    if len(note) > 500:
        raise DomainError("评价意见不能超过 500 字")
    req.rating, req.rating_note, req.rated_at = rating, note.strip(), now
    req.save(update_fields=["rating", "rating_note", "rated_at"])
    _log(req, Step.RATE, actor=None, now=now, note=Satisfaction(rating).label)
    record_audit("request.rate", now=now, obj=req, owner_agency_id=req.agency_id, after={"rating": rating})
    return req


# ---- appointments ----------------------------------------------------------------------------------------------

def open_slots(now: datetime | None = None):
    return AppointmentSlot.objects.filter(starts_at__gt=now or timezone.now()).select_related("agency")


def booked(slot: AppointmentSlot) -> int:
    return slot.bookings.filter(status=S.BOOKED).count()


@transaction.atomic
def book(slot: AppointmentSlot, *, values: dict, now: datetime | None = None) -> PublicRequest:
    now = now or timezone.now()
    slot = AppointmentSlot.objects.select_for_update().select_related("agency").get(pk=slot.pk)
    if slot.starts_at <= now:
        raise DomainError("该时段已开始或已过去，请选择其他时段")
    if booked(slot) >= slot.capacity:
        raise DomainError(f"该时段已约满（{slot.capacity} 人），请选择其他时段")
    clean = _clean(values)
    req = PublicRequest.objects.create(kind=RequestKind.APPOINTMENT, tracking_no=_tracking_no(RequestKind.APPOINTMENT, now),
                                       secret=_secret(), agency=slot.agency, slot=slot, status=S.BOOKED,
                                       received_at=now, **clean)
    _log(req, Step.BOOK, actor=None, now=now, note=f"{slot.window} {timezone.localtime(slot.starts_at):%Y-%m-%d %H:%M}")
    record_audit("request.book", now=now, obj=req, owner_agency_id=slot.agency_id, after={"slot": slot.pk})
    return req


@transaction.atomic
def cancel_booking(req: PublicRequest, *, now: datetime | None = None) -> PublicRequest:
    now = now or timezone.now()
    req = PublicRequest.objects.select_for_update().get(pk=req.pk)
    if req.kind != RequestKind.APPOINTMENT:
        raise DomainError("只有预约可以取消")
    _move(req, S.CANCELLED, Step.CANCEL, actor=None, now=now)
    return req


# ---- look-ups --------------------------------------------------------------------------------------------------

def visible_requests(user):
    return scope_by_agency(PublicRequest.objects.select_related("agency", "handler"), user)


def get_request_for_user(user, pk: int) -> PublicRequest:
    req = visible_requests(user).filter(pk=pk).first()
    if req is None:
        raise Http404("诉求不存在或无权查看")
    return req
