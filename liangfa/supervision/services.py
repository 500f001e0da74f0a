"""Procuratorial supervision: 立案监督, delay inquiries, 检察意见/检察建议, and time-limited read grants.
Each act is one function: permission, state, audit row, clock."""

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from liangfa.agencies.access import ALL, visible_agency_ids
from liangfa.agencies.choices import AgencyKind
from liangfa.agencies.permissions import (
    POLICE_STAFF,
    is_chief_prosecutor,
    is_prosecutor,
    may_reply_opinion,
    member_of,
    of_kind,
    require,
)
from liangfa.clock import services as clock
from liangfa.clock.rules import period
from liangfa.core.audit import record_audit
from liangfa.core.docx import render_docx
from liangfa.core.errors import DomainError
from liangfa.core.events import actor_fields
from liangfa.core.numbering import numbered
from liangfa.supervision.choices import (
    SUPERVISION_TRANSITIONS,
    DocKind,
    OpinionKind,
    OpinionStatus,
    ReplyResult,
    SupervisionStatus,
    SupervisionStep,
)
from liangfa.supervision.models import (
    DelayInquiry,
    Opinion,
    Supervision,
    SupervisionDocument,
    SupervisionEvent,
)
from liangfa.transfers.choices import SENT, TransferStep
from liangfa.transfers.services import file_on_notice, note_on_transfer

SS = SupervisionStatus
Step = SupervisionStep


def _prosecutor(actor) -> None:
    require(is_prosecutor(actor), "只有检察官可以办理检察监督事项")


def _police(actor, police_id: int) -> None:
    require(member_of(actor, police_id, POLICE_STAFF), "只有被监督的公安机关民警可以答复")


def _document(kind: str, parts: list, *, organ, now, supervision=None, opinion=None, doc_no="") -> SupervisionDocument:
    """The 检察文书 on the 公文 template, numbered from the procuratorate's own sequence unless typed."""
    title = DocKind(kind).label
    doc_no = doc_no or numbered(organ, title, timezone.localtime(now).year)
    data = render_docx(title, doc_no, parts, organ.name, now)
    digest = hashlib.sha256(data).hexdigest()
    doc = SupervisionDocument(kind=kind, supervision=supervision, opinion=opinion, title=title, sha256=digest,
                              created_at=now, doc_no=doc_no)
    doc.file.save(f"{kind}-{digest[:10]}.docx", ContentFile(data), save=False)
    doc.save()
    return doc


def _step(sup: Supervision, to: str | None, *, actor, now, step: str, note: str = "") -> None:
    action = Step(step).label
    if to:
        if to not in SUPERVISION_TRANSITIONS[sup.status]:
            raise DomainError(f"立案监督当前为“{sup.get_status_display()}”，不能{action}")
        old, sup.status = sup.status, to
    else:
        old = sup.status
    sup.updated_at = now
    sup.save()
    SupervisionEvent.objects.create(supervision=sup, time=now, **actor_fields(actor), code=step, note=note,
                                    from_status=old, to_status=sup.status if to else "")
    record_audit(f"supervision.{step}", actor=actor, now=now, obj=sup, owner_agency_id=sup.police_id,
                 before={"status": old}, after={"status": sup.status, "note": note})
    if sup.transfer_id:
        note_on_transfer(sup.transfer, TransferStep.SUPERVISION, actor=actor, now=now,
                         note="；".join(x for x in (action, note) if x))


def _lock(sup: Supervision) -> Supervision:
    return Supervision.objects.select_for_update().select_related("police", "procuratorate").get(pk=sup.pk)


# ---- 立案监督 ----------------------------------------------------------------------------------------

class DuplicateSupervision(DomainError):
    """A transfer already under 立案监督: the page links the open one."""

    def __init__(self, existing: Supervision):
        self.existing = existing
        super().__init__(f"该移送案件已有正在办理的立案监督（{existing.get_status_display()}），不能重复发起")


OPEN_STATES = (SS.REASONS_REQUESTED, SS.REASONS_ANSWERED, SS.FILING_PROPOSED, SS.FILING_NOTIFIED, SS.FILED)


def open_supervision(transfer) -> Supervision | None:
    return Supervision.objects.filter(transfer=transfer, status__in=OPEN_STATES).order_by("-created_at").first()


