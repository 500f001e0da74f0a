"""正向衔接: every step of a transfer is one service function here.

Each one locks the transfer row (two people acting at once: one wins, the other gets a clear error),
checks the actor's agency and role and the current status against TRANSFER_TRANSITIONS, writes the
step (TransferEvent + audit row), and closes and opens the statutory clocks.
"""

from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from liangfa.agencies.access import ALL, visible_agency_ids
from liangfa.agencies.choices import AgencyKind, DepartmentKind, Role
from liangfa.agencies.models import Agency, Department, User
from liangfa.agencies.permissions import (
    is_admin,
    may_act_as_police,
    may_approve_transfer,
    may_draft_transfer,
    may_handle_transfer,
    may_record_stage,
    may_submit_transfer,
    member_of,
    require,
)
from liangfa.cases.sharing import hand_to_police
from liangfa.clock import services as clock
from liangfa.clock.rules import period
from liangfa.core.audit import record_audit
from liangfa.core.errors import DomainError
from liangfa.core.events import actor_fields
from liangfa.transfers.choices import (
    FILED_ON_NOTICE_FROM,
    REQUIRED_FOR_DELIVERY,
    SENT,
    STAGE_RECORDERS,
    TRANSFER_TRANSITIONS,
    CriminalStage,
    DocumentKind,
    NonFilingReason,
    TransferStatus,
    TransferStep,
)
from liangfa.transfers.documents import render_document
from liangfa.transfers.models import (
    CriminalStageRecord,
    MaterialsNotice,
    RoutingRule,
    Transfer,
    TransferEvent,
)

S = TransferStatus
Step = TransferStep


# ---- who sees what --------------------------------------------------------------------------------

def visible_transfers(user):
    """Own agency's transfers; the police their received ones; supervising bodies every approved or sent one."""
    base = Transfer.objects.select_related("case", "agency", "police", "procuratorate", "department")
    ids = visible_agency_ids(user)
    if user.is_superuser:
        return base
    if user.agency and user.agency.kind == AgencyKind.PROCURATORATE:
        # 备案 once sent; an approved transfer not yet sent is visible too, so a late one (逾期不移送) can be pressed.
        return base.filter(status__in=[*SENT, S.APPROVED])
    if ids is ALL:
        return base.none()  # the 备案 register is the procuratorate's alone
    return base.filter(Q(agency_id__in=ids) | Q(police_id__in=ids, status__in=SENT))


def get_transfer_for_user(user, pk: int) -> Transfer:
    from django.http import Http404

    transfer = visible_transfers(user).filter(pk=pk).first()
    if transfer is None:
        raise Http404("移送案件不存在或无权查看")
    return transfer


# ---- helpers --------------------------------------------------------------------------------------

def _lock(transfer: Transfer) -> Transfer:
    return Transfer.objects.select_for_update().select_related("case", "agency", "police").get(pk=transfer.pk)


def _denied(actor, what: str) -> str:
    return f"{getattr(actor, 'display_name', '匿名用户')} 无权{what}"


def _move(transfer: Transfer, to: str, *, actor, now: datetime, step: str, note: str = "") -> None:
    action = Step(step).label
    if to not in TRANSFER_TRANSITIONS[transfer.status]:
        raise DomainError(f"移送当前为“{transfer.get_status_display()}”，不能{action}")
    # The statutory clocks run from these times: a step dated before the one it follows would make
    # them (and the timeline) say what did not happen.
    last = transfer.events.exclude(to_status="").order_by("-time", "-id").values_list("time", flat=True).first()
    if last is not None and now < last:
        raise DomainError(f"{action}的时间（{timezone.localtime(now):%Y-%m-%d %H:%M}）早于上一步"
                          f"（{timezone.localtime(last):%Y-%m-%d %H:%M}），请核对：法定期限按各步时间计算")
    old = transfer.status
    transfer.status = to
    _log(transfer, actor=actor, now=now, step=step, note=note, from_status=old, to_status=to)


