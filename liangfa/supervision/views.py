from datetime import date, datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from liangfa.agencies.choices import AgencyKind
from liangfa.agencies.models import Agency
from liangfa.agencies.permissions import (
    is_chief_prosecutor,
    is_prosecutor,
    may_answer_supervision,
    may_reply_opinion,
)
from liangfa.cases.services import get_case_for_user
from liangfa.clock.choices import ServiceMethod
from liangfa.clock.rules import get_rule, period
from liangfa.clock.services import deadlines_for, unserved_deadline
from liangfa.clock.subjects import mark_overdue, with_reply_deadline
from liangfa.core.downloads import stored_file
from liangfa.core.errors import DomainError
from liangfa.core.http import id_param
from liangfa.screening.services import visible_clues
from liangfa.supervision import services
from liangfa.supervision.choices import OpinionKind, OpinionStatus, ReplyResult, SupervisionStatus
from liangfa.supervision.models import DelayInquiry, SupervisionDocument
from liangfa.transfers.services import get_transfer_for_user

REPLY_RULES = ("AGY_OPINION_REPLY", "AGY_RECOMMENDATION_REPLY")  # services.reply_rule's two


@login_required
def index(request):
    user = request.user
    now = timezone.now()  # each list says 逾期 where a period ran out (clock deadlines, one query each)
    return render(request, "supervision/index.html", {
        "supervisions": mark_overdue(services.visible_supervisions(user)[:300], now),
        "opinions": with_reply_deadline(mark_overdue(services.visible_opinions(user)[:300], now), REPLY_RULES),
        "inquiries": mark_overdue(services.visible_inquiries(user)[:100], now), "is_prosecutor": is_prosecutor(user),
    })


@login_required
def new(request):
    if not is_prosecutor(request.user):
        raise HttpForbidden("只有检察官可以发起立案监督")
    police = Agency.objects.filter(kind=AgencyKind.POLICE)
    if request.method == "POST":
        try:
            transfer = None
            if request.POST.get("transfer"):
                transfer = get_transfer_for_user(request.user, int(request.POST["transfer"]))
            sup = services.request_reasons(actor=request.user, police=get_object_or_404(police, pk=id_param(request.POST.get("police"))),
                                           subject=request.POST.get("subject", ""), grounds=request.POST.get("grounds", ""),
                                           transfer=transfer)
            messages.success(request, "已发出要求说明不立案理由通知书")
            return redirect("supervision_detail", pk=sup.pk)
        except services.DuplicateSupervision as exc:
            messages.error(request, str(exc))
            return redirect("supervision_detail", pk=exc.existing.pk)
        except (DomainError, ValueError, Http404) as exc:
            messages.error(request, str(exc) or "提交的内容有误")
    transfer_id = request.GET.get("transfer", "")
    existing = None
    if transfer_id.isdigit():  # the transfer is already under supervision: link the open one instead of a form
        existing = services.open_supervision(int(transfer_id))
    return render(request, "supervision/new.html", {"police": police, "transfer": transfer_id, "existing": existing})


def _received(post):
    """The date of paper service typed by either side (送达回证); empty means signed in the platform now."""
    value = (post.get("received_at") or "").strip()
    if not value:
        return None
    try:
        return timezone.make_aware(datetime.fromisoformat(value))
    except ValueError:
        raise DomainError(f"送达时间“{value}”不是有效的日期时间（例如 2026-11-20 09:30）") from None