def _chief(actor, sup: Supervision) -> None:
    require(is_chief_prosecutor(actor, sup.procuratorate_id), "通知立案须经检察长决定（《人民检察院刑事诉讼规则》第五百六十一条）")


@transaction.atomic
def request_reasons(*, actor, police, subject: str, grounds: str, transfer=None, now=None) -> Supervision:
    now = now or timezone.now()
    _prosecutor(actor)
    if police.kind != AgencyKind.POLICE:
        raise DomainError("立案监督的对象应为公安机关")
    if not subject.strip() or not grounds.strip():
        raise DomainError("请写明案由、当事人和监督理由")
    if transfer is not None:
        transfer = type(transfer).objects.select_for_update().get(pk=transfer.pk)  # one supervision at a time
        if existing := open_supervision(transfer):
            raise DuplicateSupervision(existing)
    sup = Supervision.objects.create(procuratorate=actor.agency, police=police, transfer=transfer,
                                     subject=subject.strip(), grounds=grounds.strip(), status=SS.REASONS_REQUESTED,
                                     created_by=actor, created_at=now, updated_at=now)
    _step(sup, None, actor=actor, now=now, step=Step.REQUEST_REASONS, note=grounds.strip())
    # 七日 runs from the police's receipt of the notice (刑诉规则第五百六十条“收到通知书后”): 待送达 until then
    clock.issue_unserved("POL_EXPLAIN_NONFILING", subject=sup, holder_agency=police, issuer_agency=actor.agency,
                         case=transfer.case if transfer else None, start_event="收到要求说明不立案理由通知书",
                         issued_at=now)
    _document(DocKind.REASONS_NOTICE, [f"{police.name}：", f"关于{sup.subject}，本院认为：{sup.grounds}。",
                                       "根据《人民检察院刑事诉讼规则》第五百五十九条、第五百六十条，请你局在收到本通知书后"
                                       f"{period('POL_EXPLAIN_NONFILING')}内书面说明不立案的理由，并附有关证据材料。"],
              organ=actor.agency, now=now, supervision=sup)
    return sup


SERVED_NOTICE = {SS.REASONS_REQUESTED: ("POL_EXPLAIN_NONFILING", Step.SERVE_REASONS_NOTICE),
                 SS.FILING_NOTIFIED: ("POL_FILE_ON_NOTICE", Step.SERVE_FILING_NOTICE)}


@transaction.atomic
def record_service(sup: Supervision, *, actor, received_at=None, how: str = "platform", now=None) -> Supervision:
    """The police sign for the notice in the platform, or the procuratorate records the paper 送达回证:
    the police's period runs from then."""
    now = now or timezone.now()
    sup = _lock(sup)
    if sup.status not in SERVED_NOTICE:
        raise DomainError(f"立案监督当前为“{sup.get_status_display()}”，没有待送达的文书")
    rule_id, step = SERVED_NOTICE[sup.status]
    deadline = clock.record_service(sup, rule_id, received_at=received_at or now, actor=actor, how=how, now=now)
    _step(sup, None, actor=actor, now=now, step=step,
          note=f"{timezone.localtime(deadline.started_at):%Y-%m-%d %H:%M} 收到（{deadline.get_service_method_display()}）")
    return sup


@transaction.atomic
def answer_reasons(sup: Supervision, *, actor, reasons: str, now=None) -> Supervision:
    now = now or timezone.now()
    sup = _lock(sup)
    _police(actor, sup.police_id)
    if not reasons.strip():
        raise DomainError("请书面说明不立案的理由")
    sup.police_reasons = reasons.strip()
    _step(sup, SS.REASONS_ANSWERED, actor=actor, now=now, step=Step.ANSWER_REASONS, note=reasons.strip())
    clock.complete_deadlines(sup, "POL_EXPLAIN_NONFILING", now=now, by="已说明理由")
    return sup


@transaction.atomic
def accept_reasons(sup: Supervision, *, actor, now=None) -> Supervision:
    now = now or timezone.now()
    sup = _lock(sup)
    _prosecutor(actor)
    _step(sup, SS.REASONS_ACCEPTED, actor=actor, now=now, step=Step.ACCEPT_REASONS,
          note="告知移送的行政执法机关" if sup.transfer_id else "")
    if sup.transfer_id:
        clock.record_late_act("PRO_NOTIFY_AGENCY", subject=sup, holder_agency=sup.procuratorate, case=sup.transfer.case,
                              start_event="审查不立案理由", started_at=now, now=now, by="已告知移送机关")
    return sup


