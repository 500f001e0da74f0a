"""The public site (/gk/): no login, its own templates. Every record it shows is a Publication's redacted
record, a hearing notice, a procedure from the rule data, a law text, or the person's own matter after the
code and its secret matched. Forms carry CSRF, length limits and per-address limits."""

from datetime import date

from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from liangfa.agencies.choices import AgencyKind
from liangfa.agencies.models import Agency
from liangfa.core.errors import DomainError
from liangfa.portal import laws, opendata, publication, ratelimit, services, tracking
from liangfa.portal.choices import (
    RATEABLE,
    HearingStatus,
    PublicationStatus,
    PublicationStep,
    RequestKind,
    RequestStatus,
)
from liangfa.portal.forms import BookingForm, LookupForm, ProgressForm, RatingForm, RequestForm
from liangfa.portal.models import AppointmentSlot, EnforcementItem, Hearing, Publication
from liangfa.portal.procedures import procedures

TOO_MANY = "查询失败次数过多，请稍后再试（同一网络地址15分钟内最多10次）。"
WRONG = "查询码或验证码不正确，请核对告知书上的号码后重试。"
WRONG_NUMBER = "受理编号或查询密码不正确，请核对后重试。"
SERVICE_KINDS = [RequestKind.CONSULT, RequestKind.INFO_DISCLOSURE, RequestKind.RECONSIDERATION,
                 RequestKind.INFO_QUERY, RequestKind.SUGGESTION, RequestKind.COMPLAINT]
# The history a published record shows: published, changed, withdrawn (never the internal queue steps).
PUBLIC_STEPS = (PublicationStep.PUBLISH, PublicationStep.CHANGE, PublicationStep.REVOKED, PublicationStep.WITHDRAW,
                PublicationStep.END)
SLUG_OF_KIND = {k.value: k.value.replace("_", "-") for k in SERVICE_KINDS}
KIND_OF_SLUG = {v: k for k, v in SLUG_OF_KIND.items()}


def _agencies():
    return Agency.objects.filter(is_active=True, kind__in=[AgencyKind.ADMINISTRATIVE, AgencyKind.POLICE]).order_by(
        "kind", "level", "code")


def home(request):
    today = timezone.localdate()
    return render(request, "portal/public/home.html", {
        "latest": publication.shown(today).order_by("-published_at", "-id")[:6],
        "hearings": Hearing.objects.filter(status=HearingStatus.SCHEDULED, starts_at__gte=timezone.now())
        .select_related("agency")[:5],
        "shown_count": publication.shown(today).count(), "agency_count": _agencies().count(),
    })


# ---- 执法依据 ------------------------------------------------------------------------------------------------------

def basis(request):
    counts = dict(EnforcementItem.objects.values("agency").annotate(n=Count("id")).values_list("agency", "n"))
    agencies = [(a, counts.get(a.pk, 0)) for a in _agencies() if a.kind == AgencyKind.ADMINISTRATIVE]
    return render(request, "portal/public/basis.html", {"agencies": agencies})


def agency_basis(request, code: str):
    agency = get_object_or_404(_agencies(), code=code)
    return render(request, "portal/public/agency_basis.html", {
        "agency": agency, "items": EnforcementItem.objects.filter(agency=agency)})


def _on(value: str) -> date:
    try:
        return date.fromisoformat(value) if value else timezone.localdate()
    except ValueError:
        return timezone.localdate()


def law_search(request):
    on, query, title = _on(request.GET.get("on", "")), request.GET.get("q", "")[:100], request.GET.get("law", "")[:100]
    hits = laws.search(query, on=on, title=title) if query else []
    return render(request, "portal/public/laws.html", {
        "laws": laws.current_versions(on), "titles": laws.titles(), "hits": hits, "q": query, "law": title, "on": on,
        "bad_date": bool(request.GET.get("on")) and on == timezone.localdate() and request.GET["on"] != on.isoformat()})


def law_detail(request, slug: str):
    law = laws.by_slug(slug)
    if law is None:
        raise Http404("法规不存在")
    others = [v for v in laws.all_versions() if v.title == law.title]
    return render(request, "portal/public/law.html", {"law": law, "versions": others})