ACTIONS = {
    "answer": lambda s, u, p: services.answer_reasons(s, actor=u, reasons=p.get("reasons", "")),
    "accept": lambda s, u, p: services.accept_reasons(s, actor=u),
    "serve": lambda s, u, p: services.record_service(s, actor=u, received_at=_received(p), how=p.get("how") or "platform"),
    "objection": lambda s, u, p: services.issue_objection(s, actor=u),
    "propose": lambda s, u, p: services.propose_filing(s, actor=u, assessment=p.get("assessment", "")),
    "approve": lambda s, u, p: services.approve_filing(s, actor=u),
    "refuse": lambda s, u, p: services.refuse_filing(s, actor=u, reason=p.get("reason", "")),
    "file": lambda s, u, p: services.record_filing(s, actor=u, decision_no=p.get("decision_no", "")),
    "correction": lambda s, u, p: services.issue_correction(s, actor=u),
    "urge": lambda s, u, p: services.issue_urge(s, actor=u),
    "conclude": lambda s, u, p: services.conclude(s, actor=u, note=p.get("note", "")),
}


@login_required
def detail(request, pk: int):
    sup = get_object_or_404(services.visible_supervisions(request.user), pk=pk)
    return render(request, "supervision/detail.html", {
        "s": sup, "deadlines": deadlines_for(sup), "events": sup.events.all(), "documents": sup.documents.all(),
        "is_prosecutor": is_prosecutor(request.user), "is_police": may_answer_supervision(request.user, sup),
        "may_correct": services.may_issue_correction(sup), "may_urge": services.may_issue_urge(sup),
        "may_object": services.may_object(sup), "reasons_overdue": services.reasons_overdue(sup),
        "is_chief": is_chief_prosecutor(request.user, sup.procuratorate_id),
        "unserved": sup.status in services.SERVED_NOTICE and any(d.state == "unserved" for d in deadlines_for(sup)),
        "may_serve": request.user.agency_id in (sup.police_id, sup.procuratorate_id),
        "service_methods": ServiceMethod.choices, "SS": SupervisionStatus,
        # the periods the flags name come from the rule data, not typed here
        "file_rule": get_rule("POL_FILE_ON_NOTICE"), "conclude_rule": get_rule("POL_SUPERVISED_CONCLUDE"),
    })


@login_required
@require_POST
def act(request, pk: int, action: str):
    sup = get_object_or_404(services.visible_supervisions(request.user), pk=pk)
    if action not in ACTIONS:
        raise Http404
    try:
        ACTIONS[action](sup, request.user, request.POST)
        messages.success(request, "已办理")
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect("supervision_detail", pk=sup.pk)


@login_required
def document(request, doc_id: int):
    doc = get_object_or_404(SupervisionDocument, pk=doc_id)
    visible = (doc.supervision_id and services.visible_supervisions(request.user).filter(pk=doc.supervision_id).exists()) or (
        doc.opinion_id and services.visible_opinions(request.user).filter(pk=doc.opinion_id).exists())
    if not visible:
        raise Http404
    return stored_file(request, doc.file, name=doc.download_name)


@login_required
def opinion_new(request):
    if not is_prosecutor(request.user):
        raise HttpForbidden("只有检察官可以制发检察意见、检察建议")
    agencies = Agency.objects.filter(kind=AgencyKind.ADMINISTRATIVE)
    if request.method == "POST":
        try:
            case = get_case_for_user(request.user, int(request.POST["case"])) if request.POST.get("case") else None
            clue = None
            if request.POST.get("clue"):
                clue = get_object_or_404(visible_clues(request.user), pk=int(request.POST["clue"]))
            due = request.POST.get("reply_due")
            opinion = services.issue_opinion(
                actor=request.user, kind=request.POST.get("kind", ""), content=request.POST.get("content", ""),
                agency=get_object_or_404(agencies, pk=id_param(request.POST.get("agency"))), case=case, clue=clue,
                document_no=request.POST.get("document_no", ""), reply_due=date.fromisoformat(due) if due else None)
            messages.success(request, f"已起草{opinion.get_kind_display()}，待检察长批准后发出" if opinion.status == OpinionStatus.DRAFT
                             else f"已制发{opinion.get_kind_display()}")
            return redirect("opinion_detail", pk=opinion.pk)
        except (DomainError, ValueError, Http404) as exc:
            messages.error(request, str(exc) or "提交的内容有误")
    case_id = request.POST.get("case") or request.GET.get("case", "")
    return render(request, "supervision/opinion_new.html", {
        "agencies": agencies, "kinds": OpinionKind.choices, "clue": request.GET.get("clue", ""),
        "case": case_id, "agency": request.GET.get("agency", ""),
        # named as officials know it (its 决定书文号), not by the platform's id; and the network clue it came from
        **_opinion_subject(request.user, case_id, request.GET.get("network_clue", ""))})