def reasons_overdue(sup: Supervision, now=None) -> bool:
    """说明理由的期限（自收到通知书起七日）已过，公安机关仍未说明理由."""
    deadline = clock.open_deadline(sup, "POL_EXPLAIN_NONFILING")
    return bool(sup.status == SS.REASONS_REQUESTED and deadline and deadline.due_at
                and (now or timezone.now()) > deadline.due_at)


def may_object(sup: Supervision, now=None) -> bool:
    """纠正意见 is due: no reasons within the period, none raised yet (刑诉规则第五百六十二条)."""
    return reasons_overdue(sup, now) and not sup.objection_issued_at


@transaction.atomic
def issue_objection(sup: Supervision, *, actor, now=None) -> Supervision:
    now = now or timezone.now()
    sup = _lock(sup)
    _prosecutor(actor)
    if not may_object(sup, now):
        raise DomainError(f"公安机关收到通知书后{period('POL_EXPLAIN_NONFILING')}内未说明理由的，才提出纠正意见"
                          "（《人民检察院刑事诉讼规则》第五百六十二条）；已提出的不再重复")
    sup.objection_issued_at = now
    _step(sup, None, actor=actor, now=now, step=Step.OBJECTION)
    _document(DocKind.OBJECTION, [f"{sup.police.name}：",
                                  f"本院要求你局说明{sup.subject}不立案的理由，你局在收到通知书后{period('POL_EXPLAIN_NONFILING')}"
                                  "内未书面说明理由。根据《人民检察院刑事诉讼规则》第五百六十二条，本院提出纠正意见，请予纠正并书面回复本院。"],
              organ=actor.agency, now=now, supervision=sup)
    return sup


@transaction.atomic
def propose_filing(sup: Supervision, *, actor, assessment: str, now=None) -> Supervision:
    """The 检察官's proposal to 通知立案: after reasons judged not to hold, or after the period ran out without
    reasons and the 纠正意见 (刑诉规则第五百六十一条、第五百六十二条). The 检察长 decides."""
    now = now or timezone.now()
    sup = _lock(sup)
    _prosecutor(actor)
    if sup.status == SS.REASONS_REQUESTED:
        if not reasons_overdue(sup, now):
            raise DomainError(f"公安机关尚未说明理由，且收到通知书后{period('POL_EXPLAIN_NONFILING')}的期限未届满"
                              "（或尚未送达），不能通知立案（《人民检察院刑事诉讼规则》第五百六十条、第五百六十一条）")
        if not sup.objection_issued_at:
            raise DomainError("公安机关逾期未说明理由的，应当先提出纠正意见（《人民检察院刑事诉讼规则》第五百六十二条）")
    if not assessment.strip():
        raise DomainError("请写明审查意见：不立案理由不能成立的依据，或逾期未说明理由、符合立案条件的事实")
    sup.assessment = assessment.strip()
    _step(sup, SS.FILING_PROPOSED, actor=actor, now=now, step=Step.PROPOSE_FILING, note=assessment.strip())
    return sup


@transaction.atomic
def refuse_filing(sup: Supervision, *, actor, reason: str, now=None) -> Supervision:
    now = now or timezone.now()
    sup = _lock(sup)
    _chief(actor, sup)
    if not reason.strip():
        raise DomainError("请写明不批准通知立案的理由")
    if sup.status != SS.FILING_PROPOSED:
        raise DomainError(f"立案监督当前为“{sup.get_status_display()}”，没有待批准的通知立案意见")
    back = SS.REASONS_ANSWERED if sup.police_reasons else SS.REASONS_REQUESTED
    _step(sup, back, actor=actor, now=now, step=Step.REFUSE_FILING, note=reason.strip())
    return sup