# ---- 执法程序 ------------------------------------------------------------------------------------------------------

def procedure_list(request):
    return render(request, "portal/public/procedures.html", {"procedures": procedures()})


# ---- 执法结果 ------------------------------------------------------------------------------------------------------

def decisions(request):
    items = publication.shown().order_by("-published_at", "-id")
    agency_code, year, query = request.GET.get("agency", "")[:32], request.GET.get("year", "")[:4], request.GET.get(
        "q", "").strip()[:60]
    if agency_code:
        items = items.filter(agency__code=agency_code)
    if year.isdigit():
        items = items.filter(year=int(year))
    if query:  # the published (redacted) words only: a full name never finds a masked person
        items = items.filter(record__party_name__icontains=query) | items.filter(record__decision_no__icontains=query)
    page = Paginator(items, 20).get_page(request.GET.get("page"))
    return render(request, "portal/public/decisions.html", {
        "page": page, "agencies": _agencies().filter(kind=AgencyKind.ADMINISTRATIVE), "agency": agency_code,
        "year": year, "q": query, "years": range(timezone.localdate().year, timezone.localdate().year - 4, -1)})


def decision_detail(request, pk: int):
    pub = get_object_or_404(Publication.objects.select_related("agency"), pk=pk,
                            status__in=[*publication.SHOWN, PublicationStatus.WITHDRAWN])
    if pub.status != PublicationStatus.WITHDRAWN and pub.display_until < timezone.localdate():
        raise Http404("该决定已停止公示")
    history = pub.events.filter(code__in=PUBLIC_STEPS)
    return render(request, "portal/public/decision.html", {
        "pub": pub, "r": pub.record, "withdrawn": pub.status == PublicationStatus.WITHDRAWN, "history": history})


def withdrawn_list(request):
    page = Paginator(publication.withdrawn().order_by("-withdrawn_at", "-id"), 20).get_page(request.GET.get("page"))
    return render(request, "portal/public/withdrawn.html", {"page": page})


# ---- 开放数据 ------------------------------------------------------------------------------------------------------

def open_data(request):
    rows = (publication.shown().values("agency__code", "agency__name", "year").annotate(n=Count("id"))
            .order_by("agency__code", "-year"))
    return render(request, "portal/public/open_data.html", {"rows": rows, "headers": opendata.HEADERS})


