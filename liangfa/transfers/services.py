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
    acts_for,
    is_admin,
    may_act_as_police,
    may_approve_police_decision,
    may_approve_transfer,
    may_draft_transfer,
    may_handle_transfer,
    may_propose_police_decision,
    may_reassign_department,
    may_record_stage,
    may_submit_transfer,
    member_of,
    require,
)
from liangfa.cases.sharing import hand_to_police, release_from_police, return_to_police
from liangfa.clock import services as clock
from liangfa.clock.rules import period
from liangfa.core.audit import record_audit
from liangfa.core.errors import DomainError
from liangfa.core.events import actor_fields
from liangfa.transfers import routing
from liangfa.transfers.choices import (
    AFTER_INVESTIGATION,
    FILED_ON_NOTICE_FROM,
    HANDOVER_FROM,
    PROPOSAL_BASIS,
    PROPOSAL_FROM,
    REASSIGNABLE,
    REQUIRED_FOR_DELIVERY,
    SENT,
    STAGE_RECORDERS,
    TRANSFER_TRANSITIONS,
    CriminalStage,
    DocumentKind,
    NonFilingReason,
    ProposalKind,
    ProposalState,
    TransferStatus,
    TransferStep,
    WithdrawalGround,
)
from liangfa.transfers.documents import final_letter, render_document
from liangfa.transfers.models import (
    CriminalStageRecord,
    MaterialsNotice,
    PoliceProposal,
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
    if user.agency and user.agency.kind == AgencyKind.COURT:  # the court: the cases brought to it
        return base.filter(pk__in=court_transfer_ids(user.agency_id))
    if ids is ALL:
        return base.none()  # the 备案 register is the procuratorate's alone
    return base.filter(Q(agency_id__in=ids) | Q(police_id__in=ids, status__in=SENT) | Q(forwarded_from_id__in=ids))


def department_filter(user, prefix: str = "") -> Q:
    """A police officer's own work among the received transfers: their department's (as 受理 assigned it or the
    负责人 reassigned it) and those not assigned to any; the 负责人 and staff of no department have every one."""
    if user.has_role(Role.HEAD) or not getattr(user, "department_id", None):
        return Q()
    return Q(**{f"{prefix}department__isnull": True}) | Q(**{f"{prefix}department_id": user.department_id})


# The police's written notices to the agency still owed (程序规定第一百八十四条, 第一百八十九条第一款), by list filter.
NOTICES_OWED = {"moved": "POL_NOTIFY_MOVED", "withdrawn": "POL_NOTIFY_WITHDRAWN"}


def owing_notice(transfers, which: str):
    """Those of `transfers` whose written notice `which` (NOTICES_OWED) is not yet given: its clock is open."""
    from django.contrib.contenttypes.models import ContentType

    from liangfa.clock.choices import DeadlineState
    from liangfa.clock.models import Deadline

    owed = Deadline.objects.filter(rule_id=NOTICES_OWED[which], state=DeadlineState.OPEN,
                                   content_type=ContentType.objects.get_for_model(Transfer))
    return transfers.filter(pk__in=owed.values("object_id"))


# What awaiting_department holds, in the words of the 待办 row and the list it opens: every received transfer the
# police still hold (REASSIGNABLE: 立案审查, 已立案, 不予立案 and its 复议/监督) whose 承办部门 is not named.
AWAITING_DEPARTMENT = "已受理（含已立案）、尚未指定承办部门（管辖对照表未能确定）"


def awaiting_department(transfers):
    """受理 but no 承办部门: the 管辖 table had no answer and the 负责人 has not yet named one (reassign_department).
    A transfer filed meanwhile stays here: the case is investigated by a department the 负责人 names."""
    return transfers.filter(status__in=REASSIGNABLE, receipt_signed_at__isnull=False, department__isnull=True)


def get_transfer_for_user(user, pk: int) -> Transfer:
    from django.http import Http404

    transfer = visible_transfers(user).filter(pk=pk).first()
    if transfer is None:
        raise Http404("移送案件不存在或无权查看")
    return transfer


def court_transfer_ids(court_id: int):
    return CriminalStageRecord.objects.filter(stage=CriminalStage.INDICTMENT, court_id=court_id).values("transfer_id")


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


def _issue(transfer: Transfer, rule_id: str, *, holder, issuer, now: datetime, start_event: str) -> None:
    """A notice whose period runs from receipt (“自接到…之日起”): 待送达 until the holder signs for it on the
    platform or types the date of paper service (receive_notice)."""
    clock.issue_unserved(rule_id, subject=transfer, case=transfer.case, holder_agency=holder, issuer_agency=issuer,
                         issued_at=now, start_event=start_event)


@transaction.atomic
def receive_notice(transfer: Transfer, *, actor, rule_id: str, received_at: datetime | None = None,
                   how: str = "platform", now: datetime | None = None):
    """The receiving side records receipt: signed on the platform now, or served on paper at a typed time.
    The period starts then (clock.record_service)."""
    now = now or timezone.now()
    transfer = _lock(transfer)
    deadline = clock.unserved_deadline(transfer, rule_id)
    if deadline is None:
        raise DomainError("没有待签收的文书")
    require(acts_for(actor, deadline.holder_agency), _denied(actor, f"签收“{deadline.start_event}”（须由收件机关签收）"))
    if how == "platform":
        received_at = now
    elif received_at is None:
        raise DomainError("纸质送达的，请填写收到文书的日期和时间")
    deadline = clock.record_service(transfer, rule_id, received_at=received_at, actor=actor, how=how, now=now)
    due = f"；{deadline.name}期满 {timezone.localtime(deadline.due_at):%Y-%m-%d %H:%M}" if deadline.due_at else ""
    _log(transfer, actor=actor, now=now, step=Step.RECEIVE,
         note=f"{deadline.start_event}：{deadline.get_service_method_display()}，"
              f"{timezone.localtime(received_at):%Y-%m-%d %H:%M} 收到{due}")
    return deadline


def note_on_transfer(transfer: Transfer, step: str, *, actor, now: datetime, note: str = "") -> TransferEvent:
    """A step another service took on this transfer (立案监督, 反向移送, …), on the transfer's own timeline;
    that service writes its own audit row."""
    return TransferEvent.objects.create(transfer=transfer, time=now, **actor_fields(actor), code=step, note=note)


def _same_level(agency: Agency, kind: str) -> Agency | None:
    return Agency.objects.filter(kind=kind, region_code=agency.region_code, is_active=True).order_by("id").first()


def clue_for(case, suspected_crime: str):
    """The case's clue for this crime (the one a transfer starts from), if the platform raised one."""
    crime = suspected_crime.strip()
    for clue in case.clues.exclude(status="dismissed").order_by("-id"):
        if crime and (clue.crime_name in crime or crime in clue.crime_name):
            return clue
    return None


def network_clue_for(case, suspected_crime: str):
    """A 关联当事人合计 network clue a person turned into a clue (转为线索) that names this case, for this crime: the
    platform's clue for the case as much as a single one (screening/networks.py), or None."""
    from liangfa.screening.choices import NetworkClueStatus
    from liangfa.screening.models import NetworkClue

    crime = suspected_crime.strip()
    if not crime:
        return None
    # case_ids is a JSON list: read in Python (SQLite has no JSON containment); few clues are ever converted
    for clue in NetworkClue.objects.filter(status=NetworkClueStatus.CONVERTED).order_by("-decided_at", "-id"):
        if case.pk in clue.case_ids and (clue.crime_name in crime or crime in clue.crime_name):
            return clue
    return None


def open_transfer_of(case) -> Transfer | None:
    """The case's transfer still under way (a refused or withdrawn one does not count; a forwarded one goes
    on at the organ it was sent to)."""
    return Transfer.objects.filter(case=case).exclude(status__in=[S.REFUSED, S.WITHDRAWN]).select_related(
        "case", "police").order_by("-id").first()


def route(police: Agency, suspected_crime: str, *, clue=None) -> tuple[Department | None, str]:
    """The 管辖 table (管理员 maintains it): the department of `police` for this crime and why. The clue's own
    rule first, then the crime's name, then the chapter/section of the clue's 刑法 article (routing.yaml)."""
    rules = list(RoutingRule.objects.order_by("crime_name", "id"))
    crime = suspected_crime.strip()
    # the clue's own rule, unless it fell back to another crime (不符合安全标准的食品 → 以生产、销售伪劣产品罪论处):
    # then the crime it names decides, as the transfer's 涉嫌罪名 says
    rule = next((r for r in rules if clue is not None and r.crime_key == clue.rule_key
                 and _same_crime(r.crime_name, getattr(clue, "crime_name", ""))), None)
    named = [r for r in rules if r.crime_name and crime and (r.crime_name in crime or crime in r.crime_name)]
    if rule is None and named and len({r.department_kind for r in named}) == 1:
        rule = named[0]
    article = routing.article_number(clue.article) if clue is not None else None
    if rule is None and named and article is None:
        article = named[0].article  # one name, several lines (非法经营罪 of food, tobacco, …): its section decides
    if rule is not None:
        kind, basis = rule.department_kind, f"管辖对照表：{rule.crime_name}（{rule.basis or '逐罪列明'}）"
    else:
        section = routing.section_of(article)
        if section is None:
            return None, ""
        kind, basis = section["department"], f"管辖对照表：{routing.article_text(article)}，{section['name']}"
    department = police.departments.filter(kind=kind).order_by("id").first()
    if department is None:
        return None, f"{basis}；本机关没有{DepartmentKind(kind).label}" if kind in DepartmentKind.values else basis
    return department, basis


def _same_crime(listed: str, named: str) -> bool:
    return not named or not listed or listed in named or named.split("（")[0] in listed


def suggest_department(police: Agency, suspected_crime: str, *, clue=None) -> Department | None:
    """The agency's suggestion when drafting (it may pick another); the police's 受理 assigns by the same table."""
    return route(police, suspected_crime, clue=clue)[0]


def _assign_on_acceptance(transfer: Transfer, *, actor, now: datetime) -> None:
    """受理 gives the transfer to a department of the police by the 管辖 table; the agency's suggestion stands
    only where the table has no answer. Its officers then have it in their 待办 (desk/worklist.py)."""
    department, basis = route(transfer.police, transfer.suspected_crime, clue=transfer.clue)
    if department is None and transfer.department_id and transfer.department.agency_id == transfer.police_id:
        department, basis = transfer.department, f"{basis + '；' if basis else ''}按移送机关建议"
    suggested = transfer.department if transfer.department_id else None
    transfer.department = department
    transfer.routing_basis = basis[:200] if department else ""
    transfer.save(update_fields=["department", "routing_basis"])
    if department is None:
        note = f"管辖对照表未能确定承办部门（{basis or transfer.suspected_crime}），请负责人指定"
    else:
        note = f"分派{department.name}（{basis}）"
        if suggested is not None and suggested != department:
            note += f"；移送机关建议的是{suggested.name}"
    _log(transfer, actor=actor, now=now, step=Step.ASSIGN_DEPARTMENT, note=note)


@transaction.atomic
def reassign_department(transfer: Transfer, *, actor, department: Department | None, reason: str,
                        now: datetime | None = None) -> Transfer:
    """The police 负责人 gives a received transfer to another of the bureau's departments, with the reason."""
    now = now or timezone.now()
    transfer = _lock(transfer)
    require(may_reassign_department(actor, transfer), _denied(actor, "改派承办部门（须由公安机关负责人决定）"))
    if transfer.status not in REASSIGNABLE:
        raise DomainError(f"移送当前为“{transfer.get_status_display()}”，不能改派承办部门（公安机关受理后方可改派）")
    if department is None or department.agency_id != transfer.police_id:
        raise DomainError(f"请选择{transfer.police.name}的内设机构作为承办部门")
    if department.pk == transfer.department_id:
        raise DomainError(f"该移送已由{department.name}承办，无需改派")
    if not reason.strip():
        raise DomainError("改派承办部门须写明理由" if transfer.department_id else "指定承办部门须写明理由")
    before = transfer.department.name if transfer.department_id else ""
    verb = "改派" if before else "指定"  # none was named on 受理: the 负责人 names the first one
    transfer.department = department
    transfer.routing_basis = f"{actor.display_name}{verb}：{reason.strip()}"[:200]
    transfer.updated_at = now
    transfer.save(update_fields=["department", "routing_basis", "updated_at"])
    note = f"由{before}改派{department.name}：{reason.strip()}" if before else f"指定{department.name}承办：{reason.strip()}"
    TransferEvent.objects.create(transfer=transfer, time=now, **actor_fields(actor), code=Step.REASSIGN_DEPARTMENT,
                                 note=note)
    record_audit("transfer.reassign_department", actor=actor, now=now, obj=transfer,
                 owner_agency_id=transfer.agency_id, reason=reason.strip(),
                 before={"department": before}, after={"department": department.name})
    return transfer


# ---- agency: draft, approval, delivery -------------------------------------------------------------

@transaction.atomic
def draft_transfer(case, *, actor, team: list[User], suspected_crime: str, report: str, police: Agency | None = None,
                   department: Department | None = None, ip_reasonable_suspicion: bool = False,
                   clue=None, no_clue_reason: str = "", network_clue=None, now: datetime | None = None) -> Transfer:
    """专案组 (≥ 2 执法人员) writes the 移送涉嫌犯罪案件的书面报告."""
    now = now or timezone.now()
    require(may_draft_transfer(actor, case), _denied(actor, "对该案件发起移送"))
    members = {u.pk: u for u in [actor, *team]}.values()
    officers = [u for u in members if member_of(u, case.agency_id, (Role.OFFICER,))]
    if len(officers) < 2:
        raise DomainError("专案组至少需要两名本机关执法人员（《行政执法机关移送涉嫌犯罪案件的规定》第五条）")
    if not report.strip() or not suspected_crime.strip():
        raise DomainError("请填写涉嫌罪名和移送涉嫌犯罪案件的书面报告")
    clue = clue or clue_for(case, suspected_crime)
    if clue is not None and clue.case_id != case.pk:
        raise DomainError("所选涉罪线索不属于该案件")
    if clue is None:
        network_clue = network_clue or network_clue_for(case, suspected_crime)
        if network_clue is not None and (case.pk not in network_clue.case_ids or network_clue.status != "converted"):
            raise DomainError("所选关联当事人合计线索不含该案件或尚未转为线索")
    else:
        network_clue = None
    if clue is None and network_clue is None and not no_clue_reason.strip():
        raise DomainError("该案件没有平台提出的相应涉罪线索：请写明认为涉嫌犯罪的理由（涉案数额、情节及所依据的立案追诉标准），"
                          "负责人审批时将看到此说明")
    existing = open_transfer_of(case)
    if existing is not None:
        raise DomainError(f"该案件已有进行中的移送（第{existing.pk}号，{existing.get_status_display()}），不能重复移送；"
                          f"请在该移送中办理")
    police = police or _same_level(case.agency, AgencyKind.POLICE)
    if police is None or police.kind != AgencyKind.POLICE:
        raise DomainError("没有找到同级公安机关，请选择接收的公安机关")
    transfer = Transfer.objects.create(
        case=case, agency=case.agency, police=police, suspected_crime=suspected_crime.strip(), report=report.strip(),
        department=department or suggest_department(police, suspected_crime, clue=clue), created_by=actor, created_at=now,
        updated_at=now, ip_reasonable_suspicion=ip_reasonable_suspicion,
        procuratorate=_same_level(case.agency, AgencyKind.PROCURATORATE), clue=clue, network_clue=network_clue,
        no_clue_reason="" if clue or network_clue else no_clue_reason.strip(),
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
    final_letter(transfer, actor=actor, now=now)
    clock.start_deadline("POL_SIGN_RECEIPT", subject=transfer, case=transfer.case, holder_agency=transfer.police,
                         start_event="收到移送的案件", started_at=now)
    _issue(transfer, "POL_DECIDE", holder=transfer.police, issuer=transfer.agency, now=now,
           start_event="公安机关接受移送案件（签收回执）")
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
    _assign_on_acceptance(transfer, actor=actor, now=now)
    clock.complete_deadlines(transfer, "POL_SIGN_RECEIPT", now=now, by=f"{actor.display_name}在回执上签字")
    # 第八条: the 3日 run from 接受 — the signature is the receipt.
    if clock.unserved_deadline(transfer, "POL_DECIDE") is None:
        _issue(transfer, "POL_DECIDE", holder=transfer.police, issuer=transfer.agency, now=now,
               start_event="公安机关接受移送案件（签收回执）")
    clock.record_service(transfer, "POL_DECIDE", received_at=now, actor=actor, how="platform", now=now)
    render_document(transfer, DocumentKind.RECEIPT, actor=actor, now=now)
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
    _issue(transfer, "AGY_MATERIALS_CURE", holder=transfer.agency, issuer=transfer.police, now=now,
           start_event="收到补正通知")
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


# ---- police decisions: the 民警 proposes, a 县级以上公安机关负责人 approves ---------------------------

def _decision_data(transfer: Transfer, kind: str, data: dict) -> tuple[dict, str]:
    """Check what the decision needs before it is proposed (so the 负责人 approves a complete one);
    returns the cleaned data and its summary for the timeline."""
    text = {k: str(data.get(k) or "").strip() for k in ("case_no", "reason", "detail", "reasons", "organ", "notice")}
    if kind == ProposalKind.FILE:
        if not text["case_no"]:
            raise DomainError("决定立案须填写刑事案件编号（立案决定书文号），立案通知书载明此编号"
                              "（《公安机关办理刑事案件程序规定》第一百七十八条、第一百八十条）")
        return {"case_no": text["case_no"][:100]}, f"刑事案件编号 {text['case_no']}"
    if kind == ProposalKind.NOT_FILE:
        if text["reason"] not in NonFilingReason.values:
            raise DomainError("不予立案必须选择法定理由（没有犯罪事实／犯罪事实显著轻微等）；"
                              "不得以移送材料不全为由不予立案（《公安机关办理刑事案件程序规定》第一百八十条）")
        if not text["detail"]:
            raise DomainError("不予立案必须写明理由")
        if not data.get("materials_returned"):
            raise DomainError("不予立案的，应当将案卷材料退回移送机关，并记录退回情况")
        return ({"reason": text["reason"], "detail": text["detail"]},
                f"{NonFilingReason(text['reason']).label}：{text['detail']}")
    if kind in (ProposalKind.RECONSIDER_FILE, ProposalKind.RECONSIDER_UPHOLD):
        if not text["reasons"]:
            raise DomainError("复议决定须写明理由")
        if kind == ProposalKind.RECONSIDER_FILE and not text["case_no"]:
            raise DomainError("复议决定立案须填写刑事案件编号（立案决定书文号）")
        return {"reasons": text["reasons"], "case_no": text["case_no"][:100]}, text["reasons"]
    if kind == ProposalKind.MOVE:
        if not text["organ"] or not text["reasons"]:
            raise DomainError("立案后移送或者并案侦查，须写明接收的机关（有管辖权的机关或者并案侦查的公安机关）和理由"
                              "（《公安机关办理刑事案件程序规定》第一百八十四条）")
        merge = str(data.get("merge", "")).lower() in ("1", "true", "on", "yes")
        where = "并案侦查的公安机关" if merge else "有管辖权的机关"
        return ({"organ": text["organ"][:100], "reasons": text["reasons"], "merge": merge},
                f"移送{where}{text['organ']}：{text['reasons']}")
    if kind == ProposalKind.WITHDRAW_CASE:
        ground = str(data.get("ground") or "").strip()
        if ground not in WithdrawalGround.values:
            raise DomainError("撤销案件须选择第一百八十六条第一款规定的情形（没有犯罪事实的、情节显著轻微不认为是犯罪的等）"
                              "（《公安机关办理刑事案件程序规定》第一百八十六条）")
        if not text["reasons"]:
            raise DomainError("撤销案件须写明理由，制作撤销案件报告书，报县级以上公安机关负责人批准"
                              "（《公安机关办理刑事案件程序规定》第一百八十七条第一款）")
        # the 撤销案件决定书 takes its 文号 when the 负责人 decides (_withdraw_case), not from the 民警's 报告书
        return {"ground": ground, "reasons": text["reasons"]}, f"{WithdrawalGround(ground).label}：{text['reasons']}"
    if kind == ProposalKind.FORWARD:
        if not text["organ"] or not text["notice"]:
            raise DomainError("转送必须写明有管辖权的机关，并书面告知移送机关（《行政执法机关移送涉嫌犯罪案件的规定》第七条）")
        return {"organ": text["organ"][:100], "notice": text["notice"]}, f"转送{text['organ']}：{text['notice']}"
    raise DomainError("未知的呈请事项")


# 撤销案件 and 立案后移送 are decided during the 侦查: the article that says so, for the refusal.
DURING_INVESTIGATION = {
    ProposalKind.WITHDRAW_CASE: "撤销案件适用于“经过侦查，发现”第一百八十六条第一款情形的案件"
                                "（《公安机关办理刑事案件程序规定》第一百八十六条）",
    ProposalKind.MOVE: "立案后移送或者并案侦查适用于“经立案侦查”发现不属于自己管辖或者需要并案侦查的案件"
                       "（《公安机关办理刑事案件程序规定》第一百八十四条）",
}


def investigation_over(transfer: Transfer) -> CriminalStageRecord | None:
    """The first stage recorded that ends the police's 侦查 (移送审查起诉 or later: AFTER_INVESTIGATION), or None."""
    return transfer.stages.filter(stage__in=AFTER_INVESTIGATION).order_by("date", "id").first()


def _still_investigating(transfer: Transfer, kind: str) -> None:
    if kind not in DURING_INVESTIGATION:
        return
    record = investigation_over(transfer)
    if record is not None:
        raise DomainError(
            f"本案已于 {record.date:%Y-%m-%d} {record.get_stage_display()}，侦查已经终结，不能呈请{ProposalKind(kind).label}："
            f"{DURING_INVESTIGATION[kind]}；侦查终结的案件移送人民检察院审查决定（第二百八十九条），"
            "人民检察院退回补充侦查后发现不应当追究刑事责任的，依照第二百九十六条第（三）项处理并通知人民检察院")


def pending_proposal(transfer: Transfer) -> PoliceProposal | None:
    return transfer.proposals.filter(state=ProposalState.PENDING).select_related("proposed_by").first()


@transaction.atomic
def propose_decision(transfer: Transfer, *, actor, kind: str, data: dict, now: datetime | None = None) -> PoliceProposal:
    """呈请: the 民警 proposes 立案, 不予立案, a 复议决定 or 转送, with everything the decision needs."""
    now = now or timezone.now()
    transfer = _lock(transfer)
    require(may_propose_police_decision(actor, transfer), _denied(actor, "呈请（须由接收公安机关的民警提出）"))
    if kind not in ProposalKind.values:
        raise DomainError("未知的呈请事项")
    label = ProposalKind(kind).label
    if transfer.status not in PROPOSAL_FROM[kind]:
        raise DomainError(f"移送当前为“{transfer.get_status_display()}”，不能呈请{label}")
    waiting = pending_proposal(transfer)
    if waiting is not None:
        raise DomainError(f"已有待负责人审批的呈请（{waiting.get_kind_display()}，{waiting.proposed_by.display_name}"
                          f" {timezone.localtime(waiting.proposed_at):%Y-%m-%d %H:%M}），请待审批或退回后再呈请")
    _still_investigating(transfer, kind)
    clean, summary = _decision_data(transfer, kind, data)
    proposal = PoliceProposal.objects.create(transfer=transfer, kind=kind, data=clean, summary=summary,
                                             proposed_by=actor, proposed_at=now)
    _log(transfer, actor=actor, now=now, step=Step.PROPOSE, note=f"呈请{label}：{summary}")
    return proposal


@transaction.atomic
def approve_proposal(transfer: Transfer, *, actor, now: datetime | None = None) -> Transfer:
    """The 负责人 approves: the decision takes effect now, in the 负责人's name, citing who proposed it."""
    now = now or timezone.now()
    transfer = _lock(transfer)
    require(may_approve_police_decision(actor, transfer),
            _denied(actor, "审批（须由县级以上公安机关负责人批准，《公安机关办理刑事案件程序规定》第一百七十八条）"))
    proposal = pending_proposal(transfer)
    if proposal is None:
        raise DomainError("没有待审批的呈请")
    if proposal.proposed_by_id == actor.pk:
        raise DomainError("呈请人不能审批自己的呈请")
    _still_investigating(transfer, proposal.kind)  # a stage recorded after the proposal: no longer the police's
    approval = f"经{actor.display_name}批准（{PROPOSAL_BASIS[proposal.kind]}），承办民警{proposal.proposed_by.display_name}"
    data = proposal.data
    if proposal.kind == ProposalKind.FILE:
        _file(transfer, actor=actor, now=now, case_no=data["case_no"], note=approval)
    elif proposal.kind == ProposalKind.NOT_FILE:
        _not_file(transfer, actor=actor, now=now, reason=data["reason"], detail=data["detail"], note=approval)
    elif proposal.kind in (ProposalKind.RECONSIDER_FILE, ProposalKind.RECONSIDER_UPHOLD):
        _reconsideration(transfer, actor=actor, now=now, file=proposal.kind == ProposalKind.RECONSIDER_FILE,
                         reasons=data["reasons"], case_no=data.get("case_no", ""), note=approval)
    elif proposal.kind == ProposalKind.MOVE:
        _move_filed(transfer, actor=actor, now=now, organ=data["organ"], merge=data["merge"], reasons=data["reasons"],
                    note=approval)
    elif proposal.kind == ProposalKind.WITHDRAW_CASE:
        _withdraw_case(transfer, actor=actor, now=now, data=data, note=approval, proposer=proposal.proposed_by)
    else:
        _forward(transfer, actor=actor, now=now, organ=data["organ"], notice=data["notice"], note=approval)
    proposal.state, proposal.decided_by, proposal.decided_at = ProposalState.APPROVED, actor, now
    proposal.save(update_fields=["state", "decided_by", "decided_at"])
    return transfer


@transaction.atomic
def return_proposal(transfer: Transfer, *, actor, reason: str, now: datetime | None = None) -> PoliceProposal:
    """The 负责人 does not approve: the proposal goes back with the reason; the statutory period keeps running."""
    now = now or timezone.now()
    transfer = _lock(transfer)
    require(may_approve_police_decision(actor, transfer), _denied(actor, "退回呈请（须由公安机关负责人）"))
    proposal = pending_proposal(transfer)
    if proposal is None:
        raise DomainError("没有待审批的呈请")
    if not reason.strip():
        raise DomainError("退回呈请须写明理由")
    proposal.state, proposal.decided_by, proposal.decided_at = ProposalState.RETURNED, actor, now
    proposal.return_reason = reason.strip()
    proposal.save(update_fields=["state", "decided_by", "decided_at", "return_reason"])
    _log(transfer, actor=actor, now=now, step=Step.PROPOSAL_RETURN,
         note=f"退回{proposal.proposed_by.display_name}呈请的{proposal.get_kind_display()}：{reason.strip()}")
    return proposal


def _decide(transfer: Transfer, kind: str, *, actor, approver, now, **data) -> Transfer:
    """Propose and approve in one go (the demo, tests and scripts that replay a decided case)."""
    propose_decision(transfer, actor=actor, kind=kind, data=data, now=now)
    return approve_proposal(transfer, actor=approver, now=now)


def decide_filing(transfer: Transfer, *, actor, approver, file: bool, reason: str = "", detail: str = "",
                  materials_returned: bool = False, case_no: str = "", now: datetime | None = None) -> Transfer:
    """立案 or 不予立案: proposed by `actor` (民警), approved by `approver` (负责人)."""
    now = now or timezone.now()
    kind = ProposalKind.FILE if file else ProposalKind.NOT_FILE
    return _decide(transfer, kind, actor=actor, approver=approver, now=now, case_no=case_no, reason=reason,
                   detail=detail, materials_returned=materials_returned)


def decide_reconsideration(transfer: Transfer, *, actor, approver, file: bool, reasons: str, case_no: str = "",
                           now: datetime | None = None) -> Transfer:
    now = now or timezone.now()
    kind = ProposalKind.RECONSIDER_FILE if file else ProposalKind.RECONSIDER_UPHOLD
    return _decide(transfer, kind, actor=actor, approver=approver, now=now, reasons=reasons, case_no=case_no)


def withdraw_case(transfer: Transfer, *, actor, approver, ground: str, reasons: str,
                  now: datetime | None = None) -> Transfer:
    """撤销案件: the 民警's 撤销案件报告书 approved by a 县级以上公安机关负责人 (第一百八十七条第一款)."""
    now = now or timezone.now()
    return _decide(transfer, ProposalKind.WITHDRAW_CASE, actor=actor, approver=approver, now=now, ground=ground,
                   reasons=reasons)


def forward_transfer(transfer: Transfer, *, actor, approver, organ: str, notice: str,
                     now: datetime | None = None) -> Transfer:
    now = now or timezone.now()
    return _decide(transfer, ProposalKind.FORWARD, actor=actor, approver=approver, now=now, organ=organ, notice=notice)


def _forward(transfer: Transfer, *, actor, now: datetime, organ: str, notice: str, note: str) -> None:
    """Not this organ's case: forward to a named organ and tell the agency in writing (24小时)."""
    _move(transfer, S.FORWARDED, actor=actor, now=now, step=Step.FORWARD, note=f"转送{organ}：{notice}；{note}")
    transfer.forwarded_to = organ
    transfer.receipt_signed_at = transfer.receipt_signed_at or now
    transfer.receipt_signed_by = transfer.receipt_signed_by or actor
    clock.complete_deadlines(transfer, "POL_DECIDE", "POL_SIGN_RECEIPT", now=now, by=f"转送{organ}")
    target = Agency.objects.filter(kind=AgencyKind.POLICE, is_active=True, name=organ).exclude(
        pk=transfer.police_id).first()
    if target is not None:
        # 已转送 is not an end: the organ that has jurisdiction signs and decides within 3日 of receiving it.
        transfer.forwarded_from, transfer.police = transfer.police, target
        hand_to_police(transfer.case, target, reason=f"转送第{transfer.pk}号", now=now)
        _issue(transfer, "POL_DECIDE", holder=target, issuer=transfer.forwarded_from, now=now,
               start_event="有管辖权的机关接受转送的案件（签收回执）")
    transfer.save()
    clock.record_late_act("POL_FORWARD_JURISDICTION", subject=transfer, case=transfer.case,
                          holder_agency=transfer.police, start_event="收到移送案件", started_at=transfer.delivered_at,
                          now=now, by=f"转送{organ}并书面告知")
    render_document(transfer, DocumentKind.FORWARD_NOTICE, actor=actor, now=now)


def _move_filed(transfer: Transfer, *, actor, now: datetime, organ: str, merge: bool, reasons: str, note: str) -> None:
    """第一百八十四条: a filed case goes to the organ with jurisdiction or is merged; the agency that transferred it
    is told in writing within 三日 after the transfer (notify_moved)."""
    where = "并案侦查的公安机关" if merge else "有管辖权的机关"
    _move(transfer, S.MERGED if merge else S.MOVED, actor=actor, now=now, step=Step.MOVE,
          note=f"移送{where}{organ}：{reasons}；{note}")
    _end_investigation_clocks(transfer, now=now,
                              by=f"立案后移送{where}{organ}（《公安机关办理刑事案件程序规定》第一百八十四条）")
    clock.start_deadline("POL_NOTIFY_MOVED", subject=transfer, case=transfer.case, holder_agency=transfer.police,
                         start_event=f"移送{where}{organ}", started_at=now)


def _end_investigation_clocks(transfer: Transfer, *, now: datetime, by: str) -> int:
    """The case is no longer investigated by this police (撤销案件, or moved/merged to another organ): the clocks the
    police ran on it as an investigation stop, with the reason — the transfer's own, and those of the 立案监督 and
    逾期查询 on it (e.g. 监督立案后三个月内侦查终结). The agency's and the procuratorate's clocks are left alone."""
    from liangfa.supervision.models import DelayInquiry, Supervision

    closed = clock.cancel_deadlines(transfer, now=now, by=by, holder_agency=transfer.police)
    for subject in [*Supervision.objects.filter(transfer=transfer), *DelayInquiry.objects.filter(transfer=transfer)]:
        closed += clock.cancel_deadlines(subject, now=now, by=by, holder_agency=transfer.police)
    return closed


def moved_proposal(transfer: Transfer) -> PoliceProposal | None:
    return transfer.proposals.filter(kind=ProposalKind.MOVE, state=ProposalState.APPROVED).order_by("-id").first()


def _notice_given(transfer: Transfer, deadline, *, actor, now: datetime, by: str, step: str, told: str) -> None:
    """A written notice the police owe the agency is given: its clock completes, the timeline says when and how late."""
    late = f"（{deadline.lateness(now=now)}）" if deadline.due_at and now > deadline.due_at else ""
    clock.complete_deadlines(transfer, deadline.rule_id, now=now, by=by)
    _log(transfer, actor=actor, now=now, step=step, note=f"{deadline.start_event}，{told}{transfer.agency.name}{late}")


@transaction.atomic
def notify_moved(transfer: Transfer, *, actor, now: datetime | None = None) -> Transfer:
    """The written notice to the agency after 移送/并案 (第一百八十四条): issued on the platform, it answers the 三日."""
    now = now or timezone.now()
    transfer = _lock(transfer)
    require(may_act_as_police(actor, transfer), _denied(actor, "书面通知移送机关"))
    deadline = clock.open_deadline(transfer, "POL_NOTIFY_MOVED")
    proposal = moved_proposal(transfer)
    if deadline is None or proposal is None:
        raise DomainError("没有待书面通知移送机关的移送或并案（《公安机关办理刑事案件程序规定》第一百八十四条）")
    _notice_given(transfer, deadline, actor=actor, now=now, by="书面通知移送机关", step=Step.MOVED_NOTICE,
                  told="已书面通知")
    render_document(transfer, DocumentKind.MOVED_NOTICE, actor=actor, now=now,
                    extra={**proposal.data, "moved_at": proposal.decided_at})
    return transfer


@transaction.atomic
def notify_out_of_duty(transfer: Transfer, *, actor, organ: str, reasons: str, now: datetime | None = None) -> Transfer:
    """第一百八十条第三款: not within police duty — tell the agency in writing to send the case to the organ in charge,
    with reasons. The article sets no period: the 三日 from acceptance is local practice (POL_OUT_OF_DUTY_NOTICE).
    Nor does it name a 负责人's approval (unlike 第一百七十五条第一款 for another organ's 管辖, 第一百七十八条 for
    立案/不予立案, 第一百八十四条, 第一百八十七条): a 民警 of the receiving police gives the notice, no 呈请."""
    now = now or timezone.now()
    transfer = _lock(transfer)
    require(may_act_as_police(actor, transfer), _denied(actor, "书面通知移送机关"))
    if not organ.strip() or not reasons.strip():
        raise DomainError("须写明应当受理的其他主管机关，并说明理由（《公安机关办理刑事案件程序规定》第一百八十条第三款）")
    _move(transfer, S.OUT_OF_DUTY, actor=actor, now=now, step=Step.OUT_OF_DUTY,
          note=f"应向{organ.strip()}移送：{reasons.strip()}")
    transfer.decision_at = now
    transfer.materials_returned_at = now
    transfer.save()
    release_from_police(transfer.case, transfer.police, now=now)
    clock.complete_deadlines(transfer, "POL_DECIDE", now=now, by="认定不属于公安机关职责范围")
    clock.cancel_deadlines(transfer, "AGY_MATERIALS_CURE", now=now, by="不属于公安机关职责范围")
    clock.record_late_act("POL_OUT_OF_DUTY_NOTICE", subject=transfer, case=transfer.case, holder_agency=transfer.police,
                          start_event="公安机关接受移送案件（签收回执）", started_at=transfer.receipt_signed_at or now,
                          now=now, by="书面通知移送机关向其他主管机关移送")
    render_document(transfer, DocumentKind.OUT_OF_DUTY_NOTICE, actor=actor, now=now,
                    extra={"organ": organ.strip(), "reasons": reasons.strip()})
    return transfer


def _file(transfer: Transfer, *, actor, now: datetime, case_no: str, note: str) -> None:
    _move(transfer, S.FILED, actor=actor, now=now, step=Step.FILE, note=f"刑事案件编号 {case_no}；{note}")
    transfer.criminal_case_no = case_no
    transfer.decision_at = now
    transfer.save()
    _after_filing(transfer, actor=actor, now=now)
    render_document(transfer, DocumentKind.FILING_NOTICE, actor=actor, now=now)
    clock.complete_deadlines(transfer, "POL_DECIDE", now=now, by="立案")


def _not_file(transfer: Transfer, *, actor, now: datetime, reason: str, detail: str, note: str) -> None:
    _move(transfer, S.NOT_FILED, actor=actor, now=now, step=Step.NOT_FILE,
          note=f"{NonFilingReason(reason).label}：{detail}；{note}")
    transfer.non_filing_reason, transfer.non_filing_detail = reason, detail
    transfer.materials_returned_at = now
    transfer.decision_at = now
    transfer.save()
    # The file is back with the agency: it deals with the case and may fine (R310 第十条); the fine
    # already paid stays recorded for a later 罚金 (fine_offset).
    release_from_police(transfer.case, transfer.police, now=now)
    _issue(transfer, "AGY_RECONSIDER_REQUEST", holder=transfer.agency, issuer=transfer.police, now=now,
           start_event="收到不予立案通知书")
    render_document(transfer, DocumentKind.NON_FILING_NOTICE, actor=actor, now=now)
    clock.complete_deadlines(transfer, "POL_DECIDE", now=now, by="不予立案")


def _after_filing(transfer: Transfer, *, actor, now: datetime) -> None:
    _issue(transfer, "AGY_HANDOVER", holder=transfer.agency, issuer=transfer.police, now=now,
           start_event="收到立案通知书")


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
    _issue(transfer, "POL_RECONSIDER_DECIDE", holder=transfer.police, issuer=transfer.agency, now=now,
           start_event="收到提请复议的文件")
    render_document(transfer, DocumentKind.RECONSIDERATION_REQUEST, actor=actor, now=now, extra={"grounds": grounds})
    return transfer


def _reconsideration(transfer: Transfer, *, actor, now: datetime, file: bool, reasons: str, case_no: str,
                     note: str) -> None:
    if file:
        _move(transfer, S.FILED, actor=actor, now=now, step=Step.RECONSIDER_FILE,
              note=f"{reasons}；刑事案件编号 {case_no}；{note}")
        transfer.criminal_case_no = case_no
        # Taken up again: no new fine meanwhile; a fine imposed after 不予立案 is set against a 罚金 too.
        return_to_police(transfer.case, transfer.police, now=now)
        transfer.fine_offset = transfer.case.fine_amount
        _after_filing(transfer, actor=actor, now=now)
    else:
        _move(transfer, S.UPHELD, actor=actor, now=now, step=Step.RECONSIDER_UPHOLD, note=f"{reasons}；{note}")
        _issue(transfer, "AGY_SUPERVISION_REQUEST", holder=transfer.agency, issuer=transfer.police, now=now,
               start_event="收到复议决定通知书")
    transfer.decision_at = now
    transfer.save()
    clock.complete_deadlines(transfer, "POL_RECONSIDER_DECIDE", now=now, by="复议决定")
    render_document(transfer, DocumentKind.RECONSIDERATION_DECISION, actor=actor, now=now,
                    extra={"reasons": reasons, "file": file})


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

def handover_owed(transfer: Transfer) -> bool:
    """Something left to hand over after 立案 (R310 第十二条): an item not yet handed over, or the 三日 still running
    (the other materials of the case, where no item was seized)."""
    if transfer.status not in HANDOVER_FROM:
        return False
    return transfer.items.filter(handed_over_at__isnull=True).exists() or \
        clock.open_deadlines(transfer, "AGY_HANDOVER").exists() or clock.unserved_deadline(transfer, "AGY_HANDOVER") is not None


@transaction.atomic
def hand_over_items(transfer: Transfer, *, actor, receiver: str, now: datetime | None = None) -> Transfer:
    now = now or timezone.now()
    transfer = _lock(transfer)
    require(may_handle_transfer(actor, transfer), _denied(actor, "移交涉案物品"))
    if transfer.status == S.CASE_WITHDRAWN:
        raise DomainError("公安机关已撤销案件，涉案物品不再移交（《公安机关办理刑事案件程序规定》第一百八十七条第三款）")
    if transfer.status not in HANDOVER_FROM:
        raise DomainError("公安机关立案后才移交涉案物品")
    if not handover_owed(transfer):
        done = transfer.items.exclude(handed_over_at__isnull=True).order_by("-handed_over_at").first()
        raise DomainError("涉案物品已经移交" + (f"（{timezone.localtime(done.handed_over_at):%Y-%m-%d %H:%M}，"
                                              f"接收人{done.handover_receiver}）" if done else "") + "，无需再次移交")
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
            else "判决由受理起诉的人民法院审判人员登记" if recorder == "court"
            else f"{CriminalStage(stage).label}由人民检察院登记")
    if stage == CriminalStage.CASE_WITHDRAWN:
        raise DomainError("撤销案件须由办案部门制作撤销案件报告书，报县级以上公安机关负责人批准：请“呈请撤销案件”"
                          "（《公安机关办理刑事案件程序规定》第一百八十七条第一款）")
    if transfer.status != S.FILED:
        raise DomainError(f"移送当前为“{transfer.get_status_display()}”，不能登记刑事诉讼阶段（立案后、由本机关侦查的案件方可登记）")
    if stage == CriminalStage.PROSECUTION_REVIEW and transfer.stages.filter(stage=stage).exists():
        raise DomainError("本案已登记移送审查起诉，侦查已经终结（《公安机关办理刑事案件程序规定》第二百八十九条）")
    record = CriminalStageRecord.objects.create(transfer=transfer, stage=stage, date=day, document_no=document_no,
                                                note=note, recorded_by=actor, recorded_at=now)
    _log(transfer, actor=actor, now=now, step=f"stage_{stage}", note=" ".join(x for x in (str(day), document_no, note) if x))
    return record


def _withdraw_case(transfer: Transfer, *, actor, now: datetime, data: dict, note: str, proposer=None) -> None:
    """撤销案件 (第一百八十六条), decided when the 负责人 approves the 撤销案件报告书 (第一百八十七条第一款): the
    撤销案件决定书 is made now and takes its number from the police's 撤字 sequence; the 三日 to tell the agency that
    transferred the case (第一百八十九条第一款) run from this decision, not from the proposal."""
    ground = WithdrawalGround(data["ground"]).label
    reasons = f"{ground}：{data['reasons']}"
    decision = render_document(transfer, DocumentKind.WITHDRAWAL_DECISION, actor=actor, now=now, extra={
        "ground": ground, "reasons": data["reasons"], "approver": actor.display_name,
        "proposer": proposer.display_name if proposer else ""})
    document_no = decision.doc_no
    _move(transfer, S.CASE_WITHDRAWN, actor=actor, now=now, step=Step.CASE_WITHDRAWN,
          note=" ".join(x for x in (str(timezone.localdate(now)), document_no, reasons) if x) + f"；{note}")
    CriminalStageRecord.objects.create(transfer=transfer, stage=CriminalStage.CASE_WITHDRAWN, date=timezone.localdate(now),
                                       document_no=document_no, note=reasons, recorded_by=actor, recorded_at=now)
    # the seized items are released or returned, not handed over (第一百八十七条第三款)
    clock.cancel_deadlines(transfer, "AGY_HANDOVER", now=now, by="公安机关撤销案件")
    # no 侦查 left to conclude: the police's clocks on it stop (e.g. 监督立案后三个月内侦查终结)
    _end_investigation_clocks(transfer, now=now,
                              by=f"公安机关撤销案件（{document_no}，《公安机关办理刑事案件程序规定》第一百八十六条）")
    # no longer handled as a criminal case: “需要行政处理的，依法予以处理或者移交有关部门” (第一百八十七条第二款)
    release_from_police(transfer.case, transfer.police, now=now)
    clock.start_deadline("POL_NOTIFY_WITHDRAWN", subject=transfer, case=transfer.case, holder_agency=transfer.police,
                         start_event=f"作出撤销案件决定（{document_no}）", started_at=now)


@transaction.atomic
def notify_withdrawn(transfer: Transfer, *, actor, now: datetime | None = None) -> Transfer:
    """The 撤销案件告知书 to the agency that transferred the case (《公安机关办理刑事案件程序规定》第一百八十九条第一款):
    issued on the platform, it answers the 三日 from the 撤销案件决定."""
    now = now or timezone.now()
    transfer = _lock(transfer)
    require(may_act_as_police(actor, transfer), _denied(actor, "告知移送机关撤销案件"))
    deadline = clock.open_deadline(transfer, "POL_NOTIFY_WITHDRAWN")
    record = transfer.stages.filter(stage=CriminalStage.CASE_WITHDRAWN).order_by("-date", "-id").first()
    if deadline is None or record is None:
        raise DomainError("没有待告知移送机关的撤销案件决定（《公安机关办理刑事案件程序规定》第一百八十九条第一款）")
    _notice_given(transfer, deadline, actor=actor, now=now, by="制作撤销案件告知书，告知移送机关",
                  step=Step.WITHDRAWN_NOTICE, told="已告知")
    render_document(transfer, DocumentKind.WITHDRAWN_NOTICE, actor=actor, now=now,
                    extra={"decided_on": record.date, "decision_no": record.document_no, "reasons": record.note})
    return transfer


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
    transfer.criminal_case_no = decision_no.strip()[:100]  # the 立案决定书's number: the 立案通知书 and later notices cite it
    _log(transfer, actor=actor, now=now, step=Step.FILE_ON_NOTICE, note=f"刑事案件编号 {transfer.criminal_case_no}",
         from_status=old, to_status=S.FILED)
    clock.cancel_deadlines(transfer, "POL_DECIDE", "AGY_RECONSIDER_REQUEST", "POL_RECONSIDER_DECIDE",
                           "AGY_SUPERVISION_REQUEST", now=now, by="根据通知立案书立案")
    _after_filing(transfer, actor=actor, now=now)
    render_document(transfer, DocumentKind.FILING_NOTICE, actor=actor, now=now)
    return transfer
