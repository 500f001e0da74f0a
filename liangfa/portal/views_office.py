"""The back office that feeds the public site (/portal/, behind login): the publication queue with its clock,
群众诉求 to assign, answer and forward, 听证公告, appointment slots, 执法事项, 查询码, statistics."""

from datetime import datetime
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from liangfa.agencies.models import Agency, User
from liangfa.agencies.permissions import (
    may_enter_public_request,
    may_handle_public_request,
    may_manage_portal,
)
from liangfa.cases.services import get_case_for_user, visible_cases
from liangfa.clock.rules import TZ
from liangfa.clock.services import deadlines_for
from liangfa.core.downloads import download
from liangfa.core.errors import DomainError
from liangfa.core.http import id_param
from liangfa.core.receipts import Read, record_reads
from liangfa.portal import policy, publication, schedule, services, stats, tracking, uploads
from liangfa.portal.choices import (
    DONE,
    PublicationStatus,
    RequestChannel,
    RequestKind,
    RequestStatus,
    RevocationKind,
)
from liangfa.portal.models import AppointmentSlot, EnforcementItem, Hearing, TrackingCode

P = PublicationStatus


def _when(value: str) -> datetime:
    try:
        return datetime.fromisoformat(value).replace(tzinfo=TZ)
    except (TypeError, ValueError):
        raise DomainError(f"时间“{value}”无效，应为 2026-06-01T09:00 这样的格式") from None


def _own_agency(request) -> Agency:
    if request.user.agency_id is None:
        raise HttpForbidden("没有所属机关的账号不能办理")
    return request.user.agency


@login_required
def index(request):
    now = timezone.now()
    pubs = publication.visible_publications(request.user)
    reqs = services.visible_requests(request.user)
    return render(request, "portal/office/index.html", {
        "pending": pubs.filter(status=P.PENDING).count(), "late": pubs.filter(status=P.PENDING, due_at__lt=now).count(),
        "withdrawal_due": pubs.filter(status=P.WITHDRAWAL_DUE).count(),
        "open_requests": reqs.exclude(status__in=[*DONE]).count(), "overdue": len(stats.overdue(reqs, now)),
        "referred": reqs.filter(referred_at__isnull=False, case__isnull=True).count()})


# ---- publications ----------------------------------------------------------------------------------------------

def _pub_reads(pubs) -> list[Read]:
    """The back office is not the public site: its queue shows decisions not (or no longer, or never to be)
    published, the party's name unredacted and who did what. Another organ reading it (a supervising body
    watching the 公示 periods) reads the owner's records and leaves a 查阅回执; /gk/ is the public list."""
    return [Read(pub.agency_id, "portal.publication", str(pub.pk), pub.case.decision_no) for pub in pubs]


@login_required
def publications(request):
    now = timezone.now()
    status = request.GET.get("status", "due")
    items = publication.visible_publications(request.user)
    if status == "due":
        items = items.filter(status__in=[P.PENDING, P.WITHDRAWAL_DUE]).order_by("due_at", "withdraw_due_at", "id")
    elif status in P.values:
        items = items.filter(status=status).order_by("-updated_at", "-id")
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    rows = [(pub, *publication.clock_state(pub, now)) for pub in page]
    record_reads(request.user, _pub_reads(pub for pub, _, _ in rows), what="公示队列", via="页面")
    return render(request, "portal/office/publications.html", {
        "page": page, "rows": rows, "status": status, "statuses": P.choices})


@login_required
def publication_detail(request, pk: int):
    pub = publication.visible_publications(request.user).filter(pk=pk).first()
    if pub is None:
        raise Http404("公示记录不存在或无权查看")
    record_reads(request.user, _pub_reads([pub]), what="公示记录", via="页面")
    preview = pub.record if pub.status != P.PENDING else publication.public_record(pub.case)
    return render(request, "portal/office/publication.html", {
        "pub": pub, "record": preview, "profile": policy.profile_for(pub.agency), "clock": publication.clock_state(
            pub, timezone.now()), "reasons": policy.withheld_reasons(), "revocations": RevocationKind.choices})


PUBLICATION_ACTIONS = {
    "publish": lambda p, u, d: publication.publish(p, actor=u),
    "withhold": lambda p, u, d: publication.withhold(p, actor=u, reason=d.get("reason", ""), note=d.get("note", "")),
    "requeue": lambda p, u, d: publication.requeue(p, actor=u),
    "revoke": lambda p, u, d: publication.record_revocation(p, actor=u, kind=d.get("kind", ""), reason=d.get(
        "reason", ""), revoked_at=_when(d.get("revoked_at", ""))),
    "withdraw": lambda p, u, d: publication.withdraw(p, actor=u, reason=d.get("reason", "")),
}