def _log(transfer: Transfer, *, actor, now: datetime, step: str, note: str = "", from_status: str = "",
         to_status: str = "") -> None:
    transfer.updated_at = now
    transfer.save()
    TransferEvent.objects.create(transfer=transfer, time=now, **actor_fields(actor), code=step, note=note,
                                 from_status=from_status, to_status=to_status)
    record_audit(f"transfer.{step}", actor=actor, now=now, obj=transfer, owner_agency_id=transfer.agency_id,
                 before={"status": from_status} if from_status else None,
                 after={"status": to_status, "note": note} if to_status else {"note": note})


def note_on_transfer(transfer: Transfer, step: str, *, actor, now: datetime, note: str = "") -> TransferEvent:
    """A step another service took on this transfer (立案监督, 反向移送, …), on the transfer's own timeline;
    that service writes its own audit row."""
    return TransferEvent.objects.create(transfer=transfer, time=now, **actor_fields(actor), code=step, note=note)


def _same_level(agency: Agency, kind: str) -> Agency | None:
    return Agency.objects.filter(kind=kind, region_code=agency.region_code, is_active=True).order_by("id").first()


def suggest_department(police: Agency, suspected_crime: str) -> Department | None:
    """Reference table by crime (管理员 maintains it); the agency may pick another department."""
    for rule in RoutingRule.objects.all():
        if rule.crime_name and (rule.crime_name in suspected_crime or suspected_crime in rule.crime_name):
            return police.departments.filter(kind=rule.department_kind).first()
    return None


# ---- agency: draft, approval, delivery -------------------------------------------------------------

@transaction.atomic
def draft_transfer(case, *, actor, team: list[User], suspected_crime: str, report: str, police: Agency | None = None,
                   department: Department | None = None, ip_reasonable_suspicion: bool = False,
                   now: datetime | None = None) -> Transfer:
    """专案组 (≥ 2 执法人员) writes the 移送涉嫌犯罪案件的书面报告."""
    now = now or timezone.now()
    require(may_draft_transfer(actor, case), _denied(actor, "对该案件发起移送"))
    members = {u.pk: u for u in [actor, *team]}.values()
    officers = [u for u in members if member_of(u, case.agency_id, (Role.OFFICER,))]
    if len(officers) < 2:
        raise DomainError("专案组至少需要两名本机关执法人员（《行政执法机关移送涉嫌犯罪案件的规定》第五条）")
    if not report.strip() or not suspected_crime.strip():
        raise DomainError("请填写涉嫌罪名和移送涉嫌犯罪案件的书面报告")
    if Transfer.objects.filter(case=case).exclude(status__in=[S.REFUSED, S.WITHDRAWN, S.FORWARDED]).exists():
        raise DomainError("该案件已有进行中的移送")
    police = police or _same_level(case.agency, AgencyKind.POLICE)
    if police is None or police.kind != AgencyKind.POLICE:
        raise DomainError("没有找到同级公安机关，请选择接收的公安机关")
    transfer = Transfer.objects.create(
        case=case, agency=case.agency, police=police, suspected_crime=suspected_crime.strip(), report=report.strip(),
        department=department or suggest_department(police, suspected_crime), created_by=actor, created_at=now,
        updated_at=now, ip_reasonable_suspicion=ip_reasonable_suspicion,
        procuratorate=_same_level(case.agency, AgencyKind.PROCURATORATE),
    )
    transfer.team.set(officers)
    _log(transfer, actor=actor, now=now, step=Step.DRAFT, to_status=S.DRAFT,
         note="专案组：" + "、".join(u.display_name for u in officers))
    return transfer


@transaction.atomic
def submit_report(transfer: Transfer, *, actor, now: datetime | None = None) -> Transfer:
    now = now or timezone.now()
    transfer = _lock(transfer)
    require(may_submit_transfer(actor, transfer), "只有专案组成员可以提交移送报告")
    _move(transfer, S.PENDING_APPROVAL, actor=actor, now=now, step=Step.SUBMIT)
    transfer.submitted_at = now
    transfer.save(update_fields=["submitted_at"])
    clock.start_deadline("AGY_APPROVE", subject=transfer, case=transfer.case, holder_agency=transfer.agency,
                         start_event="提交移送书面报告", started_at=now)
    return transfer


