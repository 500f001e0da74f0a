from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from liangfa.agencies.choices import AgencyKind, DepartmentKind, Role
from liangfa.agencies.models import Agency, Department, User
from liangfa.agencies.permissions import (
    acts_for,
    is_admin,
    is_chief_prosecutor,
    is_prosecutor,
    may_act_as_police,
    may_approve_police_decision,
    may_approve_transfer,
    may_draft_transfer,
    may_handle_transfer,
    may_propose_police_decision,
    may_reassign_department,
    may_send_reverse,
    member_of,
    of_kind,
)
from liangfa.cases.services import get_case_for_user
from liangfa.clock.choices import DeadlineState, ServiceMethod
from liangfa.clock.rules import get_rule
from liangfa.clock.services import deadlines_for, unserved_deadline
from liangfa.clock.subjects import with_reply_deadline
from liangfa.core.downloads import stored_file
from liangfa.core.errors import DomainError
from liangfa.core.http import id_param
from liangfa.core.receipts import Read, record_reads
from liangfa.transfers import reverse as reverse_services
from liangfa.transfers import services
from liangfa.transfers.actions import _moment, done_message, run_action
from liangfa.transfers.choices import (
    EVIDENCE_OPEN,
    POLICE_REVERSE_BASIS,
    PROPOSAL_BASIS,
    REASSIGNABLE,
    CannotRecollectReason,
    CriminalStage,
    DocumentKind,
    EvidenceKind,
    NonFilingReason,
    NonProsecutionKind,
    ProposalKind,
    ReverseSource,
    TransferStatus,
    WithdrawalGround,
)
from liangfa.transfers.documents import download_name
from liangfa.transfers.models import RoutingRule, TransferDocument
from liangfa.transfers.package import agreed_evidence_missing, supplement_list


@login_required
def transfer_list(request):
    transfers = services.visible_transfers(request.user)
    status = request.GET.get("status", "")
    if status:
        transfers = transfers.filter(status=status)
    if request.GET.get("mine"):  # a police officer's department's own (the 管辖 table on 受理, or reassigned)
        transfers = transfers.filter(police_id=request.user.agency_id).filter(services.department_filter(request.user))
    if request.GET.get("proposal") == "pending":  # 呈请 waiting for the police 负责人
        transfers = transfers.filter(proposals__state="pending").distinct()
    if request.GET.get("notice") in services.NOTICES_OWED:  # a written notice to the agency not yet given
        transfers = services.owing_notice(transfers.filter(police_id=request.user.agency_id), request.GET["notice"])
    caption = ""
    if request.GET.get("department") == "none":  # 受理 without a 承办部门, for the 负责人 to name one
        transfers = services.awaiting_department(transfers.filter(police_id=request.user.agency_id))
        caption = services.AWAITING_DEPARTMENT
    register = of_kind(request.user, AgencyKind.PROCURATORATE)
    transfers = list(transfers[:500])
    # the 备案 register and the police's received list name other organs' cases: receipted to each owner
    record_reads(request.user, [Read(t.agency_id, "transfers.transfer", str(t.pk), t.case.decision_no)
                                for t in transfers], what="移送案件列表", via="页面")
    return render(request, "transfers/list.html", {
        "transfers": transfers, "statuses": TransferStatus.choices, "status": status, "register": register,
        "caption": caption,
    })


