"""反向衔接: cases that come back to the agency (no crime but administrative liability; 不起诉 + 检察意见)."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from liangfa.agencies.access import ALL, visible_agency_ids
from liangfa.agencies.choices import AgencyKind, Role
from liangfa.agencies.permissions import (
    is_chief_prosecutor,
    may_reply_reverse,
    may_send_reverse,
    member_of,
    require,
)
from liangfa.clock import services as clock
from liangfa.core.audit import record_audit
from liangfa.core.docx import render_docx
from liangfa.core.errors import DomainError
from liangfa.transfers.choices import (
    POLICE_REVERSE_BASIS,
    REVERSE_OUTCOMES,
    UNSENT_REVERSE,
    CriminalStage,
    DocumentKind,
    NonProsecutionKind,
    ReverseSource,
    ReverseStatus,
    TransferStep,
)
from liangfa.transfers.documents import store
from liangfa.transfers.models import ReverseTransfer
from liangfa.transfers.services import note_on_transfer

SOURCE_ORGAN = {ReverseSource.POLICE_NO_CRIME: AgencyKind.POLICE,
                ReverseSource.NON_PROSECUTION: AgencyKind.PROCURATORATE}


def reverse_offer(user, transfer) -> dict:
    """On a transfer that ended in 撤案, 不起诉 or 免予刑事处罚: offer the 反向 path to whoever sends it."""
    outcome = transfer.stages.filter(stage__in=REVERSE_OUTCOMES).order_by("-date", "-id").first()
    if outcome is None or user.agency_id is None:
        return {"may_reverse": False}
    organ = user.agency.kind
    allowed = (may_send_reverse(user, organ) and organ in SOURCE_ORGAN.values()
               and (organ != AgencyKind.POLICE or user.agency_id == transfer.police_id))
    basis = ("《刑事诉讼法》第一百七十七条第三款、《人民检察院刑事诉讼规则》第三百七十三条" if organ == AgencyKind.PROCURATORATE
             else "《行政执法机关移送涉嫌犯罪案件的规定》第十三条")
    return {"may_reverse": allowed, "reverse_basis": basis}


# what the agency receives, from which its reply period runs (shown as the 起算 of the clock)
START_EVENTS = {ReverseSource.POLICE_NO_CRIME: "收到公安机关的移送函及案卷材料",
                ReverseSource.NON_PROSECUTION: "收到人民检察院的检察意见书及不起诉决定书"}


def prefill(transfer) -> dict:
    """The 检察意见 form starts from the transfer: party, and the 不起诉决定书 recorded on it."""
    decision = transfer.stages.filter(stage=CriminalStage.NON_PROSECUTION).order_by("-date", "-id").first()
    return {"party_name": transfer.case.party_name, "transfer": str(transfer.pk),
            "to_agency": str(transfer.agency_id),  # back to the organ that transferred it
            "non_prosecution_no": decision.document_no if decision else ""}


def visible_reverse(user):
    ids = visible_agency_ids(user)
    base = ReverseTransfer.objects.select_related("from_agency", "to_agency", "case", "transfer")
    if ids is ALL:
        return base
    # a 检察意见 awaiting the 检察长, or a 民警's proposal awaiting (or returned by) the 负责人, stays inside its organ
    return base.filter((Q(to_agency_id__in=ids) & ~Q(status__in=UNSENT_REVERSE)) | Q(from_agency_id__in=ids))


def is_police_head(user, reverse: ReverseTransfer) -> bool:
    """A 县级以上公安机关负责人 of the police organ that proposes it (every police organ on the platform is 县级 or above)."""
    return reverse.source == ReverseSource.POLICE_NO_CRIME and member_of(user, reverse.from_agency_id, (Role.HEAD,))


@transaction.atomic
def send_reverse(*, actor, source: str, to_agency, party_name: str, summary: str, document_no: str = "",
                 transfer=None, case=None, reply_due=None, non_prosecution_no: str = "", non_prosecution_kind: str = "",
                 now=None) -> ReverseTransfer:
    """The 民警's is a proposal until a 县级以上公安机关负责人 approves it (《公安机关办理刑事案件程序规定》第一百七十八条、
    第一百八十七条: the 不予立案 or 撤案 it follows is theirs to approve); the procuratorate's 检察意见 is a draft until the
    检察长 approves it (刑诉规则第三百七十三条), and goes with the 不起诉决定书."""
    now = now or timezone.now()
    organ = SOURCE_ORGAN.get(source)
    if organ is None:
        raise DomainError("未知的反向移送来源")
    require(may_send_reverse(actor, organ), f"“{ReverseSource(source).label}”由{AgencyKind(organ).label}办理")
    if to_agency.kind != AgencyKind.ADMINISTRATIVE:
        raise DomainError("反向移送的接收方应为行政执法机关")
    if not party_name.strip() or not summary.strip():
        raise DomainError("请填写当事人和案情及意见")
    needs_chief = source == ReverseSource.NON_PROSECUTION
    if needs_chief and (not non_prosecution_no.strip() or non_prosecution_kind not in NonProsecutionKind.values):
        raise DomainError("检察意见应当随不起诉决定书一并移送：请填写不起诉决定书文号并选择不起诉种类"
                          "（《人民检察院刑事诉讼规则》第三百七十三条）")
    case = case or (transfer.case if transfer else None)
    reverse = ReverseTransfer.objects.create(
        source=source, transfer=transfer, case=case, from_agency=actor.agency, to_agency=to_agency,
        party_name=party_name.strip(), summary=summary.strip(), document_no=document_no.strip(),
        reply_due=reply_due, received_at=now, created_by=actor, non_prosecution_no=non_prosecution_no.strip(),
        non_prosecution_kind=non_prosecution_kind if needs_chief else "",
        status=ReverseStatus.DRAFT if needs_chief else ReverseStatus.PROPOSED,
    )
    record_audit("reverse.draft" if needs_chief else "reverse.propose", actor=actor, now=now, obj=reverse,
                 owner_agency_id=to_agency.id, after={"source": source, "to": to_agency.code, "reply_due": reply_due})
    if not needs_chief and transfer is not None:
        note_on_transfer(transfer, TransferStep.REVERSE_PROPOSE, actor=actor, now=now,
                         note=f"呈请移送{to_agency.name}：{reverse.summary}（待县级以上公安机关负责人批准，{POLICE_REVERSE_BASIS}）")
    return reverse


@transaction.atomic
def approve_reverse(reverse: ReverseTransfer, *, actor, now=None) -> ReverseTransfer:
    """The 检察长 approves the 检察意见 (it reaches the agency with the 不起诉决定书), or a 县级以上公安机关负责人 the
    民警's proposal: the agency's reply period starts."""
    now = now or timezone.now()
    reverse = ReverseTransfer.objects.select_for_update(of=("self",)).select_related("to_agency", "transfer").get(pk=reverse.pk)
    if reverse.source == ReverseSource.POLICE_NO_CRIME:
        return _approve_police(reverse, actor=actor, now=now)
    require(is_chief_prosecutor(actor, reverse.from_agency_id),
            "检察意见须经检察长批准（《人民检察院刑事诉讼规则》第三百七十三条）")
    if reverse.status != ReverseStatus.DRAFT:
        raise DomainError("该检察意见已经批准移送")
    reverse.status, reverse.approved_by, reverse.approved_at, reverse.received_at = (
        ReverseStatus.PENDING, actor, now, now)
    reverse.save()
    record_audit("reverse.approve", actor=actor, now=now, obj=reverse, owner_agency_id=reverse.to_agency_id,
                 before={"status": ReverseStatus.DRAFT}, after={"status": ReverseStatus.PENDING})
    _deliver(reverse, actor=actor, now=now)
    if reverse.transfer_id:  # the 检察意见书 goes on the transfer's file with the 不起诉决定书 it follows
        store(reverse.transfer, DocumentKind.PROSECUTORIAL_OPINION, "检察意见书", _opinion_letter(reverse, now),
              actor=actor, now=now, generated=True)
    return reverse


def _approve_police(reverse: ReverseTransfer, *, actor, now) -> ReverseTransfer:
    require(is_police_head(actor, reverse),
            f"反向移送须经县级以上公安机关负责人批准（{POLICE_REVERSE_BASIS}）")
    if reverse.status != ReverseStatus.PROPOSED:
        raise DomainError(f"该反向移送当前为“{reverse.get_status_display()}”，不能批准")
    if reverse.created_by_id == actor.pk:
        raise DomainError("呈请人不能审批自己的呈请")
    reverse.status, reverse.approved_by, reverse.approved_at, reverse.received_at = (
        ReverseStatus.PENDING, actor, now, now)
    reverse.save()
    record_audit("reverse.approve", actor=actor, now=now, obj=reverse, owner_agency_id=reverse.to_agency_id,
                 before={"status": ReverseStatus.PROPOSED}, after={"status": ReverseStatus.PENDING})
    _deliver(reverse, actor=actor, now=now,
             approval=f"经{actor.display_name}批准（{POLICE_REVERSE_BASIS}），承办民警{reverse.created_by.display_name}")
    return reverse


@transaction.atomic
def return_reverse(reverse: ReverseTransfer, *, actor, reason: str, now=None) -> ReverseTransfer:
    """The 负责人 does not approve the 民警's proposal: it goes back with the reason, and is not sent."""
    now = now or timezone.now()
    reverse = ReverseTransfer.objects.select_for_update(of=("self",)).select_related("transfer").get(pk=reverse.pk)
    require(is_police_head(actor, reverse), "只有县级以上公安机关负责人可以退回反向移送的呈请")
    if reverse.status != ReverseStatus.PROPOSED:
        raise DomainError(f"该反向移送当前为“{reverse.get_status_display()}”，不能退回")
    if not reason.strip():
        raise DomainError("退回呈请须写明理由")
    reverse.status, reverse.return_reason = ReverseStatus.RETURNED, reason.strip()
    reverse.save(update_fields=["status", "return_reason"])
    record_audit("reverse.return", actor=actor, now=now, obj=reverse, owner_agency_id=reverse.from_agency_id,
                 before={"status": ReverseStatus.PROPOSED}, after={"status": ReverseStatus.RETURNED, "reason": reason})
    if reverse.transfer_id:
        note_on_transfer(reverse.transfer, TransferStep.REVERSE_RETURN, actor=actor, now=now, note=reason.strip())
    return reverse