@transaction.atomic
def withdraw_draft(transfer: Transfer, *, actor, reason: str, now: datetime | None = None) -> Transfer:
    """A draft that will not be sent is withdrawn with its reason, so the case can be transferred afresh."""
    now = now or timezone.now()
    transfer = _lock(transfer)
    require(may_submit_transfer(actor, transfer) or may_approve_transfer(actor, transfer),
            "只有专案组成员或负责人可以撤回移送草稿")
    if not reason.strip():
        raise DomainError("撤回移送草稿须写明理由")
    _move(transfer, S.WITHDRAWN, actor=actor, now=now, step=Step.WITHDRAW, note=reason.strip())
    return transfer


@transaction.atomic
def approve_transfer(transfer: Transfer, *, actor, now: datetime | None = None) -> Transfer:
    now = now or timezone.now()
    transfer = _lock(transfer)
    require(may_approve_transfer(actor, transfer), _denied(actor, "审批移送（须由机关负责人批准）"))
    _move(transfer, S.APPROVED, actor=actor, now=now, step=Step.APPROVE)
    transfer.decided_by, transfer.approval_decided_at = actor, now
    transfer.save(update_fields=["decided_by", "approval_decided_at"])
    clock.complete_deadlines(transfer, "AGY_APPROVE", now=now, by="批准移送")
    clock.start_deadline("AGY_DELIVER", subject=transfer, case=transfer.case, holder_agency=transfer.agency,
                         start_event="负责人批准移送", started_at=now)
    return transfer


@transaction.atomic
def refuse_transfer(transfer: Transfer, *, actor, reason: str, now: datetime | None = None) -> Transfer:
    now = now or timezone.now()
    transfer = _lock(transfer)
    require(may_approve_transfer(actor, transfer), _denied(actor, "审批移送（须由机关负责人决定）"))
    if not reason.strip():
        raise DomainError("不批准移送必须记录理由（《行政执法机关移送涉嫌犯罪案件的规定》第五条第二款）")
    _move(transfer, S.REFUSED, actor=actor, now=now, step=Step.REFUSE, note=reason.strip())
    transfer.decided_by, transfer.approval_decided_at, transfer.refusal_reason = actor, now, reason.strip()
    transfer.save(update_fields=["decided_by", "approval_decided_at", "refusal_reason"])
    clock.complete_deadlines(transfer, "AGY_APPROVE", now=now, by="不批准移送")
    return transfer


def missing_for_delivery(transfer: Transfer) -> list[str]:
    """What the package still lacks (R310 第四条、第六条)."""
    kinds = set(transfer.documents.values_list("kind", flat=True))
    missing = [DocumentKind(k).label for k in REQUIRED_FOR_DELIVERY if k not in kinds]
    if not transfer.items.exists():
        missing.append("涉案物品清单中的物品（无涉案物品的，请登记“无”）")
    for item in transfer.items.filter(tested=True, test_document__isnull=True):
        missing.append(f"“{item.name}”的检验报告或鉴定意见")
    return missing


@transaction.atomic
def deliver_transfer(transfer: Transfer, *, actor, now: datetime | None = None) -> Transfer:
    """Send the package to the police; a copy is filed with the procuratorate at the same moment."""
    now = now or timezone.now()
    transfer = _lock(transfer)
    require(may_handle_transfer(actor, transfer), _denied(actor, "移送案件"))
    if transfer.status != S.APPROVED:
        _move(transfer, S.DELIVERED, actor=actor, now=now, step=Step.DELIVER)  # raises the state error
    missing = missing_for_delivery(transfer)
    if missing:
        raise DomainError("移送材料不全，不能移送：缺少" + "、".join(missing) + "（《行政执法机关移送涉嫌犯罪案件的规定》第六条）")
    transfer.delivered_at = now
    transfer.filed_with_procuratorate_at = now if transfer.procuratorate_id else None
    transfer.fine_offset = transfer.case.fine_amount
    _move(transfer, S.DELIVERED, actor=actor, now=now, step=Step.DELIVER,
          note=f"同时抄送{transfer.procuratorate.name}备案" if transfer.procuratorate_id else "未找到同级检察院备案")
    clock.complete_deadlines(transfer, "AGY_DELIVER", now=now, by="已移送")
    render_document(transfer, DocumentKind.MATERIALS_LIST, actor=actor, now=now)
    hand_to_police(transfer.case, transfer.police, reason=f"移送第{transfer.pk}号", now=now)
    return transfer


