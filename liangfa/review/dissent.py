"""不同意见备案 and the outcomes that tell who was right: 集体讨论 (where dissents are voiced), dissents,
复议/诉讼/检察监督 results, and the register that puts them side by side."""

from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from liangfa.agencies.permissions import may_decide_case, may_record_dissent, may_record_remedy, require
from liangfa.cases.services import visible_cases
from liangfa.core.audit import record_audit
from liangfa.core.errors import DomainError
from liangfa.core.events import actor_fields
from liangfa.review import documents
from liangfa.review.choices import (
    OVERTURNED,
    DissentKind,
    FileKind,
    FlowAction,
    FlowStep,
    RemedyKind,
    RemedyResult,
)
from liangfa.review.models import Discussion, Dissent, Remedy
from liangfa.review.services import _lock, _move, _required


@transaction.atomic
def record_discussion(handled, *, actor, held_at, members: str, conclusion: str, now=None) -> Discussion:
    """集体讨论 (《行政处罚法》第五十七条第二款), chaired by the 负责人; dissents are recorded with record_dissent."""
    now = now or timezone.now()
    h = _lock(handled)
    require(may_decide_case(actor, h), "集体讨论由本机关负责人主持")
    if h.step not in (FlowStep.DISCUSSING, FlowStep.DECIDING):
        raise DomainError(f"案件当前环节为“{h.get_step_display()}”，不能登记集体讨论")
    discussion = Discussion.objects.create(handled=h, held_at=held_at, chair=actor, members=_required(members, "参加人员"),
                                           conclusion=_required(conclusion, "讨论决定"), recorded_at=now)
    _move(h, FlowStep.DECIDING, FlowAction.DISCUSS, actor=actor, now=now, note=conclusion)
    documents.make_document(h, FileKind.DISCUSSION_RECORD, actor=actor, now=now, extra={"discussion": discussion})
    return discussion


@transaction.atomic
def record_dissent(case, *, actor, kind: str, opinion: str, reasons: str, holder=None, holder_name: str = "",
                   prevailing: str = "", review=None, discussion=None, now=None) -> Dissent:
    """A dissent on file: it does not block the case; it is kept with who held it and why."""
    now = now or timezone.now()
    require(may_record_dissent(actor, case), "只有本机关的办案、审核人员或负责人可以备案不同意见")
    if kind not in DissentKind.values:
        raise DomainError(f"不同意见类别应为 {'、'.join(DissentKind.labels)} 之一")
    name = holder.display_name if holder else _required(holder_name, "持不同意见者")
    if holder is not None and holder.agency_id != case.agency_id:
        raise DomainError("持不同意见者须是本机关人员")
    handled = getattr(case, "handling", None)
    dissent = Dissent.objects.create(
        case=case, handled=handled, kind=kind, holder=holder, holder_name=name, opinion=_required(opinion, "不同意见"),
        reasons=_required(reasons, "理由"), prevailing=prevailing.strip(), review=review, discussion=discussion,
        recorded_at=now, recorded_by=actor)
    if handled is not None:
        handled.events.create(time=now, **actor_fields(actor), code=FlowAction.DISSENT,
                              note=f"{DissentKind(kind).label}：{name}——{opinion.strip()}")
    record_audit("review.dissent", actor=actor, now=now, obj=dissent, owner_agency_id=case.agency_id,
                 after={"kind": kind, "holder": name, "opinion": opinion.strip(), "reasons": reasons.strip()})
    return dissent


@transaction.atomic
def record_remedy(case, *, actor, kind: str, result: str, decided_on: date, document_no: str = "", note: str = "",
                  now=None) -> Remedy:
    """How the decision fared: 复议, 诉讼 or 检察监督 and its result. Evaluation deducts for 撤销, 变更, 确认违法
    and upheld 检察 corrections; the dissent register shows it beside the dissents."""
    now = now or timezone.now()
    require(may_record_remedy(actor, case), "只有本机关的法制审核员、负责人或管理员可以登记复议、诉讼和检察监督结果")
    if kind not in RemedyKind.values or result not in RemedyResult.values:
        raise DomainError("请选择途径和结果")
    if decided_on > timezone.localdate(now):
        raise DomainError("决定（判决）日期晚于今天")
    if decided_on < case.decision_date:
        raise DomainError("决定（判决）日期早于处罚决定日期")
    remedy = Remedy.objects.create(case=case, kind=kind, result=result, decided_on=decided_on,
                                   document_no=document_no.strip()[:120], note=note.strip(), recorded_at=now,
                                   recorded_by=actor)
    record_audit("review.remedy", actor=actor, now=now, obj=case, owner_agency_id=case.agency_id,
                 after={"kind": kind, "result": result, "decided_on": decided_on, "document_no": document_no})
    return remedy


def dissent_register(user, *, q: str = "", kind: str = "", agency_id: str = "", outcome: str = ""):
    """The searchable register: dissents on cases the user may see, with each case's remedies."""
    dissents = Dissent.objects.filter(case__in=visible_cases(user)).select_related("case", "case__agency", "handled")
    if q:
        dissents = dissents.filter(Q(opinion__icontains=q) | Q(reasons__icontains=q) | Q(holder_name__icontains=q)
                                   | Q(case__party_name__icontains=q) | Q(case__decision_no__icontains=q))
    if kind:
        dissents = dissents.filter(kind=kind)
    if agency_id.isdigit():
        dissents = dissents.filter(case__agency_id=int(agency_id))
    if outcome == "overturned":
        dissents = dissents.filter(case__remedies__result__in=[r.value for r in OVERTURNED]).distinct()
    elif outcome == "none":
        dissents = dissents.filter(case__remedies__isnull=True)
    return dissents.prefetch_related("case__remedies")