@login_required
@require_POST
def publication_act(request, pk: int, action: str):
    pub = publication.visible_publications(request.user).filter(pk=pk).first()
    if pub is None or action not in PUBLICATION_ACTIONS:
        raise Http404("公示记录不存在或无权查看")
    try:
        pub = PUBLICATION_ACTIONS[action](pub, request.user, request.POST)
        messages.success(request, f"{pub.case.decision_no}：{pub.get_status_display()}")
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect("office_publication", pk=pk)


@login_required
@require_POST
def publish_due(request):
    try:
        count = publication.publish_due(_own_agency(request), actor=request.user)
        messages.success(request, f"已公示 {count} 件")
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect("office_publications")


# ---- requests ----------------------------------------------------------------------------------------------------

@login_required
def requests(request):
    now = timezone.now()
    items = services.visible_requests(request.user)
    kind, status = request.GET.get("kind", ""), request.GET.get("status", "open")
    if kind in RequestKind.values:
        items = items.filter(kind=kind)
    if status == "open":
        items = items.exclude(status__in=DONE)
    elif status == "overdue":
        items = items.filter(pk__in=[r.pk for r in stats.overdue(items, now)])
    elif status == "referred":
        items = items.filter(referred_at__isnull=False)
    elif status in RequestStatus.values:
        items = items.filter(status=status)
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    return render(request, "portal/office/requests.html", {
        "page": page, "kind": kind, "status": status, "kinds": RequestKind.choices, "statuses": RequestStatus.choices,
        "overdue_ids": {r.pk for r in stats.overdue(services.visible_requests(request.user), now)}})


@login_required
def request_new(request):
    agency = _own_agency(request)
    if not may_enter_public_request(request.user, agency):
        raise HttpForbidden("只有本机关工作人员可以登记来信来电来访")
    if request.method == "POST":
        try:
            created = services.enter_request(
                kind=request.POST.get("kind", ""), agency=agency, values=request.POST, actor=request.user,
                channel=request.POST.get("channel", ""), received_at=_when(request.POST.get("received_at", "")),
                crime_report=request.POST.get("crime_report") == "on")
            messages.success(request, f"已登记，受理编号 {created.tracking_no}，查询密码 {created.secret}（请告知来信来电人）")
            return redirect("office_request", pk=created.pk)
        except DomainError as exc:
            messages.error(request, str(exc))
    return render(request, "portal/office/request_new.html", {
        "kinds": [(k, label) for k, label in RequestKind.choices if k != RequestKind.APPOINTMENT],
        "channels": [(k, label) for k, label in RequestChannel.choices if k != RequestChannel.WEB],
        "now": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "post": request.POST})


@login_required
def request_detail(request, pk: int):
    req = services.get_request_for_user(request.user, pk)
    staff = [u for u in User.objects.filter(agency_id=req.agency_id, is_active=True)
             if may_handle_public_request(u, req)]
    organ, organ_name = (services.reconsideration_organ(req.agency) if req.kind == RequestKind.RECONSIDERATION
                         else (None, ""))
    return render(request, "portal/office/request.html", {
        "req": req, "deadlines": deadlines_for(req), "staff": staff, "organs": Agency.objects.exclude(pk=req.agency_id)
        .filter(is_active=True), "suggested_organ": organ, "suggested_name": organ_name, "done": req.status in DONE})


REQUEST_ACTIONS = {
    "assign": lambda r, u, d: services.assign(r, actor=u, handler=User.objects.get(pk=id_param(d.get("handler")))),
    "accept": lambda r, u, d: services.accept(r, actor=u),
    "answer": lambda r, u, d: services.answer(r, actor=u, text=d.get("text", "")),
    "reject": lambda r, u, d: services.reject(r, actor=u, reason=d.get("text", "")),
    "forward": lambda r, u, d: services.forward(r, actor=u, organ=Agency.objects.filter(
        pk=id_param(d.get("organ"))).first(), organ_name=d.get("organ_name", ""), note=d.get("note", "")),
    "refer": lambda r, u, d: services.refer_report(r, actor=u, note=d.get("note", "")),
    "link_case": lambda r, u, d: services.link_case(r, actor=u, case_id=id_param(d.get("case"))),
}


@login_required
@require_POST
def request_act(request, pk: int, action: str):
    req = services.get_request_for_user(request.user, pk)
    if action not in REQUEST_ACTIONS:
        raise Http404("没有这项操作")
    try:
        req = REQUEST_ACTIONS[action](req, request.user, request.POST)
        messages.success(request, f"{req.tracking_no}：{req.get_status_display()}")
    except (DomainError, ValueError, User.DoesNotExist, Http404) as exc:
        messages.error(request, str(exc) if isinstance(exc, DomainError | Http404) else "选择的人员或案件无效")
    return redirect("office_request", pk=pk)