# ---- police: receipt, forwarding, materials, decision ----------------------------------------------

@transaction.atomic
def sign_receipt(transfer: Transfer, *, actor, now: datetime | None = None) -> Transfer:
    now = now or timezone.now()
    transfer = _lock(transfer)
    require(may_act_as_police(actor, transfer), _denied(actor, "签收该移送案件"))
    _move(transfer, S.ACCEPTED, actor=actor, now=now, step=Step.ACCEPT)
    transfer.receipt_signed_at, transfer.receipt_signed_by = now, actor
    transfer.save(update_fields=["receipt_signed_at", "receipt_signed_by"])
    clock.start_deadline("POL_DECIDE", subject=transfer, case=transfer.case, holder_agency=transfer.police,
                         start_event="公安机关受理移送案件", started_at=now)
    render_document(transfer, DocumentKind.RECEIPT, actor=actor, now=now)
    return transfer


@transaction.atomic
def forward_transfer(transfer: Transfer, *, actor, organ: str, notice: str, now: datetime | None = None) -> Transfer:
    """Not this organ's case: forward to a named organ and tell the agency in writing (24小时)."""
    now = now or timezone.now()
    transfer = _lock(transfer)
    require(may_act_as_police(actor, transfer), _denied(actor, "转送该移送案件"))
    if not organ.strip() or not notice.strip():
        raise DomainError("转送必须写明有管辖权的机关，并书面告知移送机关（《行政执法机关移送涉嫌犯罪案件的规定》第七条）")
    _move(transfer, S.FORWARDED, actor=actor, now=now, step=Step.FORWARD, note=f"转送{organ}：{notice}")
    transfer.forwarded_to = organ.strip()
    transfer.receipt_signed_at, transfer.receipt_signed_by = transfer.receipt_signed_at or now, actor
    transfer.save(update_fields=["forwarded_to", "receipt_signed_at", "receipt_signed_by"])
    clock.record_late_act("POL_FORWARD_JURISDICTION", subject=transfer, case=transfer.case,
                          holder_agency=transfer.police, start_event="收到移送案件", started_at=transfer.delivered_at,
                          now=now, by=f"转送{organ}并书面告知")
    render_document(transfer, DocumentKind.FORWARD_NOTICE, actor=actor, now=now)
    return transfer


@transaction.atomic
def notify_materials_incomplete(transfer: Transfer, *, actor, missing: str, now: datetime | None = None):
    """材料不全: notify within 24h of acceptance; the agency cures within 3日; no refusal on that ground."""
    now = now or timezone.now()
    transfer = _lock(transfer)
    require(may_act_as_police(actor, transfer), _denied(actor, "通知补正材料"))
    if transfer.status != S.ACCEPTED:
        raise DomainError(f"移送当前为“{transfer.get_status_display()}”，不能通知补正")
    if not missing.strip():
        raise DomainError("请写明需要补正的材料")
    MaterialsNotice.objects.create(transfer=transfer, sent_at=now, missing=missing.strip())
    clock.record_late_act("POL_MATERIALS_NOTICE", subject=transfer, case=transfer.case, holder_agency=transfer.police,
                          start_event="受理移送案件", started_at=transfer.receipt_signed_at, now=now, by="发出补正通知")
    clock.start_deadline("AGY_MATERIALS_CURE", subject=transfer, case=transfer.case, holder_agency=transfer.agency,
                         start_event="收到补正通知", started_at=now)
    _log(transfer, actor=actor, now=now, step=Step.MATERIALS_NOTICE, note=missing.strip())
    render_document(transfer, DocumentKind.CURE_NOTICE, actor=actor, now=now)
    return transfer