def data_file(request, code: str, year: int, fmt: str):
    agency = get_object_or_404(Agency, code=code)
    items = publication.shown().filter(agency=agency, year=year).order_by("case__decision_date", "id")
    if fmt == "json":
        return JsonResponse({"agency": agency.name, "year": year, "columns": opendata.HEADERS,
                             "records": opendata.as_json(items)}, json_dumps_params={"ensure_ascii": False})
    response = HttpResponse(opendata.as_csv(items), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{code}-{year}.csv"'
    return response


# ---- 执法进度 ------------------------------------------------------------------------------------------------------

@never_cache
@require_http_methods(["GET", "POST"])
def progress(request):
    form, steps, error, case = ProgressForm(request.POST or None), None, "", None
    if request.method == "POST":
        if ratelimit.lookup_blocked(request):
            error = TOO_MANY
        elif form.is_valid() and (case := tracking.find(form.cleaned_data["code"], form.cleaned_data["verifier"])):
            steps = tracking.progress(case)
        else:
            ratelimit.lookup_failed(request)
            error = WRONG
    return render(request, "portal/public/progress.html", {
        "form": ProgressForm() if steps is not None else form, "steps": steps, "error": error,
        "matter": case.decision_no if case else "", "agency": case.agency.name if case else ""})


# ---- 在线服务 ------------------------------------------------------------------------------------------------------

def service_index(request):
    return render(request, "portal/public/services.html", {
        "kinds": [(SLUG_OF_KIND[k], k.label) for k in SERVICE_KINDS]})


@require_http_methods(["GET", "POST"])
def service_form(request, slug: str):
    kind = KIND_OF_SLUG.get(slug)
    if kind is None:
        raise Http404("没有这项服务")
    agencies = list(_agencies())
    form = RequestForm(request.POST or None, request.FILES or None, agencies=agencies, kind=kind)
    error, created = "", None
    if request.method == "POST" and form.is_valid():
        if not ratelimit.submission_allowed(request):
            error = "同一网络地址提交过于频繁，请一小时后再试。"
        else:
            data = form.cleaned_data
            agency = next((a for a in agencies if a.pk == data["agency"]), None)
            try:
                if agency is None:
                    raise DomainError("请选择受理机关")
                created = services.submit_request(kind=kind, agency=agency, values=data, upload=data.get("attachment"),
                                                  crime_report=bool(data.get("crime_report")))
            except DomainError as exc:
                error = str(exc)
    return render(request, "portal/public/service_form.html", {
        "form": form, "kind": RequestKind(kind), "error": error, "created": created})


@require_http_methods(["GET", "POST"])
def appointment(request):
    slots = [(s, s.capacity - services.booked(s)) for s in services.open_slots().order_by("starts_at")[:60]]
    form, error, created = BookingForm(request.POST or None), "", None
    if request.method == "POST" and form.is_valid():
        slot = AppointmentSlot.objects.filter(pk=form.cleaned_data["slot"]).first()
        if not ratelimit.submission_allowed(request):
            error = "同一网络地址提交过于频繁，请一小时后再试。"
        elif slot is None:
            error = "请选择预约时段"
        else:
            try:
                created = services.book(slot, values=form.cleaned_data)
            except DomainError as exc:
                error = str(exc)
    return render(request, "portal/public/appointment.html", {"slots": slots, "form": form, "error": error,
                                                               "created": created})


def _found(request) -> tuple[object, str]:
    """The request behind the posted number and secret, or an error that never says which was wrong."""
    if ratelimit.lookup_blocked(request):
        return None, TOO_MANY
    form = LookupForm(request.POST)
    if form.is_valid():
        found = services.find(form.cleaned_data["number"], form.cleaned_data["secret"])
        if found is not None:
            return found, ""
    ratelimit.lookup_failed(request)
    return None, WRONG_NUMBER


def _request_page(request, found, *, error="", message="", form=None):
    return render(request, "portal/public/lookup.html", {
        "form": form or LookupForm(), "found": found, "error": error, "message": message,
        "rateable": found is not None and found.status in RATEABLE and found.rating is None,
        "cancellable": found is not None and found.status == RequestStatus.BOOKED,
        "rating_form": RatingForm(initial={"number": found.tracking_no, "secret": found.secret}) if found else None,
        "steps": found.events.all() if found else []})


@never_cache
@require_http_methods(["GET", "POST"])
def lookup(request):
    if request.method == "GET":
        return _request_page(request, None)
    found, error = _found(request)
    return _request_page(request, found, error=error, form=LookupForm(request.POST))


@never_cache
@require_POST
def rate(request):
    found, error = _found(request)
    message = ""
    form = RatingForm(request.POST)
    if found is not None and not form.is_valid():
        error = "请选择满意度；评价意见不超过500字"
    elif found is not None:
        try:
            found = services.rate(found, rating=form.cleaned_data["rating"], note=form.cleaned_data["note"])
            message = "感谢您的评价。"
        except DomainError as exc:
            error = str(exc)
    return _request_page(request, found, error=error, message=message)


@never_cache
@require_POST
def cancel(request):
    found, error = _found(request)
    message = ""
    if found is not None:
        try:
            found = services.cancel_booking(found)
            message = "预约已取消。"
        except DomainError as exc:
            error = str(exc)
    return _request_page(request, found, error=error, message=message)


# ---- 听证公告 ------------------------------------------------------------------------------------------------------

def hearings(request):
    now = timezone.now()
    items = Hearing.objects.select_related("agency")
    return render(request, "portal/public/hearings.html", {
        "upcoming": items.filter(starts_at__gte=now).order_by("starts_at"),
        "past": items.filter(starts_at__lt=now).order_by("-starts_at")[:20]})
