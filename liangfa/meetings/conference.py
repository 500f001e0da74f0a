"""重大案件研讨: any of the three organs asks about a case or a transfer (罪与非罪, 证据, 管辖); each organ
states its opinion; the asking organ records the agreed conclusion or the disagreement. The steps show
on the case's timeline (cases/timeline.py) and, once wired, the transfer's."""

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from liangfa.agencies.access import ALL, visible_agency_ids
from liangfa.agencies.choices import AgencyKind
from liangfa.agencies.permissions import (
    may_conclude_conference,
    may_join_conference,
    may_request_conference,
    require,
)
from liangfa.core.audit import record_audit
from liangfa.core.errors import DomainError
from liangfa.meetings.choices import (
    CONFERENCE_TRANSITIONS,
    ConferenceStatus,
    ConferenceTopic,
    MeetingStep,
)
from liangfa.meetings.events import note
from liangfa.meetings.models import CaseConference, ConferenceOpinion, MeetingEvent

THREE_ORGANS = {AgencyKind.ADMINISTRATIVE, AgencyKind.POLICE, AgencyKind.PROCURATORATE}
CONFERENCE_STEPS = [MeetingStep.CONFERENCE_ASK, MeetingStep.CONFERENCE_OPINION, MeetingStep.CONFERENCE_AGREE,
                    MeetingStep.CONFERENCE_DISAGREE]


@transaction.atomic
def request_conference(*, actor, topic: str, question: str, participants, case=None, transfer=None,
                       now=None) -> CaseConference:
    now = now or timezone.now()
    require(may_request_conference(actor) and actor.agency.kind in THREE_ORGANS,
            "无权提请重大案件研讨：须为行政执法机关、公安机关或人民检察院的工作人员")
    if topic not in ConferenceTopic.values:
        raise DomainError("请选择研讨事项：罪与非罪、证据或管辖")
    if not question.strip():
        raise DomainError("请写明研讨的问题")
    if case is None and transfer is None:
        raise DomainError("研讨须针对一个案件或一次移送")
    case = transfer.case if transfer is not None else case
    organs = {p.pk: p for p in participants if p.kind in THREE_ORGANS}
    organs[actor.agency_id] = actor.agency
    if len(organs) < 2:
        raise DomainError("请至少邀请一个其他机关（行政执法机关、公安机关或人民检察院）参加研讨")
    item = CaseConference.objects.create(requested_by_agency=actor.agency, case=case, transfer=transfer, topic=topic,
                                         question=question.strip(), requested_by=actor, requested_at=now)
    item.participants.set(organs.values())
    note(item, MeetingStep.CONFERENCE_ASK, actor=actor, now=now, case=case, transfer=transfer,
         to_status=item.status, text=f"{item.get_topic_display()}：{item.question}")
    record_audit("conference.request", actor=actor, now=now, obj=item, owner_agency_id=case.agency_id,
                 after={"topic": topic, "participants": sorted(organs)})
    return item


@transaction.atomic
def give_opinion(item: CaseConference, *, actor, text: str, now=None) -> ConferenceOpinion:
    now = now or timezone.now()
    item = CaseConference.objects.select_for_update().get(pk=item.pk)
    require(may_join_conference(actor, item), "无权发表研讨意见：须为参加研讨机关的工作人员")
    if item.status != ConferenceStatus.OPEN:
        raise DomainError("研讨已结束，不能再发表意见")
    if not text.strip():
        raise DomainError("请填写本机关的意见")
    opinion = ConferenceOpinion.objects.create(conference=item, agency=actor.agency, author=actor, text=text.strip(),
                                               given_at=now)
    note(item, MeetingStep.CONFERENCE_OPINION, actor=actor, now=now, case=item.case, transfer=item.transfer,
         text=opinion.text)
    record_audit("conference.opinion", actor=actor, now=now, obj=item, owner_agency_id=item.requested_by_agency_id,
                 after={"text": opinion.text})
    return opinion


@transaction.atomic
def conclude(item: CaseConference, *, actor, agreed: bool, text: str, now=None) -> CaseConference:
    now = now or timezone.now()
    item = CaseConference.objects.select_for_update().get(pk=item.pk)
    require(may_conclude_conference(actor, item), "无权结束研讨：须为提请研讨机关的工作人员")
    missing = item.participants.exclude(pk__in=item.opinions.values("agency_id")).values_list("name", flat=True)
    if missing:
        raise DomainError("以下机关尚未发表意见：" + "、".join(missing))
    if not text.strip():
        raise DomainError("请写明一致意见，或未形成一致意见时各方的分歧")
    new = ConferenceStatus.AGREED if agreed else ConferenceStatus.DISAGREED
    if new not in CONFERENCE_TRANSITIONS[item.status]:
        raise DomainError("研讨已经结束")
    old, item.status, item.conclusion, item.concluded_at = item.status, new, text.strip(), now
    item.save(update_fields=["status", "conclusion", "concluded_at"])
    note(item, MeetingStep.CONFERENCE_AGREE if agreed else MeetingStep.CONFERENCE_DISAGREE, actor=actor, now=now,
         case=item.case, transfer=item.transfer, from_status=old, to_status=new, text=item.conclusion)
    record_audit("conference.conclude", actor=actor, now=now, obj=item, owner_agency_id=item.requested_by_agency_id,
                 after={"status": new, "conclusion": item.conclusion})
    return item


def visible_conferences(user):
    base = CaseConference.objects.select_related("requested_by_agency", "case", "transfer")
    if visible_agency_ids(user) is ALL:
        return base
    return base.filter(Q(participants=user.agency_id) | Q(requested_by_agency_id=user.agency_id)).distinct()


def _rows(events) -> list[dict]:
    return [{"time": e.time, "what": f"研讨：{e.label}", "actor": f"{e.agency.name if e.agency else ''} {e.actor_name}",
             "changes": [], "note": e.note, "url": reverse("conference_detail", args=[e.object_id])} for e in events]


def conference_steps(case) -> list[dict]:
    """The case page's timeline source (registered in MeetingsConfig.ready)."""
    return _rows(MeetingEvent.objects.filter(case=case, code__in=CONFERENCE_STEPS).select_related("agency"))


def conference_steps_for_transfer(transfer) -> list[dict]:
    """For the transfer page's timeline: the lead wires it into transfers' own registry after merging."""
    return _rows(MeetingEvent.objects.filter(transfer=transfer, code__in=CONFERENCE_STEPS).select_related("agency"))