@transaction.atomic
def cure_materials(transfer: Transfer, *, actor, note: str, now: datetime | None = None) -> Transfer:
    now = now or timezone.now()
    transfer = _lock(transfer)
    require(may_handle_transfer(actor, transfer), _denied(actor, "补正材料"))
    notice = transfer.materials_notices.filter(cured_at__isnull=True).first()
    if notice is None:
        raise DomainError("没有待补正的通知")
    notice.cured_at, notice.cure_note = now, note.strip()
    notice.save(update_fields=["cured_at", "cure_note"])
    clock.complete_deadlines(transfer, "AGY_MATERIALS_CURE", now=now, by="已补正")
    _log(transfer, actor=actor, now=now, step=Step.MATERIALS_CURE, note=note.strip())
    return transfer


@transaction.atomic
def extend_decision(transfer: Transfer, *, actor, extension: str, approver: str, level: str,
                    now: datetime | None = None) -> Transfer:
    now = now or timezone.now()
    transfer = _lock(transfer)
    require(may_act_as_police(actor, transfer), _denied(actor, "延长立案审查期限"))
    deadline = clock.open_deadline(transfer, "POL_DECIDE")
    if deadline is None:
        raise DomainError("没有进行中的立案审查期限")
    deadline = clock.extend_deadline(deadline, extension, approver=approver, level=level, now=now)
    _log(transfer, actor=actor, now=now, step=Step.EXTEND,
         note=f"{deadline.period}，经{level}{approver}批准，期满 {timezone.localtime(deadline.due_at):%Y-%m-%d %H:%M}")
    return transfer


@transaction.atomic
def decide_filing(transfer: Transfer, *, actor, file: bool, reason: str = "", detail: str = "",
                  materials_returned: bool = False, case_no: str = "", now: datetime | None = None) -> Transfer:
    """立案 or 不予立案 with written notice. 不予立案 needs reasons and the return of the materials."""
    now = now or timezone.now()
    transfer = _lock(transfer)
    require(may_act_as_police(actor, transfer), _denied(actor, "作出立案决定"))
    if file:
        _move(transfer, S.FILED, actor=actor, now=now, step=Step.FILE, note=case_no)
        transfer.criminal_case_no = case_no.strip()
        _after_filing(transfer, actor=actor, now=now)
        render_document(transfer, DocumentKind.FILING_NOTICE, actor=actor, now=now)
    else:
        if reason not in NonFilingReason.values:
            raise DomainError("不予立案必须选择法定理由（没有犯罪事实／犯罪事实显著轻微等）；"
                              "不得以移送材料不全为由不予立案（《公安机关办理刑事案件程序规定》第一百八十条）")
        if not detail.strip():
            raise DomainError("不予立案必须写明理由")
        if not materials_returned:
            raise DomainError("不予立案的，应当将案卷材料退回移送机关，并记录退回情况")
        _move(transfer, S.NOT_FILED, actor=actor, now=now, step=Step.NOT_FILE,
              note=f"{NonFilingReason(reason).label}：{detail.strip()}")
        transfer.non_filing_reason, transfer.non_filing_detail = reason, detail.strip()
        transfer.materials_returned_at = now
        clock.start_deadline("AGY_RECONSIDER_REQUEST", subject=transfer, case=transfer.case,
                             holder_agency=transfer.agency, start_event="收到不予立案通知书", started_at=now)
        render_document(transfer, DocumentKind.NON_FILING_NOTICE, actor=actor, now=now)
    transfer.decision_at = now
    transfer.save()
    clock.complete_deadlines(transfer, "POL_DECIDE", now=now, by="立案" if file else "不予立案")
    return transfer