@login_required
def request_attachment(request, pk: int):
    req = services.get_request_for_user(request.user, pk)
    if not req.attachment_path:
        raise Http404("没有附件")
    return FileResponse(open(uploads.path_of(req.attachment_path), "rb"), as_attachment=True,
                        filename=req.attachment_name)


@login_required
def statistics(request):
    reqs = services.visible_requests(request.user)
    monthly = stats.monthly(reqs)
    return render(request, "portal/office/stats.html", {
        "monthly": monthly, "by_agency": stats.by_agency(reqs), "chart": ({
            "months": [m["month"] for m in monthly], "received": [m["received"] for m in monthly],
            "answered": [m["answered"] for m in monthly], "average": [m["average"] for m in monthly]})})


# ---- hearings, slots, 执法事项 ---------------------------------------------------------------------------------------

@login_required
def hearings(request):
    agency = request.user.agency
    if request.method == "POST":
        try:
            schedule.announce_hearing(
                agency=_own_agency(request), actor=request.user, matter=request.POST.get("matter", ""),
                starts_at=_when(request.POST.get("starts_at", "")), place=request.POST.get("place", ""),
                host=request.POST.get("host", ""), case_id=id_param(request.POST.get("case")) or None)
            messages.success(request, "听证公告已发布")
            return redirect("office_hearings")
        except (DomainError, Http404) as exc:
            messages.error(request, str(exc))
    items = Hearing.objects.filter(agency=agency) if agency else Hearing.objects.none()
    return render(request, "portal/office/hearings.html", {
        "items": items, "earliest": timezone.localtime(schedule.earliest_hearing(timezone.now())), "post": request.POST})


@login_required
@require_POST
def hearing_act(request, pk: int):
    hearing = Hearing.objects.filter(pk=pk, agency_id=request.user.agency_id).first()
    if hearing is None:
        raise Http404("听证公告不存在")
    try:
        schedule.close_hearing(hearing, actor=request.user, to=request.POST.get("to", ""), note=request.POST.get("note", ""))
        messages.success(request, "已更新")
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect("office_hearings")


@login_required
def slots(request):
    agency = _own_agency(request)
    if request.method == "POST":
        try:
            schedule.add_slot(agency=agency, actor=request.user, window=request.POST.get("window", ""),
                              starts_at=_when(request.POST.get("starts_at", "")),
                              ends_at=_when(request.POST.get("ends_at", "")),
                              capacity=int(request.POST.get("capacity") or 0))
            messages.success(request, "预约时段已发布")
            return redirect("office_slots")
        except (DomainError, ValueError) as exc:
            messages.error(request, str(exc) if isinstance(exc, DomainError) else "可预约人数应为整数")
    items = [(s, services.booked(s)) for s in AppointmentSlot.objects.filter(agency=agency).order_by("-starts_at")[:100]]
    return render(request, "portal/office/slots.html", {"items": items, "may_manage": may_manage_portal(
        request.user, agency)})


@login_required
def items(request):
    agency = _own_agency(request)
    if request.method == "POST":
        try:
            schedule.add_item(agency=agency, actor=request.user, name=request.POST.get("name", ""),
                              basis=request.POST.get("basis", ""), category=request.POST.get("category") or "行政处罚")
            messages.success(request, "执法事项已添加")
            return redirect("office_items")
        except DomainError as exc:
            messages.error(request, str(exc))
    return render(request, "portal/office/items.html", {
        "items": EnforcementItem.objects.filter(agency=agency), "may_manage": may_manage_portal(request.user, agency)})


# ---- 查询码 ----------------------------------------------------------------------------------------------------------

@login_required
def tracking_codes(request):
    query = request.GET.get("q", "").strip()[:120]
    cases = visible_cases(request.user).filter(agency_id=request.user.agency_id)
    found = cases.filter(decision_no__icontains=query).order_by("-decision_date")[:20] if query else []
    issued = TrackingCode.objects.filter(case__agency_id=request.user.agency_id).select_related("case")[:50]
    return render(request, "portal/office/tracking.html", {"q": query, "found": found, "issued": issued})


@login_required
@require_POST
def tracking_issue(request, case_id: int):
    case = get_case_for_user(request.user, case_id)
    try:
        code = tracking.issue_code(case, actor=request.user)
        messages.success(request, tracking.notice_text(code))
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect(f"{reverse('office_tracking')}?q={quote(case.decision_no)}")


@login_required
def tracking_notice(request, pk: int):
    code = TrackingCode.objects.filter(pk=pk, case__agency_id=request.user.agency_id).select_related(
        "case", "case__agency").first()
    if code is None:
        raise Http404("查询码不存在")
    return download(tracking.notice_docx(code, now=timezone.now()), f"执法进度查询告知书-{code.case.decision_no}.docx")