def _opinion_letter(reverse: ReverseTransfer, now) -> bytes:
    due = (f"请于 {reverse.reply_due:%Y年%m月%d日} 前" if reverse.reply_due else "请及时")
    return render_docx("检察意见书", reverse.document_no, [
        f"{reverse.to_agency.name}：",
        f"本院经审查，对{reverse.party_name}作出{reverse.get_non_prosecution_kind_display()}决定"
        f"（{reverse.non_prosecution_no}）。{reverse.summary.rstrip('。')}。",
        "根据《刑事诉讼法》第一百七十七条第三款、《人民检察院刑事诉讼规则》第三百七十三条，经本院检察长批准，"
        f"现将本检察意见书连同不起诉决定书移送你单位依法处理，{due}将处理结果书面告知本院。",
        f"附件：{reverse.non_prosecution_no}不起诉决定书",
    ], reverse.from_agency.name, now)


def _deliver(reverse: ReverseTransfer, *, actor, now, approval: str = "") -> None:
    to_agency, transfer, summary = reverse.to_agency, reverse.transfer, reverse.summary
    case, reply_due = reverse.case, reverse.reply_due
    start_event = START_EVENTS[reverse.source]
    if reply_due:  # the 检察意见书 or 移送函 states the date: that date binds
        clock.start_deadline("AGY_REVERSE_REPLY", subject=reverse, case=case, holder_agency=to_agency,
                             start_event=start_event, started_at=now, due_date=reply_due)
    else:  # runs from the agency's receipt: 待送达 until it signs or the 送达回证 is recorded (receive_reverse)
        clock.issue_unserved("AGY_REVERSE_REPLY", subject=reverse, case=case, holder_agency=to_agency,
                             issuer_agency=reverse.from_agency, issued_at=now, start_event=start_event)
    if transfer is not None:
        with_decision = f"（随{reverse.non_prosecution_no}不起诉决定书）" if reverse.non_prosecution_no else ""
        note_on_transfer(transfer, TransferStep.REVERSE_SEND, actor=actor, now=now,
                         note=summary + with_decision + (f"；{approval}" if approval else ""))