def _after_filing(transfer: Transfer, *, actor, now: datetime) -> None:
    clock.start_deadline("AGY_HANDOVER", subject=transfer, case=transfer.case, holder_agency=transfer.agency,
                         start_event="收到立案通知书", started_at=now)


# ---- challenges --------------------------------------------------------------------------------------

@transaction.atomic
def request_reconsideration(transfer: Transfer, *, actor, grounds: str, now: datetime | None = None) -> Transfer:
    now = now or timezone.now()
    transfer = _lock(transfer)
    require(may_handle_transfer(actor, transfer), _denied(actor, "提请复议"))
    window = clock.last_deadline(transfer, "AGY_RECONSIDER_REQUEST")
    if transfer.status == S.NOT_FILED and window and window.due_at and now > window.due_at:
        raise DomainError(f"提请复议的期限（{period('AGY_RECONSIDER_REQUEST')}）已于 {timezone.localtime(window.due_at):%Y-%m-%d %H:%M} 届满；"
                          "可以建议人民检察院依法进行立案监督（《行政执法机关移送涉嫌犯罪案件的规定》第九条）")
    if not grounds.strip():
        raise DomainError("请写明提请复议的理由")
    _move(transfer, S.RECONSIDERING, actor=actor, now=now, step=Step.RECONSIDER, note=grounds.strip())
    clock.complete_deadlines(transfer, "AGY_RECONSIDER_REQUEST", now=now, by="提请复议")
    clock.start_deadline("POL_RECONSIDER_DECIDE", subject=transfer, case=transfer.case, holder_agency=transfer.police,
                         start_event="收到提请复议书", started_at=now)
    render_document(transfer, DocumentKind.RECONSIDERATION_REQUEST, actor=actor, now=now, extra={"grounds": grounds})
    return transfer


@transaction.atomic
def decide_reconsideration(transfer: Transfer, *, actor, file: bool, reasons: str,
                           now: datetime | None = None) -> Transfer:
    now = now or timezone.now()
    transfer = _lock(transfer)
    require(may_act_as_police(actor, transfer), _denied(actor, "作出复议决定"))
    if not reasons.strip():
        raise DomainError("复议决定须写明理由")
    if file:
        _move(transfer, S.FILED, actor=actor, now=now, step=Step.RECONSIDER_FILE, note=reasons.strip())
        _after_filing(transfer, actor=actor, now=now)
    else:
        _move(transfer, S.UPHELD, actor=actor, now=now, step=Step.RECONSIDER_UPHOLD, note=reasons.strip())
        clock.start_deadline("AGY_SUPERVISION_REQUEST", subject=transfer, case=transfer.case,
                             holder_agency=transfer.agency, start_event="收到复议决定", started_at=now)
    transfer.decision_at = now
    transfer.save(update_fields=["decision_at"])
    clock.complete_deadlines(transfer, "POL_RECONSIDER_DECIDE", now=now, by="复议决定")
    render_document(transfer, DocumentKind.RECONSIDERATION_DECISION, actor=actor, now=now,
                    extra={"reasons": reasons, "file": file})
    return transfer


@transaction.atomic
def request_supervision(transfer: Transfer, *, actor, grounds: str, now: datetime | None = None) -> Transfer:
    """建议人民检察院立案监督: late after 3日 of the 复议决定, but still accepted (and shown late)."""
    now = now or timezone.now()
    transfer = _lock(transfer)
    require(may_handle_transfer(actor, transfer), _denied(actor, "建议立案监督"))
    if not grounds.strip():
        raise DomainError("请写明建议立案监督的理由")
    _move(transfer, S.SUPERVISION_REQUESTED, actor=actor, now=now, step=Step.SUPERVISION_REQUEST, note=grounds.strip())
    clock.complete_deadlines(transfer, "AGY_SUPERVISION_REQUEST", now=now, by="建议立案监督")
    clock.cancel_deadlines(transfer, "AGY_RECONSIDER_REQUEST", now=now, by="直接建议立案监督")
    return transfer


# ---- after 立案 -------------------------------------------------------------------------------------