def _filing_notice_text(sup: Supervision) -> list:
    if sup.police_reasons:  # reasons came and were judged not to hold
        finding = f"你局说明的不立案理由不能成立：{sup.assessment}"
    else:  # no reasons came: the notice never says they failed
        finding = (f"本院要求你局说明不立案理由，你局在收到通知书后{period('POL_EXPLAIN_NONFILING')}内未说明理由；"
                   f"经审查，{sup.assessment}")
    return [f"{sup.police.name}：", f"关于{sup.subject}，{finding.rstrip('。')}。",
            "根据《刑事诉讼法》第一百一十三条、《人民检察院刑事诉讼规则》第五百六十一条、第五百六十三条，"
            f"经本院检察长决定，通知你局立案，请在收到本通知书后{period('POL_FILE_ON_NOTICE')}内立案，"
            "并将立案决定书复印件送达本院。"]


@transaction.atomic
def approve_filing(sup: Supervision, *, actor, now=None) -> Supervision:
    now = now or timezone.now()
    sup = _lock(sup)
    _chief(actor, sup)
    sup.approved_by, sup.approved_at = actor, now
    _step(sup, SS.FILING_NOTIFIED, actor=actor, now=now, step=Step.NOTIFY_FILING)
    clock.cancel_deadlines(sup, "POL_EXPLAIN_NONFILING", now=now, by="已通知立案")
    # 十五日 runs from the police's receipt of the 通知立案书 (刑诉规则第五百六十三条“收到通知立案书后”)
    clock.issue_unserved("POL_FILE_ON_NOTICE", subject=sup, holder_agency=sup.police, issuer_agency=sup.procuratorate,
                         case=sup.transfer.case if sup.transfer_id else None, start_event="收到通知立案书",
                         issued_at=now)
    _document(DocKind.FILING_NOTICE, _filing_notice_text(sup), organ=sup.procuratorate, now=now, supervision=sup)
    return sup


def _ran_out(sup: Supervision, rule_id: str, sent_at, now) -> bool:
    deadline = clock.open_deadline(sup, rule_id)
    return bool(deadline and deadline.due_at and (now or timezone.now()) > deadline.due_at and not sent_at)


def may_issue_correction(sup: Supervision, now=None) -> bool:
    """应当发纠正违法通知书: the period after receipt of the 通知立案书 ran out without filing (刑诉规则第五百六十四条)."""
    return _ran_out(sup, "POL_FILE_ON_NOTICE", sup.correction_issued_at, now)


def may_issue_urge(sup: Supervision, now=None) -> bool:
    """可发催办函: filed under supervision and not concluded 3个月 after filing."""
    return _ran_out(sup, "POL_SUPERVISED_CONCLUDE", sup.urge_issued_at, now)


@transaction.atomic
def record_filing(sup: Supervision, *, actor, decision_no: str, now=None) -> Supervision:
    now = now or timezone.now()
    sup = _lock(sup)
    _police(actor, sup.police_id)
    if not decision_no.strip():
        raise DomainError("请填写立案决定书文号（并送达检察院）")
    sup.filing_decision_no, sup.filed_at = decision_no.strip(), now
    _step(sup, SS.FILED, actor=actor, now=now, step=Step.RECORD_FILING, note=decision_no.strip())
    clock.complete_deadlines(sup, "POL_FILE_ON_NOTICE", now=now, by=f"立案 {decision_no.strip()}")
    clock.start_deadline("POL_SUPERVISED_CONCLUDE", subject=sup, holder_agency=sup.police,
                         case=sup.transfer.case if sup.transfer_id else None, start_event="监督立案", started_at=now)
    if sup.transfer_id:  # the transfer goes on as filed: 3日 移交 (R310 第十二条) and the criminal stages
        file_on_notice(sup.transfer, actor=actor, decision_no=decision_no.strip(), now=now)
    return sup


def _send_letter(sup: Supervision, *, actor, now, allowed, refusal: str, stamp: str, kind: str, step: str,
                 paragraph: str):
    """纠正违法通知书 and 催办函: allowed only once the police's period has run out, sent once."""
    now = now or timezone.now()
    sup = _lock(sup)
    _prosecutor(actor)
    if not allowed(sup, now):
        raise DomainError(refusal)
    setattr(sup, stamp, now)
    _step(sup, None, actor=actor, now=now, step=step)
    _document(kind, [f"{sup.police.name}：", paragraph.format(sup=sup)], organ=actor.agency, now=now, supervision=sup)
    return sup