@login_required
def transfer_new(request, case_id: int):
    case = get_case_for_user(request.user, case_id)
    if not may_draft_transfer(request.user, case):
        # 发起移送 is the case's own organ's form (R310 第五条): no one else sees the case through it
        raise HttpForbidden("只有案件所属机关的执法人员可以发起移送")
    officers = [u for u in User.objects.filter(agency_id=case.agency_id, is_active=True)
                if member_of(u, case.agency_id, (Role.OFFICER,))]
    police = Agency.objects.filter(kind=AgencyKind.POLICE, is_active=True)
    existing = services.open_transfer_of(case)
    posted, status = {}, 200
    clues = list(case.clues.exclude(status="dismissed").order_by("-id"))
    clue = next((c for c in clues if str(c.pk) == (request.POST.get("clue") or request.GET.get("clue", ""))), None)
    # reached from /clues/network/ after 转为线索: the network clue naming this case is the platform's clue for it
    network = None if clue else _network_clue(request.user, case, request.POST.get("network_clue")
                                                or request.GET.get("network_clue", ""),
                                                request.POST.get("suspected_crime") or request.GET.get("crime", ""))
    if request.method == "POST" and existing is None:
        try:
            team = [u for u in officers if str(u.pk) in request.POST.getlist("team")]
            chosen = police.filter(pk=id_param(request.POST.get("police"))).first()
            department = Department.objects.filter(pk=id_param(request.POST.get("department")),
                                                   agency__kind=AgencyKind.POLICE).first()
            transfer = services.draft_transfer(
                case, actor=request.user, team=team, suspected_crime=request.POST.get("suspected_crime", ""),
                report=request.POST.get("report", ""), police=chosen, department=department,
                ip_reasonable_suspicion=bool(request.POST.get("ip_reasonable_suspicion")), clue=clue,
                network_clue=network, no_clue_reason=request.POST.get("no_clue_reason", ""))
            messages.success(request, "已成立专案组并起草移送报告")
            return redirect("transfer_detail", pk=transfer.pk)
        except DomainError as exc:
            messages.error(request, str(exc))
            posted, status = request.POST, 400  # what was typed stays in the form
    departments = Department.objects.filter(agency__kind=AgencyKind.POLICE).select_related("agency")
    return render(request, "transfers/new.html", {"case": case, "officers": officers, "police": police,
                                                   "departments": departments,
                                                   "crime": clue.crime_name if clue else request.GET.get("crime", ""),
                                                   "existing": existing, "clue": clue, "clues": clues,
                                                   "clue_report": _clue_report(case, clue) or
                                                   _network_clue_report(case, network),
                                                   "network": network,
                                                   "posted": posted, "team": posted.getlist("team") if posted else []},
                  status=status)


# Steps that cannot be taken back: the page asks the person to confirm them (a ticked box, checked here).
CONFIRMED = {"approve_decision": "请勾选确认：负责人批准后决定即生效，不能撤回",
             "refuse": "请勾选确认：不批准移送的决定作出后不能撤回"}


def _network_clue(user, case, pk: str, crime: str):
    """The converted network clue naming this case that this person may see: the one asked for, else the one for
    the crime (services.network_clue_for)."""
    from liangfa.screening.choices import NetworkClueStatus
    from liangfa.screening.models import NetworkClue
    from liangfa.screening.networks import visible_network_clues

    converted = NetworkClue.objects.filter(status=NetworkClueStatus.CONVERTED)
    found = services.network_clue_for(case, crime) if not str(pk).isdigit() else converted.filter(pk=int(pk)).first()
    if found is None or case.pk not in found.case_ids:
        return None
    return next(iter(visible_network_clues(user, converted.filter(pk=found.pk))), None)


def _network_clue_report(case, clue) -> str:
    """The report's first lines from a 关联当事人合计 clue: this case's figure, the combined one, each case and what
    joins the parties (the basis a person accepted when turning it into a clue)."""
    if clue is None:
        return ""
    from liangfa.core.amounts import format_amount
    from liangfa.screening.rules import as_decimal

    own = next((row for row in clue.cases if row["case_id"] == case.pk), None)
    rows = "；".join(f"{row['decision_no']}（{row['party']}，{row['agency']}）{format_amount(as_decimal(row['value']), clue.unit)}"
                    for row in clue.cases)
    others = "、".join(p["name"] for p in clue.parties if p["name"] != case.party_name)
    lines = [
        f"经查，{case.party_name}{case.violation_type}" + (
            f"，本案{clue.metric_cn}{format_amount(as_decimal(own['value']), clue.unit)}" if own else "") + "。",
        f"平台关联当事人合计线索（第{clue.pk}号）：{case.party_name}与{others}因{'、'.join(clue.evidence)}相关联，"
        f"各案{clue.metric_cn}合计{format_amount(clue.total, clue.unit)}（标准{format_amount(clue.threshold, clue.unit)}），"
        f"达到{clue.standard}规定的立案追诉标准，涉嫌{clue.crime_name}（{clue.article}）。",
        f"各案：{rows}。",
    ]
    if clue.decided_reason:
        lines.append(f"经{clue.decided_by.display_name if clue.decided_by else ''}核查转为线索：{clue.decided_reason}")
    return "\n".join(lines)