@transaction.atomic
def hand_over_items(transfer: Transfer, *, actor, receiver: str, now: datetime | None = None) -> Transfer:
    now = now or timezone.now()
    transfer = _lock(transfer)
    require(may_handle_transfer(actor, transfer), _denied(actor, "移交涉案物品"))
    if transfer.status != S.FILED:
        raise DomainError("公安机关立案后才移交涉案物品")
    if not receiver.strip():
        raise DomainError("请填写公安机关接收人")
    transfer.items.filter(handed_over_at__isnull=True).update(handed_over_at=now, handover_receiver=receiver.strip())
    clock.complete_deadlines(transfer, "AGY_HANDOVER", now=now, by=f"移交{receiver.strip()}")
    _log(transfer, actor=actor, now=now, step=Step.HANDOVER, note=f"接收人：{receiver.strip()}")
    render_document(transfer, DocumentKind.HANDOVER_LIST, actor=actor, now=now)
    return transfer


@transaction.atomic
def record_stage(transfer: Transfer, *, actor, stage: str, day, document_no: str = "", note: str = "",
                 now: datetime | None = None):
    """Criminal stages, recorded by the police or the procuratorate, so the agency sees how it ended."""
    now = now or timezone.now()
    transfer = _lock(transfer)
    if stage not in CriminalStage.values:
        raise DomainError("未知的诉讼阶段")
    recorder = STAGE_RECORDERS[stage]
    require(may_record_stage(actor, transfer, recorder),
            _denied(actor, f"登记{CriminalStage(stage).label}") if recorder == "police"
            else f"{CriminalStage(stage).label}由人民检察院登记")
    if transfer.status != S.FILED:
        raise DomainError("立案后才有刑事诉讼阶段")
    record = CriminalStageRecord.objects.create(transfer=transfer, stage=stage, date=day, document_no=document_no,
                                                note=note, recorded_by=actor, recorded_at=now)
    _log(transfer, actor=actor, now=now, step=f"stage_{stage}", note=" ".join(x for x in (str(day), document_no, note) if x))
    return record


@transaction.atomic
def set_routing(rule: RoutingRule, *, actor, department_kind: str, now: datetime | None = None) -> RoutingRule:
    """管理员 edits the suggested receiving department for a crime (reference data)."""
    require(is_admin(actor), "只有管理员可以维护承办部门对照表")
    if department_kind not in DepartmentKind.values:
        raise DomainError("未知的内设机构类别")
    before = rule.department_kind
    rule.department_kind = department_kind
    rule.save(update_fields=["department_kind"])
    record_audit("routing.update", actor=actor, now=now, obj=rule, before={"department_kind": before},
                 after={"department_kind": department_kind})
    return rule


# ---- 立案监督 that succeeded (procur) ----------------------------------------------------------------

@transaction.atomic
def file_on_notice(transfer: Transfer, *, actor, decision_no: str, now: datetime | None = None) -> Transfer:
    """The police filed on the procuratorate's 通知立案书: the transfer is 已立案 and goes on (3日 移交, stages)."""
    now = now or timezone.now()
    transfer = _lock(transfer)
    require(may_act_as_police(actor, transfer), _denied(actor, "根据通知立案书立案"))
    if transfer.status not in FILED_ON_NOTICE_FROM:
        raise DomainError(f"移送当前为“{transfer.get_status_display()}”，不能根据通知立案书立案")
    old, transfer.status, transfer.decision_at = transfer.status, S.FILED, now
    _log(transfer, actor=actor, now=now, step=Step.FILE_ON_NOTICE, note=decision_no, from_status=old, to_status=S.FILED)
    clock.cancel_deadlines(transfer, "POL_DECIDE", "AGY_RECONSIDER_REQUEST", "POL_RECONSIDER_DECIDE",
                           "AGY_SUPERVISION_REQUEST", now=now, by="根据通知立案书立案")
    _after_filing(transfer, actor=actor, now=now)
    render_document(transfer, DocumentKind.FILING_NOTICE, actor=actor, now=now)
    return transfer