@transaction.atomic
def issue_correction(sup: Supervision, *, actor, now=None) -> Supervision:
    return _send_letter(
        sup, actor=actor, now=now, allowed=may_issue_correction, stamp="correction_issued_at", kind=DocKind.CORRECTION,
        step=Step.CORRECTION,
        refusal=f"收到通知立案书后{period('POL_FILE_ON_NOTICE')}内或已立案的，不发纠正违法通知书"
                "（《人民检察院刑事诉讼规则》第五百六十四条）",
        paragraph=f"本院通知你局对{{sup.subject}}立案，你局收到通知立案书后超过{period('POL_FILE_ON_NOTICE')}未立案，"
                  "违反《刑事诉讼法》第一百一十三条、《公安机关办理刑事案件程序规定》第一百八十二条的规定。"
                  "根据《人民检察院刑事诉讼规则》第五百六十四条，请予纠正并将结果书面告知本院。")


@transaction.atomic
def issue_urge(sup: Supervision, *, actor, now=None) -> Supervision:
    return _send_letter(
        sup, actor=actor, now=now, allowed=may_issue_urge, stamp="urge_issued_at", kind=DocKind.URGE, step=Step.URGE,
        refusal=f"监督立案后未满{period('POL_SUPERVISED_CONCLUDE')}或已侦查终结的，不能发出催办函",
        paragraph=f"{{sup.subject}}经本院监督立案（立案决定书 {{sup.filing_decision_no}}），至今已逾"
                  f"{period('POL_SUPERVISED_CONCLUDE')}尚未侦查终结，请加快办理并告知本院进展。")


@transaction.atomic
def conclude(sup: Supervision, *, actor, note: str = "", now=None) -> Supervision:
    now = now or timezone.now()
    sup = _lock(sup)
    _police(actor, sup.police_id)
    _step(sup, SS.CONCLUDED, actor=actor, now=now, step=Step.CONCLUDE, note=note)
    clock.complete_deadlines(sup, "POL_SUPERVISED_CONCLUDE", now=now, by="侦查终结")
    return sup


# ---- a late decision on a transfer ---------------------------------------------------------------------

@transaction.atomic
def query_delay(transfer, *, actor, now=None) -> DelayInquiry:
    now = now or timezone.now()
    _prosecutor(actor)
    transfer = type(transfer).objects.select_for_update().get(pk=transfer.pk)  # one inquiry at a time
    if DelayInquiry.objects.filter(transfer=transfer, answered_at__isnull=True).exists():
        raise DomainError("已要求公安机关说明逾期理由，尚未答复，不能重复要求")
    decide = clock.open_deadline(transfer, "POL_DECIDE")
    if decide is None or decide.due_at is None or now <= decide.due_at:
        raise DomainError("公安机关的立案审查期限尚未届满，不能要求说明逾期理由（《人民检察院刑事诉讼规则》第五百六十二条）")
    inquiry = DelayInquiry.objects.create(transfer=transfer, asked_by=actor, asked_at=now)
    clock.start_deadline("POL_DELAY_REASONS", subject=inquiry, holder_agency=transfer.police, case=transfer.case,
                         start_event="收到逾期未作立案决定的查询", started_at=now)
    record_audit("supervision.query_delay", actor=actor, now=now, obj=transfer, owner_agency_id=transfer.agency_id)
    note_on_transfer(transfer, TransferStep.DELAY_INQUIRY, actor=actor, now=now)
    return inquiry


@transaction.atomic
def answer_delay(inquiry: DelayInquiry, *, actor, answer: str, now=None) -> DelayInquiry:
    now = now or timezone.now()
    inquiry = DelayInquiry.objects.select_for_update().select_related("transfer").get(pk=inquiry.pk)
    _police(actor, inquiry.transfer.police_id)
    if inquiry.answered_at:
        raise DomainError("已经答复")
    if not answer.strip():
        raise DomainError("请书面说明理由")
    inquiry.answer, inquiry.answered_at = answer.strip(), now
    inquiry.save()
    clock.complete_deadlines(inquiry, "POL_DELAY_REASONS", now=now, by="已说明理由")
    record_audit("supervision.answer_delay", actor=actor, now=now, obj=inquiry.transfer,
                 owner_agency_id=inquiry.transfer.agency_id, after={"answer": answer})
    return inquiry