def _clue_report(case, clue) -> str:
    """The report's first lines, from the clue: what the platform found and by which standard."""
    if clue is None:
        return ""
    found = f"{clue.metric_cn}{clue.value:,.2f}{clue.unit}（标准{clue.threshold:,.2f}{clue.unit}）" if clue.metric_cn and \
        clue.value is not None and clue.threshold is not None else ""
    return (f"经查，{case.party_name}{case.violation_type}，{found}，达到{clue.standard}规定的立案追诉标准，"
            f"涉嫌{clue.crime_name}（{clue.article}）。").replace("，，", "，")


@login_required
def transfer_detail(request, pk: int):
    transfer = services.get_transfer_for_user(request.user, pk)
    return _detail(request, transfer)


def _detail(request, transfer, *, posted=None, failed: str = "", status: int = 200):
    user = request.user
    record_reads(user, [Read(transfer.agency_id, "transfers.transfer", str(transfer.pk), transfer.case.decision_no)],
                 what="移送案件", via="页面")
    proposal = services.pending_proposal(transfer)
    deadlines = list(deadlines_for(transfer))
    unserved = [d for d in deadlines if d.state == DeadlineState.UNSERVED]
    return render(request, "transfers/detail.html", {
        "t": transfer, "deadlines": deadlines, "events": transfer.events.all(),
        "to_sign": [d for d in unserved if acts_for(user, d.holder_agency)],
        "awaiting": [d for d in unserved if user.agency_id and d.issuer_agency_id == user.agency_id],
        "service_methods": [m for m in ServiceMethod.choices if m[0] != ServiceMethod.PLATFORM],
        "documents": transfer.documents.all(), "items": transfer.items.select_related("test_document"),
        "evidence": transfer.evidence.all(), "supplement": supplement_list(transfer),
        "stages": transfer.stages.all(), "reverses": reverse_services.visible_reverse(request.user).filter(
            transfer=transfer), **reverse_services.reverse_offer(request.user, transfer),
        "notices": transfer.materials_notices.all(), "missing": services.missing_for_delivery(transfer),
        "agreed_missing": agreed_evidence_missing(transfer),
        "test_reports": transfer.documents.filter(kind=DocumentKind.TEST_REPORT),
        "is_agency": may_handle_transfer(user, transfer), "is_police": may_act_as_police(user, transfer),
        "is_head": may_approve_transfer(user, transfer), "is_prosecutor": is_prosecutor(user),
        "proposes": may_propose_police_decision(user, transfer),
        "police_head": may_approve_police_decision(user, transfer),
        "reassigns": may_reassign_department(user, transfer) and transfer.status in REASSIGNABLE,
        "police_departments": transfer.police.departments.all(),
        "proposal": proposal, "proposal_basis": PROPOSAL_BASIS.get(proposal.kind, "") if proposal else "",
        "principal": transfer.agency.principal,
        "doc_kinds": DocumentKind.choices, "evidence_kinds": EvidenceKind.choices,
        "non_filing_reasons": NonFilingReason.choices, "stages_choices": CriminalStage.choices,
        "cannot_reasons": CannotRecollectReason.choices, "S": TransferStatus,
        "curing": transfer.materials_notices.filter(cured_at__isnull=True).exists(),
        # 第一百八十四条: moved or merged after 立案, the written notice to the agency is due within 三日
        "moving": next((d for d in deadlines if d.rule_id == "POL_NOTIFY_MOVED" and d.state == DeadlineState.OPEN), None),
        "moved": any(d.rule_id == "POL_NOTIFY_MOVED" for d in deadlines),
        "out_of_duty_rule": get_rule("POL_OUT_OF_DUTY_NOTICE"), "move_rule": get_rule("POL_NOTIFY_MOVED"),
        # 第一百八十九条第一款: after 撤销案件 the agency that transferred the case is told within 三日
        "withdrawing": next((d for d in deadlines if d.rule_id == "POL_NOTIFY_WITHDRAWN"
                             and d.state == DeadlineState.OPEN), None),
        "withdrawn_rule": get_rule("POL_NOTIFY_WITHDRAWN"),
        "withdrawal_grounds": WithdrawalGround.choices, "withdraw_basis": PROPOSAL_BASIS[ProposalKind.WITHDRAW_CASE],
        "hands_over": services.handover_owed(transfer),
        "evidence_open": transfer.status in EVIDENCE_OPEN,
        # 撤销案件 and 立案后移送 are steps of the 侦查 (第一百八十四条、第一百八十六条): not offered once it ended
        "investigation_over": services.investigation_over(transfer),
        "posted": posted or {}, "failed": failed,
    }, status=status)