@transaction.atomic
def receive_reverse(reverse: ReverseTransfer, *, actor, received_at=None, how: str = "platform", now=None):
    """The agency signs for the 检察意见书 or the police's 移送函, or the sender records the paper 送达回证: the reply
    period runs from then (starts: receipt), not from the 检察长's or 负责人's approval."""
    now = now or timezone.now()
    reverse = ReverseTransfer.objects.select_for_update(of=("self",)).select_related("transfer").get(pk=reverse.pk)
    if reverse.status != ReverseStatus.PENDING or clock.unserved_deadline(reverse, "AGY_REVERSE_REPLY") is None:
        raise DomainError("没有待签收的文书")
    received_at = clock.moment_of_service(how, received_at, now, may_sign=may_reply_reverse(actor, reverse),
                                          refusal="须由接收的行政执法机关签收")
    deadline = clock.record_service(reverse, "AGY_REVERSE_REPLY", received_at=received_at, actor=actor, how=how,
                                    now=now)
    if reverse.transfer_id:
        note_on_transfer(reverse.transfer, TransferStep.RECEIVE, actor=actor, now=now,
                         note=f"{deadline.start_event}：{deadline.get_service_method_display()}，"
                              f"{timezone.localtime(received_at):%Y-%m-%d %H:%M} 收到；"
                              f"期满 {timezone.localtime(deadline.due_at):%Y-%m-%d %H:%M}")
    return deadline