# ---- 检察意见 / 检察建议 --------------------------------------------------------------------------------

@transaction.atomic
def issue_opinion(*, actor, kind: str, agency, content: str, document_no: str, case=None, clue=None, reply_due=None,
                  now=None) -> Opinion:
    now = now or timezone.now()
    _prosecutor(actor)
    if kind not in OpinionKind.values:
        raise DomainError("未知的文书种类")
    if agency.kind != AgencyKind.ADMINISTRATIVE:
        raise DomainError("检察意见、检察建议的对象应为行政执法机关")
    if not content.strip() or not document_no.strip():
        raise DomainError("请填写文书编号和内容")
    if kind == OpinionKind.TRANSFER_OPINION and case is None and clue is not None:
        case = clue.case
    # a 检察意见 goes out only once the 检察长 approves it (刑诉规则第五百五十七条第三款); a 检察建议 at once
    needs_chief = kind == OpinionKind.TRANSFER_OPINION
    opinion = Opinion.objects.create(kind=kind, procuratorate=actor.agency, agency=agency, case=case, clue=clue,
                                     content=content.strip(), document_no=document_no.strip(), reply_due=reply_due,
                                     status=OpinionStatus.DRAFT if needs_chief else OpinionStatus.SENT,
                                     created_by=actor, created_at=now)
    record_audit(f"opinion.{kind}", actor=actor, now=now, obj=opinion, owner_agency_id=agency.id,
                 after={"document_no": document_no, "reply_due": reply_due, "status": opinion.status})
    if not needs_chief:
        _send_opinion(opinion, now=now)
    return opinion


def reply_rule(opinion: Opinion) -> str:
    return "AGY_OPINION_REPLY" if opinion.kind == OpinionKind.TRANSFER_OPINION else "AGY_RECOMMENDATION_REPLY"


def _send_opinion(opinion: Opinion, *, now) -> None:
    kind, agency, case, reply_due = opinion.kind, opinion.agency, opinion.case, opinion.reply_due
    rule = reply_rule(opinion)
    start_event = f"收到{opinion.get_kind_display()}"
    if reply_due:  # the document states the date: that date binds, whenever it arrives
        clock.start_deadline(rule, subject=opinion, holder_agency=agency, case=case, due_date=reply_due,
                             start_event=start_event, started_at=now)
    else:  # "收到本文书后…内": 待送达 until the agency signs for it or the 送达回证 is recorded (receive_opinion)
        clock.issue_unserved(rule, subject=opinion, holder_agency=agency, issuer_agency=opinion.procuratorate,
                             case=case, issued_at=now, start_event=start_event)
    doc_kind = DocKind.OPINION if kind == OpinionKind.TRANSFER_OPINION else DocKind.RECOMMENDATION
    subject = f"关于{case.decision_no}（{case.party_name}）一案，" if case and not opinion.content.strip().startswith("关于") else ""
    due = (f"请于 {reply_due:%Y年%m月%d日} 前书面回复。" if reply_due
           else f"请在收到本文书后{period(rule)}内书面回复。")
    _document(doc_kind, [f"{agency.name}：", subject + opinion.content, due], organ=opinion.procuratorate, now=now,
              opinion=opinion, doc_no=opinion.document_no)


@transaction.atomic
def approve_opinion(opinion: Opinion, *, actor, now=None) -> Opinion:
    """The 检察长 approves the 检察官's draft 检察意见; it is sent and the agency's reply period starts."""
    now = now or timezone.now()
    opinion = Opinion.objects.select_for_update(of=("self",)).select_related("agency", "procuratorate", "case").get(pk=opinion.pk)
    require(is_chief_prosecutor(actor, opinion.procuratorate_id),
            "检察意见须经检察长批准（《人民检察院刑事诉讼规则》第五百五十七条第三款）")
    if opinion.status != OpinionStatus.DRAFT:
        raise DomainError("该检察意见已经批准发出")
    opinion.status, opinion.approved_by, opinion.approved_at = OpinionStatus.SENT, actor, now
    opinion.save(update_fields=["status", "approved_by", "approved_at"])
    _send_opinion(opinion, now=now)
    record_audit("opinion.approve", actor=actor, now=now, obj=opinion, owner_agency_id=opinion.agency_id,
                 before={"status": OpinionStatus.DRAFT}, after={"status": OpinionStatus.SENT})
    return opinion