def _opinion_subject(user, case_id: str, network_id: str) -> dict:
    from liangfa.screening.models import NetworkClue
    from liangfa.screening.networks import visible_network_clues

    case = None
    if str(case_id).isdigit():
        try:
            case = get_case_for_user(user, int(case_id))
        except Http404:
            case = None
    network = None
    if case is not None and str(network_id).isdigit():
        network = next(iter(visible_network_clues(user, NetworkClue.objects.filter(pk=int(network_id)))), None)
        network = network if network is not None and case.pk in network.case_ids else None
    content = (f"{case.agency.name}：经审查关联当事人合计线索第{network.pk}号，{case.party_name}（{case.decision_no}）"
               f"与关联当事人各案{network.metric_cn}合计达到{network.standard}规定的立案追诉标准，涉嫌{network.crime_name}"
               f"（{network.article}），建议依法向公安机关移送。") if network else ""
    return {"case_obj": case, "network": network, "content": content}


@login_required
def opinion_detail(request, pk: int):
    opinion = get_object_or_404(services.visible_opinions(request.user), pk=pk)
    if request.method == "POST":
        try:
            if "approve" in request.POST:
                services.approve_opinion(opinion, actor=request.user)
            elif "receive" in request.POST:
                how = request.POST.get("how") or "platform"
                services.receive_opinion(opinion, actor=request.user, how=how,
                                         received_at=_received(request.POST))
            elif "adopted" in request.POST:
                services.assess_opinion(opinion, actor=request.user, adopted=request.POST["adopted"] == "1")
            else:
                services.reply_opinion(opinion, actor=request.user, result=request.POST.get("result", ""),
                                       reply=request.POST.get("reply", ""))
            messages.success(request, "已记录")
            return redirect("opinion_detail", pk=opinion.pk)
        except DomainError as exc:
            messages.error(request, str(exc))
    return render(request, "supervision/opinion_detail.html", {
        "o": opinion, "deadlines": deadlines_for(opinion), "results": ReplyResult.choices,
        "can_reply": may_reply_opinion(request.user, opinion), "is_prosecutor": is_prosecutor(request.user),
        "is_chief": is_chief_prosecutor(request.user, opinion.procuratorate_id),
        "reply_rule": get_rule("AGY_OPINION_REPLY" if opinion.kind == OpinionKind.TRANSFER_OPINION
                               else "AGY_RECOMMENDATION_REPLY"),
        "documents": opinion.documents.all(),
        "unserved": unserved_deadline(opinion, services.reply_rule(opinion)),
        "service_methods": [m for m in ServiceMethod.choices if m[0] != ServiceMethod.PLATFORM]})


@login_required
@require_POST
def query_delay(request, transfer_id: int):
    transfer = get_transfer_for_user(request.user, transfer_id)
    try:
        services.query_delay(transfer, actor=request.user)
        messages.success(request, f"已要求公安机关在{period('POL_DELAY_REASONS')}内书面说明逾期未作立案决定的理由")
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect("transfer_detail", pk=transfer.pk)


@login_required
@require_POST
def answer_delay(request, pk: int):
    inquiry = get_object_or_404(DelayInquiry, pk=pk, transfer__police_id=request.user.agency_id)
    try:
        services.answer_delay(inquiry, actor=request.user, answer=request.POST.get("answer", ""))
        messages.success(request, "已答复")
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect("supervision_index")