@login_required
@require_POST
def transfer_act(request, pk: int, action: str):
    transfer = services.get_transfer_for_user(request.user, pk)
    data = {key: request.POST.get(key) for key in request.POST}
    data["corroborating"] = request.POST.getlist("corroborating")
    if "upload" in request.FILES:
        data["upload"] = request.FILES["upload"]
    try:
        if action in CONFIRMED and not request.POST.get("confirmed"):
            raise DomainError(CONFIRMED[action])
        run_action(action, transfer, request.user, data)
        messages.success(request, done_message(action))
    except DomainError as exc:
        # What was typed stays in the form, beside the error (nothing was changed).
        messages.error(request, str(exc))
        transfer = services.get_transfer_for_user(request.user, pk)
        posted = {key: value for key, value in data.items() if isinstance(value, str)}
        return _detail(request, transfer, posted=posted, failed=action, status=400)
    except (KeyError, ObjectDoesNotExist, ValueError):
        messages.error(request, "提交的内容不完整或有误，请检查后重试")
    return redirect("transfer_detail", pk=transfer.pk)


@login_required
def transfer_document(request, pk: int, doc_id: int):
    transfer = services.get_transfer_for_user(request.user, pk)
    doc = get_object_or_404(TransferDocument, transfer=transfer, pk=doc_id)
    record_reads(request.user, [Read(transfer.agency_id, "transfers.transferdocument", str(doc.pk),
                                     f"{transfer.case.decision_no} {doc.title}")], what="移送材料", via="下载")
    return stored_file(request, doc.file, owner_agency_id=transfer.agency_id, name=download_name(doc))


@login_required
def reverse_list(request):
    # the reply period as it runs: 待送达 until the agency signs, then its due date (not the default's words)
    items = with_reply_deadline(reverse_services.visible_reverse(request.user)[:300], ["AGY_REVERSE_REPLY"])
    can_send = request.user.agency_id is not None and may_send_reverse(request.user, request.user.agency.kind)
    return render(request, "transfers/reverse_list.html", {"items": items, "can_send": can_send})


@login_required
def reverse_new(request):
    agencies = Agency.objects.filter(kind=AgencyKind.ADMINISTRATIVE, is_active=True)
    source = (ReverseSource.NON_PROSECUTION if request.user.agency and request.user.agency.kind == AgencyKind.PROCURATORATE
              else ReverseSource.POLICE_NO_CRIME)
    prefill = {}
    if (request.GET.get("transfer") or "").isdigit() and request.method == "GET":
        prefill = reverse_services.prefill(services.get_transfer_for_user(request.user, int(request.GET["transfer"])))
    if request.method == "POST":
        try:
            transfer = None
            if request.POST.get("transfer"):
                transfer = services.get_transfer_for_user(request.user, int(request.POST["transfer"]))
            from datetime import date

            due = request.POST.get("reply_due")
            to_agency = agencies.filter(pk=id_param(request.POST.get("to_agency"))).first()
            if to_agency is None:  # the form starts on 请选择 unless it came from a transfer
                raise DomainError("请选择接收的行政执法机关")
            reverse = reverse_services.send_reverse(
                actor=request.user, source=source, to_agency=to_agency,
                party_name=request.POST.get("party_name", ""), summary=request.POST.get("summary", ""),
                document_no=request.POST.get("document_no", ""), transfer=transfer,
                reply_due=date.fromisoformat(due) if due else None,
                non_prosecution_no=request.POST.get("non_prosecution_no", ""),
                non_prosecution_kind=request.POST.get("non_prosecution_kind", ""))
            messages.success(request, "已提请检察长批准" if reverse.status == "draft" else "已呈请县级以上公安机关负责人批准")
            return redirect("reverse_detail", pk=reverse.pk)
        except (DomainError, ValueError, Http404) as exc:
            messages.error(request, str(exc) or "提交的内容有误")
    return render(request, "transfers/reverse_new.html", {
        "agencies": agencies, "source": ReverseSource(source), "kinds": NonProsecutionKind.choices,
        "transfer": request.GET.get("transfer", ""), "posted": request.POST or prefill, "police_basis": POLICE_REVERSE_BASIS})


