from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from liangfa.agencies.models import Agency, User
from liangfa.agencies.permissions import (
    may_decide_case,
    may_handle_online,
    may_review_legally,
    may_set_review_policy,
)
from liangfa.clock.services import deadlines_for
from liangfa.core.audit import record_audit
from liangfa.core.downloads import stored_file
from liangfa.core.errors import DomainError
from liangfa.review import dissent, services
from liangfa.review.actions import amount, flag, run_action
from liangfa.review.choices import (
    DissentKind,
    Finding,
    FlowStep,
    Procedure,
    RemedyKind,
    RemedyResult,
    ReviewResult,
)
from liangfa.review.documents import download_name
from liangfa.review.models import CaseFile, ReviewPolicy
from liangfa.review.policy import CHECKLIST, collective_grounds, policy_for, review_grounds


@login_required
def handled_list(request):
    handled = services.visible_handled(request.user)
    step = request.GET.get("step", "")
    if step:
        handled = handled.filter(step=step)
    return render(request, "review/list.html", {
        "handled": handled[:300], "steps": FlowStep.choices, "step": step,
        "counts": services.step_counts(request.user),
        "may_file": user_agency(request.user) and may_handle_online(request.user, request.user.agency)})


def user_agency(user):
    return user.agency if user.agency_id else None


def _party(post) -> dict:
    return {"name": post.get("party_name", ""), "kind": post.get("party_kind", ""), "code": post.get("party_code", ""),
            "legal_rep": post.get("legal_rep", "")}


@login_required
def handled_new(request):
    agency = user_agency(request.user)
    if agency is None:
        raise Http404("没有所属机关")
    colleagues = User.objects.filter(agency=agency, is_active=True).exclude(pk=request.user.pk)
    if request.method == "POST":
        try:
            co = colleagues.filter(pk=request.POST.get("co_handler") or 0).first()
            handled = services.propose_filing(
                agency=agency, actor=request.user, party=_party(request.POST), co_handler=co,
                violation_type=request.POST.get("violation_type", ""), summary=request.POST.get("summary", ""),
                legal_basis=request.POST.get("legal_basis", ""), source=request.POST.get("source", ""))
            messages.success(request, f"已提出立案申请 {handled.filing_no}，待负责人审批")
            return redirect("handled_detail", pk=handled.pk)
        except DomainError as exc:
            messages.error(request, str(exc))
    return render(request, "review/new.html", {"colleagues": colleagues, "form": request.POST})


@login_required
def on_the_spot(request):
    agency = user_agency(request.user)
    if agency is None:
        raise Http404("没有所属机关")
    if request.method == "POST":
        try:
            handled = services.record_on_the_spot(
                agency=agency, actor=request.user, party=_party(request.POST),
                violation_type=request.POST.get("violation_type", ""), facts=request.POST.get("facts", ""),
                legal_basis=request.POST.get("legal_basis", ""), penalty=request.POST.get("penalty", ""),
                fine=amount(request.POST.get("fine"), "罚款金额"))
            messages.success(request, f"已登记当场处罚决定 {handled.case.decision_no}")
            return redirect("handled_detail", pk=handled.pk)
        except DomainError as exc:
            messages.error(request, str(exc))
    return render(request, "review/spot.html", {"form": request.POST, "policy": policy_for(agency)})


@login_required
def handled_detail(request, pk: int):
    try:
        h = services.get_handled_for_user(request.user, pk)
    except DomainError as exc:
        raise Http404(str(exc)) from None
    user, policy = request.user, policy_for(h.agency)
    latest = h.reviews.order_by("-round").first()
    return render(request, "review/detail.html", {
        "h": h, "S": FlowStep, "files": h.files.all(), "reviews": h.reviews.select_related("reviewer"),
        "latest_review": latest, "discussions": h.discussions.select_related("chair"),
        "dissents": h.dissents.all(), "remedies": h.case.remedies.all() if h.case_id else [],
        "events": h.events.all(), "deadlines": deadlines_for(h), "now": timezone.now(),
        "review_grounds": review_grounds(h, policy), "collective_grounds": collective_grounds(h, policy),
        "checklist": CHECKLIST, "findings": Finding.choices, "results": ReviewResult.choices,
        "dissent_kinds": DissentKind.choices, "remedy_kinds": RemedyKind.choices, "remedy_results": RemedyResult.choices,
        "colleagues": User.objects.filter(agency_id=h.agency_id, is_active=True),
        "is_officer": may_handle_online(user, h.agency), "is_head": may_decide_case(user, h),
        "is_reviewer": may_review_legally(user, h),
    })


@login_required
@require_POST
def handled_act(request, pk: int, action: str):
    try:
        h = services.get_handled_for_user(request.user, pk)
        data = {**request.POST.dict(), **({"upload": request.FILES["upload"]} if "upload" in request.FILES else {})}
        label = run_action(h, action, request.user, data)
        messages.success(request, f"已{label}")
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect("handled_detail", pk=pk)


@login_required
def file_download(request, pk: int):
    item = CaseFile.objects.select_related("handled").filter(pk=pk).first()
    if item is None or not services.visible_handled(request.user).filter(pk=item.handled_id).exists():
        raise Http404("文件不存在或无权查看")
    if request.user.agency_id != item.handled.agency_id:
        record_audit("review.file_read", actor=request.user, obj=item.handled, owner_agency_id=item.handled.agency_id,
                     reason=f"跨机关查阅 {item.title}")
    return stored_file(request, item.file, owner_agency_id=item.handled.agency_id, name=download_name(item))


@login_required
def dissent_register(request):
    get = request.GET
    dissents = dissent.dissent_register(request.user, q=get.get("q", ""), kind=get.get("kind", ""),
                                        agency_id=get.get("agency", ""), outcome=get.get("outcome", ""))
    agencies = Agency.objects.filter(pk__in=dissents.values("case__agency_id"))
    return render(request, "review/dissents.html", {
        "dissents": dissents[:300], "kinds": DissentKind.choices, "agencies": agencies, "q": get})


@login_required
def policy_page(request):
    agency = user_agency(request.user)
    if agency is None:
        raise Http404("没有所属机关")
    policy = policy_for(agency)
    may_edit = may_set_review_policy(request.user, agency)
    if request.method == "POST":
        try:
            policy = set_policy(agency, request.user, request.POST)
            messages.success(request, "已保存本机关的法制审核与网上流转规则")
        except DomainError as exc:
            messages.error(request, str(exc))
    return render(request, "review/policy.html", {"policy": policy, "may_edit": may_edit,
                                                  "procedures": Procedure.choices})


def set_policy(agency, actor, post) -> ReviewPolicy:
    return services.save_policy(agency, actor=actor, online_required=flag(post, "online_required"),
                       exempt=post.getlist("exempt_procedures"), review_all=flag(post, "review_all"),
                       review_fine_over=amount(post.get("review_fine_over"), "须法制审核的罚款数额"),
                       collective_fine_over=amount(post.get("collective_fine_over"), "须集体讨论的罚款数额"),
                       collective_after_hearing=flag(post, "collective_after_hearing"), own_list=post.get("own_list", ""))
