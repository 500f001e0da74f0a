"""Start, serve, complete, extend and look up statutory deadlines. Workflow services call these."""

from datetime import date, datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from liangfa.agencies.access import scope_by_agency, visible_agency_ids
from liangfa.agencies.permissions import require
from liangfa.clock.alerts import tick  # noqa: F401  (callers use clock.services.tick)
from liangfa.clock.calendar_load import load_calendar  # noqa: F401  (and clock.services.load_calendar)
from liangfa.clock.changes import DUE_FIELDS, record_change, set_due, when
from liangfa.clock.choices import LIVE, ChangeKind, DeadlineState, ServiceMethod
from liangfa.clock.counting import due_for
from liangfa.clock.models import Deadline
from liangfa.clock.rules import get_rule
from liangfa.core.audit import record_audit
from liangfa.core.errors import DomainError, PermissionDenied


def _subject_filter(subject) -> dict:
    return {"content_type": ContentType.objects.get_for_model(subject), "object_id": subject.pk}


def start_deadline(rule_id: str, *, subject, holder_agency, start_event: str, started_at: datetime,
                   case=None, amount: int | None = None, due_date: date | None = None) -> Deadline:
    """Open a deadline that runs from a known moment. Past the loaded holiday notices its due time is 暂定
    (counted by 《全国年节及纪念日放假办法》) and recounted when the notice is loaded."""
    rule = get_rule(rule_id)
    deadline = Deadline(rule_id=rule.id, name=rule.name, citation=rule.citation, method=rule.method, case=case,
                        start_event=start_event, started_at=started_at, holder_agency=holder_agency,
                        amount=None if due_date else amount or rule.amount, stated_due=due_date,
                        **_subject_filter(subject))
    set_due(deadline, due_for(rule, started_at, amount=amount, stated=due_date))
    deadline.save()
    return deadline


def issue_unserved(rule_id: str, *, subject, holder_agency, issuer_agency, issued_at: datetime, start_event: str,
                   case=None, amount: int | None = None) -> Deadline:
    """A notice was issued whose period runs from receipt (“自收到…之日起”, “自接到…之日起”): the deadline
    exists with its rule, subject and holder, shows 待送达 and has no due time until record_service."""
    rule = get_rule(rule_id)
    return Deadline.objects.create(
        rule_id=rule.id, name=rule.name, citation=rule.citation, method=rule.method, period=rule.period_for(
            amount or rule.amount), case=case, start_event=start_event, started_at=None, amount=amount or rule.amount,
        holder_agency=holder_agency, issuer_agency=issuer_agency, issued_at=issued_at, state=DeadlineState.UNSERVED,
        **_subject_filter(subject))


@transaction.atomic
def record_service(subject, rule_id: str, *, received_at: datetime, actor, how: str,
                   now: datetime | None = None) -> Deadline:
    """The holder received the notice at `received_at`: the period starts then. Recorded by the holder
    (签收) or by the issuer (送达回证)."""
    now = now or timezone.now()
    deadline = Deadline.objects.select_for_update().filter(rule_id=rule_id, **_subject_filter(subject)).filter(
        state__in=LIVE).order_by("-id").first()
    if deadline is None:
        raise DomainError(f"没有待送达的“{get_rule(rule_id).name}”")
    if deadline.state != DeadlineState.UNSERVED:
        raise DomainError(f"“{deadline.name}”已于 {when(deadline.started_at)} 送达，期限正在计算")
    if actor is None or not (actor.is_superuser or actor.agency_id in (deadline.holder_agency_id,
                                                                        deadline.issuer_agency_id)):
        raise PermissionDenied(f"{getattr(actor, 'display_name', '匿名用户')} 无权登记“{deadline.name}”的送达："
                               "须由收件机关签收或发出机关登记送达回证")
    if how not in ServiceMethod.values:
        raise DomainError(f"送达方式“{how}”无效；可选：{'、'.join(ServiceMethod.labels)}")
    if received_at > now:
        raise DomainError(f"送达时间 {when(received_at)} 晚于现在，不能预先登记")
    if deadline.issued_at and received_at < deadline.issued_at:
        raise DomainError(f"送达时间 {when(received_at)} 早于文书发出时间 {when(deadline.issued_at)}")
    deadline.state, deadline.started_at = DeadlineState.OPEN, received_at
    deadline.service_method, deadline.service_recorded_by = how, actor.display_name
    deadline.service_recorded_at = now
    set_due(deadline, due_for(get_rule(rule_id), received_at, amount=deadline.amount))
    deadline.save(update_fields=["state", "started_at", "service_method", "service_recorded_by",
                                 "service_recorded_at", *DUE_FIELDS])
    record_change(deadline, kind=ChangeKind.SERVED, old_due=None, old_provisional=False, now=now,
                  actor_name=actor.display_name,
                  reason=f"{ServiceMethod(how).label}，{when(received_at)} 收到，期满 {when(deadline.due_at)}")
    record_audit("deadline.served", actor=actor, now=now, obj=deadline, owner_agency_id=deadline.holder_agency_id,
                 after={"rule": rule_id, "received_at": received_at, "how": how, "due_at": deadline.due_at})
    return deadline