@transaction.atomic
def reply_reverse(reverse: ReverseTransfer, *, actor, result: str, decision_no: str = "", now=None) -> ReverseTransfer:
    now = now or timezone.now()
    reverse = ReverseTransfer.objects.select_for_update().get(pk=reverse.pk)
    require(may_reply_reverse(actor, reverse), "只有接收的行政执法机关可以回复处理结果")
    if reverse.status != ReverseStatus.PENDING:
        raise DomainError("该反向移送已回复")
    if not result.strip():
        raise DomainError("请写明处理结果（作出行政处罚的，填写决定书文号；不予处罚的，写明理由）")
    reverse.status, reverse.reply_result = ReverseStatus.REPLIED, result.strip()
    reverse.reply_decision_no, reverse.replied_at = decision_no.strip(), now
    if decision_no.strip():  # the administrative case the agency decided, linked by its 决定书文号
        from liangfa.cases.models import PenaltyCase

        reverse.reply_case = PenaltyCase.objects.filter(agency_id=reverse.to_agency_id,
                                                        decision_no=decision_no.strip()).first()
    reverse.save()
    clock.complete_deadlines(reverse, "AGY_REVERSE_REPLY", now=now, by="已回复处理结果")
    if reverse.transfer_id:
        note_on_transfer(reverse.transfer, TransferStep.REVERSE_REPLY, actor=actor, now=now,
                         note=f"{decision_no} {result}".strip())
    record_audit("reverse.reply", actor=actor, now=now, obj=reverse, owner_agency_id=reverse.to_agency_id,
                 after={"result": result, "decision_no": decision_no})
    return reverse