@transaction.atomic
def receive_opinion(opinion: Opinion, *, actor, received_at=None, how: str = "platform", now=None):
    """The agency signs for the 检察意见书/检察建议书 on the platform, or the procuratorate records the paper
    送达回证: the reply period runs from then, not from the 检察长's approval."""
    now = now or timezone.now()
    opinion = Opinion.objects.select_for_update(of=("self",)).get(pk=opinion.pk)
    rule = reply_rule(opinion)
    if opinion.status != OpinionStatus.SENT or clock.unserved_deadline(opinion, rule) is None:
        raise DomainError("没有待签收的文书")
    received_at = clock.moment_of_service(how, received_at, now, may_sign=may_reply_opinion(actor, opinion),
                                          refusal="须由收到文书的行政执法机关签收")
    return clock.record_service(opinion, rule, received_at=received_at, actor=actor, how=how, now=now)


@transaction.atomic
def reply_opinion(opinion: Opinion, *, actor, result: str, reply: str, transfer=None, now=None) -> Opinion:
    now = now or timezone.now()
    opinion = Opinion.objects.select_for_update().get(pk=opinion.pk)
    require(may_reply_opinion(actor, opinion), "只有收到文书的行政执法机关可以回复")
    if opinion.status != OpinionStatus.SENT:
        raise DomainError("已经回复" if opinion.status == OpinionStatus.REPLIED else "检察意见尚未经检察长批准发出")
    if result not in ReplyResult.values or not reply.strip():
        raise DomainError("请选择回复结果并写明内容")
    if result == ReplyResult.TRANSFERRED:
        if transfer is None and opinion.case_id:
            transfer = opinion.case.transfers.filter(status__in=SENT).first()
        if transfer is None or transfer.status not in SENT:
            raise DomainError("回复“已移送”须关联已移送公安机关的移送案件")
    opinion.status, opinion.result, opinion.reply = OpinionStatus.REPLIED, result, reply.strip()
    opinion.transfer, opinion.replied_at = transfer, now
    opinion.save()
    clock.complete_deadlines(opinion, "AGY_OPINION_REPLY", "AGY_RECOMMENDATION_REPLY", now=now, by="已书面回复")
    record_audit("opinion.reply", actor=actor, now=now, obj=opinion, owner_agency_id=opinion.agency_id,
                 after={"result": result, "reply": reply})
    return opinion


@transaction.atomic
def assess_opinion(opinion: Opinion, *, actor, adopted: bool, now=None) -> Opinion:
    now = now or timezone.now()
    _prosecutor(actor)
    opinion = Opinion.objects.select_for_update().get(pk=opinion.pk)
    if opinion.status != OpinionStatus.REPLIED:
        raise DomainError("行政机关尚未回复")
    opinion.adopted = adopted
    opinion.save(update_fields=["adopted"])
    record_audit("opinion.assess", actor=actor, now=now, obj=opinion, owner_agency_id=opinion.agency_id,
                 after={"adopted": adopted})
    return opinion


# ---- who sees what --------------------------------------------------------------------------------------

def visible_supervisions(user):
    base = Supervision.objects.select_related("police", "procuratorate", "transfer", "transfer__case")
    if user.is_superuser or of_kind(user, AgencyKind.PROCURATORATE):
        return base
    ids = visible_agency_ids(user)
    if ids is ALL:
        return base.none()
    return base.filter(Q(police_id__in=ids) | Q(transfer__agency_id__in=ids))


def visible_inquiries(user):
    """Delay inquiries: the procuratorate's own, and those put to the police who must answer them."""
    base = DelayInquiry.objects.select_related("transfer", "transfer__case")
    if user.is_superuser or is_prosecutor(user):
        return base
    return base.filter(transfer__police_id=user.agency_id)


def visible_opinions(user):
    base = Opinion.objects.select_related("agency", "procuratorate", "case")
    if user.is_superuser or of_kind(user, AgencyKind.PROCURATORATE):
        return base
    ids = visible_agency_ids(user)  # a draft awaiting the 检察长 stays inside the procuratorate
    return base.none() if ids is ALL else base.filter(agency_id__in=ids).exclude(status=OpinionStatus.DRAFT)