def complete_deadlines(subject, *rule_ids: str, now: datetime, by: str) -> int:
    """Close the live deadlines of these rules on the subject (the act that answers them happened; an
    answer to a notice not yet recorded as served shows that it arrived)."""
    return Deadline.objects.filter(state__in=LIVE, rule_id__in=rule_ids, **_subject_filter(subject)).update(
        state=DeadlineState.DONE, completed_at=now, completed_by=by)


def cancel_deadlines(subject, *rule_ids: str, now: datetime, by: str, holder_agency=None) -> int:
    """Close the live deadlines of these rules (all, if none named; only those `holder_agency` holds, if given)
    that no longer apply: `by` says why, on every page that shows them."""
    queryset = Deadline.objects.filter(state__in=LIVE, **_subject_filter(subject))
    if rule_ids:
        queryset = queryset.filter(rule_id__in=rule_ids)
    if holder_agency is not None:
        queryset = queryset.filter(holder_agency=holder_agency)
    return queryset.update(state=DeadlineState.CANCELLED, completed_at=now, completed_by=by)


def record_late_act(rule_id: str, *, subject, holder_agency, start_event: str, started_at: datetime,
                    now: datetime, by: str, case=None) -> Deadline:
    """An act whose period ran from an earlier event (e.g. forwarding within 24h of delivery): the deadline
    is created and closed at once, so its timeliness shows."""
    deadline = start_deadline(rule_id, subject=subject, holder_agency=holder_agency, start_event=start_event,
                              started_at=started_at, case=case)
    Deadline.objects.filter(pk=deadline.pk).update(state=DeadlineState.DONE, completed_at=now, completed_by=by)
    deadline.refresh_from_db()
    return deadline


def extend_deadline(deadline: Deadline, extension_key: str, *, approver: str, level: str, now: datetime) -> Deadline:
    """Apply an extension the rule's source provides (POL_DECIDE: 经济犯罪案件 10日/30日/再延长30日), only
    with a recorded approval at the level the source names."""
    rule = get_rule(deadline.rule_id)
    if not rule.extensions:
        raise DomainError(f"“{rule.name}”的期限不能延长：{rule.citation}未规定延长")
    ext = rule.extensions.get(extension_key)
    if ext is None:
        raise DomainError(f"“{rule.name}”没有 {extension_key} 这种延长；可用：{'、'.join(rule.extensions)}")
    if not approver.strip() or not level.strip():
        raise DomainError("延长期限必须记录审批人及其级别")
    if ext.get("approval_level") and level.strip() != ext["approval_level"]:
        raise DomainError(f"{ext['label']}须经{ext['approval_level']}批准（填写的审批级别为“{level}”）")
    applied = [e["key"] for e in (deadline.extension or [])]
    if extension_key in applied:
        raise DomainError(f"已经批准过“{ext['label']}”")
    if ext.get("requires") and ext["requires"] not in applied:
        raise DomainError(f"“{ext['label']}”须在“{rule.extensions[ext['requires']]['label']}”之后批准")
    if deadline.state != DeadlineState.OPEN:
        raise DomainError("期限已经结束或尚未送达，不能延长")
    due = due_for(rule, deadline.started_at, amount=deadline.amount, extensions=[*applied, extension_key])
    if due.at is None:
        raise DomainError(due.problem)
    old_due, old_provisional = deadline.due_at, deadline.provisional
    citation = f"《{ext['law']}》{ext['article']}"
    deadline.extension = [*(deadline.extension or []), {
        "key": extension_key, "label": ext["label"], "approver": approver, "level": level,
        "approved_at": now.isoformat(), "citation": citation, "previous_due": old_due.isoformat() if old_due else None}]
    set_due(deadline, due)
    deadline.overdue_marked_at = None
    deadline.save(update_fields=["extension", "overdue_marked_at", *DUE_FIELDS])
    record_change(deadline, kind=ChangeKind.EXTENDED, old_due=old_due, old_provisional=old_provisional, now=now,
                  actor_name=approver, reason=f"{ext['label']}，经{level}{approver}批准（{citation}）")
    return deadline


