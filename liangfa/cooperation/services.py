"""Day-to-day cooperation: consultations, early intervention, assistance requests, liaison threads."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.utils import timezone

from liangfa.agencies.access import ALL, visible_agency_ids
from liangfa.agencies.choices import AgencyKind
from liangfa.agencies.permissions import may_cooperate, require
from liangfa.clock import services as clock
from liangfa.cooperation.choices import (
    AssistanceKind,
    AssistanceStatus,
    ConsultationTopic,
    CooperationStep,
    InterventionStatus,
)
from liangfa.cooperation.models import (
    AssistanceRequest,
    Consultation,
    CooperationEvent,
    EarlyIntervention,
    Message,
    Thread,
    ThreadRead,
)
from liangfa.core.audit import record_audit
from liangfa.core.errors import DomainError, PermissionDenied
from liangfa.core.events import actor_fields

Step = CooperationStep


def _member(actor, agency_id: int, what: str) -> None:
    require(may_cooperate(actor, agency_id), f"无权{what}")


def _note(item, step: str, *, actor, now, note: str = "") -> CooperationEvent:
    return CooperationEvent.objects.create(content_type=ContentType.objects.get_for_model(item), object_id=item.pk,
                                           case_id=item.case_id, time=now, **actor_fields(actor), code=step,
                                           note=note)


def _involving(queryset, user, a: str, b: str):
    ids = visible_agency_ids(user)
    if ids is ALL:
        return queryset
    return queryset.filter(Q(**{f"{a}__in": ids}) | Q(**{f"{b}__in": ids}))


@transaction.atomic
def ask(*, actor, to_agency, topic: str, question: str, case=None, now=None) -> Consultation:
    now = now or timezone.now()
    _member(actor, actor.agency_id, "咨询")
    if to_agency.kind not in (AgencyKind.POLICE, AgencyKind.PROCURATORATE):
        raise DomainError("案件咨询的对象应为公安机关或人民检察院")
    if topic not in ConsultationTopic.values or not question.strip():
        raise DomainError("请选择咨询类别并写明咨询事项")
    item = Consultation.objects.create(from_agency=actor.agency, to_agency=to_agency, case=case, topic=topic,
                                       question=question.strip(), asked_by=actor, asked_at=now)
    clock.start_deadline("COOP_CONSULT_REPLY", subject=item, holder_agency=to_agency, case=case,
                         start_event="收到案件咨询", started_at=now)
    _note(item, Step.ASK, actor=actor, now=now, note=question.strip())
    record_audit("consultation.ask", actor=actor, now=now, obj=item, owner_agency_id=to_agency.id)
    return item


@transaction.atomic
def answer(item: Consultation, *, actor, text: str, now=None) -> Consultation:
    now = now or timezone.now()
    item = Consultation.objects.select_for_update().get(pk=item.pk)
    _member(actor, item.to_agency_id, "答复该咨询")
    if item.answered_at:
        raise DomainError("已经答复")
    if not text.strip():
        raise DomainError("请填写答复意见")
    item.answer, item.answered_by, item.answered_at = text.strip(), actor, now
    item.save()
    clock.complete_deadlines(item, "COOP_CONSULT_REPLY", now=now, by="已答复")
    _note(item, Step.ANSWER, actor=actor, now=now, note=item.answer)
    record_audit("consultation.answer", actor=actor, now=now, obj=item, owner_agency_id=item.from_agency_id)
    return item


@transaction.atomic
def request_intervention(case, *, actor, police, reason: str, now=None) -> EarlyIntervention:
    now = now or timezone.now()
    _member(actor, case.agency_id, "申请提前介入")
    if police.kind != AgencyKind.POLICE or not reason.strip():
        raise DomainError("请选择公安机关并写明申请提前介入的理由")
    item = EarlyIntervention.objects.create(agency=case.agency, police=police, case=case, reason=reason.strip(),
                                            requested_by=actor, requested_at=now)
    _note(item, Step.INTERVENTION_REQUEST, actor=actor, now=now, note=item.reason)
    record_audit("intervention.request", actor=actor, now=now, obj=item, owner_agency_id=case.agency_id)
    return item


@transaction.atomic
def decide_intervention(item: EarlyIntervention, *, actor, accept: bool, reason: str = "", now=None):
    now = now or timezone.now()
    item = EarlyIntervention.objects.select_for_update().get(pk=item.pk)
    _member(actor, item.police_id, "答复提前介入")
    if item.status != InterventionStatus.REQUESTED:
        raise DomainError("已经答复")
    if not accept and not reason.strip():
        raise DomainError("不提前介入须说明理由")
    item.status = InterventionStatus.ACCEPTED if accept else InterventionStatus.DECLINED
    item.decision_reason, item.decided_at = reason.strip(), now
    item.save()
    _note(item, Step.INTERVENTION_ACCEPT if accept else Step.INTERVENTION_DECLINE, actor=actor, now=now,
          note=item.decision_reason)
    record_audit("intervention.decide", actor=actor, now=now, obj=item, owner_agency_id=item.agency_id,
                 after={"accept": accept, "reason": reason})
    return item


@transaction.atomic
def request_assistance(*, actor, to_agency, kind: str, subject: str, due_date, case=None, now=None):
    now = now or timezone.now()
    _member(actor, actor.agency_id, "提出协作请求")
    if kind not in AssistanceKind.values or not subject.strip():
        raise DomainError("请选择协作类别并写明请求事项")
    if due_date < timezone.localdate(now):
        raise DomainError("期望完成日期不能早于今天")
    item = AssistanceRequest.objects.create(kind=kind, from_agency=actor.agency, to_agency=to_agency, case=case,
                                            subject=subject.strip(), due_date=due_date, requested_by=actor,
                                            requested_at=now)
    _note(item, Step.ASSISTANCE_REQUEST, actor=actor, now=now, note=item.subject)
    record_audit("assistance.request", actor=actor, now=now, obj=item, owner_agency_id=to_agency.id)
    return item


@transaction.atomic
def finish_assistance(item: AssistanceRequest, *, actor, done: bool, result: str, now=None):
    now = now or timezone.now()
    item = AssistanceRequest.objects.select_for_update().get(pk=item.pk)
    _member(actor, item.to_agency_id, "办理该协作请求")
    if item.status != AssistanceStatus.OPEN:
        raise DomainError("该请求已办结")
    if not result.strip():
        raise DomainError("请填写办理结果或不予协助的理由")
    item.status = AssistanceStatus.DONE if done else AssistanceStatus.DECLINED
    item.result, item.finished_at = result.strip(), now
    item.save()
    _note(item, Step.ASSISTANCE_DONE if done else Step.ASSISTANCE_DECLINE, actor=actor, now=now, note=item.result)
    record_audit("assistance.finish", actor=actor, now=now, obj=item, owner_agency_id=item.from_agency_id)
    return item


# ---- liaison threads ------------------------------------------------------------------------------------

@transaction.atomic
def post_message(*, actor, text: str, thread: Thread | None = None, counterpart=None, case=None, title: str = "",
                 now=None) -> Message:
    now = now or timezone.now()
    if not text.strip():
        raise DomainError("消息不能为空")
    if thread is None:
        if counterpart is None or counterpart.pk == actor.agency_id:
            raise DomainError("请选择对方机关")
        _member(actor, actor.agency_id, "发送消息")
        thread = Thread.objects.create(agency_a=actor.agency, agency_b=counterpart, case=case, created_at=now,
                                       last_message_at=now,
                                       title=title.strip() or f"{actor.agency.name} ↔ {counterpart.name}")
    elif actor.agency_id not in (thread.agency_a_id, thread.agency_b_id):
        raise PermissionDenied("无权在该会话中发言")
    message = Message.objects.create(thread=thread, author=actor, agency=actor.agency, text=text.strip(), sent_at=now)
    Thread.objects.filter(pk=thread.pk).update(last_message_at=now)
    ThreadRead.objects.update_or_create(thread=thread, user=actor, defaults={"read_at": now})
    record_audit("message.post", actor=actor, now=now, obj=thread, owner_agency_id=thread.agency_a_id,
                 after={"text": text.strip()})
    return message


def visible_threads(user):
    threads = Thread.objects.filter(Q(agency_a_id=user.agency_id) | Q(agency_b_id=user.agency_id))
    last_read = ThreadRead.objects.filter(thread=OuterRef("pk"), user=user).values("read_at")[:1]
    return threads.annotate(my_read=Subquery(last_read)).annotate(
        unread=Count("messages", filter=Q(messages__sent_at__gt=F("my_read")) | Q(my_read__isnull=True)))


def unread_count(user) -> int:
    return sum(t.unread for t in visible_threads(user))


def mark_read(thread: Thread, user, now=None) -> None:
    ThreadRead.objects.update_or_create(thread=thread, user=user, defaults={"read_at": now or timezone.now()})


def visible_consultations(user):
    return _involving(Consultation.objects.select_related("from_agency", "to_agency", "case"), user,
                      "from_agency_id", "to_agency_id")


def visible_interventions(user):
    return _involving(EarlyIntervention.objects.select_related("agency", "police", "case"), user, "agency_id", "police_id")


def visible_assistance(user):
    return _involving(AssistanceRequest.objects.select_related("from_agency", "to_agency"), user,
                      "from_agency_id", "to_agency_id")