@login_required
def reverse_detail(request, pk: int):
    reverse = get_object_or_404(reverse_services.visible_reverse(request.user), pk=pk)
    if request.method == "POST":
        try:
            if "approve" in request.POST:
                if reverse.source == ReverseSource.POLICE_NO_CRIME and not request.POST.get("confirmed"):
                    raise DomainError("请勾选确认：负责人批准后即移送行政执法机关，不能撤回")
                reverse_services.approve_reverse(reverse, actor=request.user)
                messages.success(request, "已批准，检察意见书随不起诉决定书移送" if reverse.source == ReverseSource.NON_PROSECUTION
                                 else "已批准，移送行政执法机关处理")
                return redirect("reverse_detail", pk=reverse.pk)
            if "receive" in request.POST:
                reverse_services.receive_reverse(reverse, actor=request.user, how=request.POST.get("how") or "platform",
                                                 received_at=_moment(request.POST.get("received_at")))
                messages.success(request, "已登记收到")
                return redirect("reverse_detail", pk=reverse.pk)
            if "return" in request.POST:
                reverse_services.return_reverse(reverse, actor=request.user, reason=request.POST.get("reason", ""))
                messages.success(request, "已退回呈请")
                return redirect("reverse_detail", pk=reverse.pk)
            reverse_services.reply_reverse(reverse, actor=request.user, result=request.POST.get("result", ""),
                                           decision_no=request.POST.get("decision_no", ""))
            messages.success(request, "已回复处理结果")
            return redirect("reverse_detail", pk=reverse.pk)
        except DomainError as exc:
            messages.error(request, str(exc))
    return render(request, "transfers/reverse_detail.html", {
        "r": reverse, "deadlines": deadlines_for(reverse), "can_reply": request.user.agency_id == reverse.to_agency_id,
        "is_chief": is_chief_prosecutor(request.user, reverse.from_agency_id),
        "police_head": reverse_services.is_police_head(request.user, reverse), "police_basis": POLICE_REVERSE_BASIS,
        "unserved": unserved_deadline(reverse, "AGY_REVERSE_REPLY"),
        "is_sender": request.user.agency_id == reverse.from_agency_id,
        "service_methods": [m for m in ServiceMethod.choices if m[0] != ServiceMethod.PLATFORM],
        "reply_rule": get_rule("AGY_REVERSE_REPLY")})


@login_required
def routing(request):
    """建议承办部门 by crime: reference data that 管理员 maintains."""
    if not is_admin(request.user):
        raise HttpForbidden("只有管理员可以维护承办部门参考表")
    if request.method == "POST":
        rule = get_object_or_404(RoutingRule, pk=id_param(request.POST.get("rule")))
        try:
            services.set_routing(rule, actor=request.user, department_kind=request.POST.get("department_kind", ""))
            messages.success(request, f"已更新：{rule.crime_name}")
        except DomainError as exc:
            messages.error(request, str(exc))
        return redirect("transfer_routing")
    return render(request, "transfers/routing.html", {"rules": RoutingRule.objects.all(), "kinds": DepartmentKind.choices})