# ---- look-ups -----------------------------------------------------------------------------------------

def open_deadlines(subject, *rule_ids: str):
    """The subject's running deadlines (those of these rules, if given), earliest due first."""
    queryset = Deadline.objects.filter(state=DeadlineState.OPEN, **_subject_filter(subject))
    return queryset.filter(rule_id__in=rule_ids) if rule_ids else queryset


def open_deadline(subject, rule_id: str) -> Deadline | None:
    """The subject's running deadline of this rule, or None."""
    return open_deadlines(subject, rule_id).order_by("-started_at", "-id").first()


def unserved_deadline(subject, rule_id: str) -> Deadline | None:
    """The subject's notice of this rule waiting to be signed for (待送达), or None."""
    return Deadline.objects.filter(rule_id=rule_id, state=DeadlineState.UNSERVED, **_subject_filter(subject)).order_by(
        "-id").first()


def last_deadline(subject, rule_id: str) -> Deadline | None:
    """The subject's latest deadline of this rule in any state (e.g. a window that has closed)."""
    return Deadline.objects.filter(rule_id=rule_id, **_subject_filter(subject)).order_by("-id").first()


def moment_of_service(how: str, received_at: datetime | None, now: datetime, *, may_sign: bool,
                      refusal: str) -> datetime:
    """When a notice was received: now, when the receiving organ signs on the platform (only it may); else the
    moment the sender types from the paper 送达回证."""
    if how == "platform":
        require(may_sign, refusal)
        return now
    if received_at is None:
        raise DomainError("纸质送达的，请填写收到文书的日期和时间")
    return received_at


def deadlines_for(subject):
    return (Deadline.objects.filter(**_subject_filter(subject)).select_related("holder_agency", "issuer_agency")
            .prefetch_related("changes").order_by("started_at", "issued_at", "id"))


def visible_deadlines(user):
    """Deadlines of the agencies the user may see: those it holds, those on its own cases, those it issued."""
    base = Deadline.objects.select_related("holder_agency", "case", "case__agency", "content_type").prefetch_related(
        "subject")
    if visible_agency_ids(user) is None:
        return base
    held = scope_by_agency(base, user, field="holder_agency_id")
    on_cases = scope_by_agency(base, user, field="case__agency_id")
    issued = scope_by_agency(base, user, field="issuer_agency_id")
    return base.filter(Q(pk__in=held.values("pk")) | Q(pk__in=on_cases.values("pk")) | Q(pk__in=issued.values("pk")))


def unserved_notices(user, *, as_holder: bool = False):
    """Notices not yet recorded as served: those the user's agency issued (for the issuer to chase), or
    with as_holder, those waiting for the user's agency to sign for."""
    field = "holder_agency_id" if as_holder else "issuer_agency_id"
    base = Deadline.objects.filter(state=DeadlineState.UNSERVED).select_related(
        "holder_agency", "issuer_agency", "case", "content_type")
    if user.agency_id is None and not user.is_superuser:
        return base.none()
    return (base.filter(**{field: user.agency_id}) if user.agency_id else base).order_by("issued_at", "id")
