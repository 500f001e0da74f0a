"""反向衔接: cases that come back to the agency (no crime but administrative liability; 不起诉 + 检察意见)."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from liangfa.agencies.access import ALL, visible_agency_ids
from liangfa.agencies.choices import AgencyKind
from liangfa.agencies.permissions import may_reply_reverse, may_send_reverse, require
from liangfa.clock import services as clock
from liangfa.core.audit import record_audit
from liangfa.core.errors import DomainError
from liangfa.transfers.choices import ReverseSource, ReverseStatus, TransferStep
from liangfa.transfers.models import ReverseTransfer
from liangfa.transfers.services import note_on_transfer

SOURCE_ORGAN = {ReverseSource.POLICE_NO_CRIME: AgencyKind.POLICE,
                ReverseSource.NON_PROSECUTION: AgencyKind.PROCURATORATE}


def visible_reverse(user):
    ids = visible_agency_ids(user)
    base = ReverseTransfer.objects.select_related("from_agency", "to_agency", "case", "transfer")
    if ids is ALL:
        return base
    return base.filter(Q(to_agency_id__in=ids) | Q(from_agency_id__in=ids))


@transaction.atomic
def send_reverse(*, actor, source: str, to_agency, party_name: str, summary: str, document_no: str = "",
                 transfer=None, case=None, reply_due=None, now=None) -> ReverseTransfer:
    now = now or timezone.now()
    organ = SOURCE_ORGAN.get(source)
    if organ is None:
        raise DomainError("未知的反向移送来源")
    require(may_send_reverse(actor, organ), f"“{ReverseSource(source).label}”由{AgencyKind(organ).label}办理")
    if to_agency.kind != AgencyKind.ADMINISTRATIVE:
        raise DomainError("反向移送的接收方应为行政执法机关")
    if not party_name.strip() or not summary.strip():
        raise DomainError("请填写当事人和案情及意见")
    case = case or (transfer.case if transfer else None)
    reverse = ReverseTransfer.objects.create(
        source=source, transfer=transfer, case=case, from_agency=actor.agency, to_agency=to_agency,
        party_name=party_name.strip(), summary=summary.strip(), document_no=document_no.strip(),
        reply_due=reply_due, received_at=now, created_by=actor,
    )
    clock.start_deadline("AGY_REVERSE_REPLY", subject=reverse, case=case, holder_agency=to_agency,
                         start_event=f"收到{reverse.get_source_display()[:12]}", started_at=now, due_date=reply_due)
    if transfer is not None:
        note_on_transfer(transfer, TransferStep.REVERSE_SEND, actor=actor, now=now, note=summary.strip())
    record_audit("reverse.send", actor=actor, now=now, obj=reverse, owner_agency_id=to_agency.id,
                 after={"source": source, "to": to_agency.code, "reply_due": reply_due})
    return reverse


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
    reverse.save()
    clock.complete_deadlines(reverse, "AGY_REVERSE_REPLY", now=now, by="已回复处理结果")
    if reverse.transfer_id:
        note_on_transfer(reverse.transfer, TransferStep.REVERSE_REPLY, actor=actor, now=now,
                         note=f"{decision_no} {result}".strip())
    record_audit("reverse.reply", actor=actor, now=now, obj=reverse, owner_agency_id=reverse.to_agency_id,
                 after={"result": result, "decision_no": decision_no})
    return reverse
