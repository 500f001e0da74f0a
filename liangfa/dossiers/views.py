from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from liangfa.agencies.permissions import may_close_dossier, may_request_dossier, may_supply_dossier
from liangfa.cases.services import get_case_for_user, visible_cases
from liangfa.clock.rules import get_rule
from liangfa.clock.services import deadlines_for
from liangfa.clock.subjects import mark_overdue
from liangfa.core.downloads import stored_file
from liangfa.core.errors import DomainError
from liangfa.core.http import id_param
from liangfa.dossiers import services
from liangfa.dossiers.choices import DossierStatus, MaterialKind
from liangfa.dossiers.models import DossierMaterial


@login_required
def index(request):
    user = request.user
    items = list(services.visible_dossiers(user)[:300])
    services.read_list(user, items)
    return render(request, "dossiers/index.html", {
        "items": mark_overdue(items, timezone.now()), "may_request": may_request_dossier(user),
        "rule": get_rule(services.RULE)})


def _case_from(user, data):
    if data.get("case"):
        return get_case_for_user(user, id_param(data.get("case")))
    number = (data.get("decision_no") or "").strip()
    case = visible_cases(user).filter(decision_no=number).select_related("agency").first() if number else None
    if case is None:
        raise DomainError(f"决定书文号：未找到“{number[:60]}”的行政处罚案件，请核对文号" if number
                          else "决定书文号：请填写要调阅案卷的行政处罚决定书文号")
    return case


@login_required
def new(request):
    if not may_request_dossier(request.user):
        raise Http404("只有人民检察院的检察官可以调阅案卷")
    data = request.POST if request.method == "POST" else request.GET
    form = {"case": id_param(data.get("case")) or "", "decision_no": (data.get("decision_no") or "")[:100],
            "reason": (data.get("reason") or "")[:2000]}
    if request.method == "POST":
        try:
            item = services.request_dossier(actor=request.user, case=_case_from(request.user, request.POST),
                                            reason=request.POST.get("reason", ""))
            messages.success(request, f"已向{item.agency.name}发出调阅案卷通知")
            return redirect("dossier_detail", pk=item.pk)
        except (DomainError, Http404) as exc:
            messages.error(request, str(exc) or "未找到该案件")
    return render(request, "dossiers/new.html", {"form": form, "rule": get_rule(services.RULE)})


@login_required
def detail(request, pk: int):
    user = request.user
    item = get_object_or_404(services.visible_dossiers(user), pk=pk)
    services.read_request(user, item)
    return render(request, "dossiers/detail.html", {
        "d": item, "deadlines": deadlines_for(item), "events": item.events.select_related("agency"),
        "materials": services.readable_materials(user, item), "all_count": item.materials.count(),
        "may_supply": may_supply_dossier(user, item) and item.status == DossierStatus.REQUESTED,
        "may_close": may_close_dossier(user, item) and item.status == DossierStatus.SUPPLIED,
        "kinds": MaterialKind.choices})


ACTIONS = {
    "supply": lambda d, u, p: services.supply(d, actor=u, note=p.get("note", "")),
    "close": lambda d, u, p: services.close(d, actor=u, note=p.get("note", "")),
}


@login_required
@require_POST
def act(request, pk: int, action: str):
    item = get_object_or_404(services.visible_dossiers(request.user), pk=pk)
    try:
        if action == "upload":
            services.add_material(item, actor=request.user, kind=request.POST.get("kind", ""),
                                  title=request.POST.get("title", ""), upload=request.FILES.get("file"))
            messages.success(request, "已上传案卷材料")
        elif action in ACTIONS:
            ACTIONS[action](item, request.user, request.POST)
            messages.success(request, "已办理")
        else:
            raise Http404("没有这项操作")
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect("dossier_detail", pk=item.pk)


@login_required
def material(request, pk: int):
    found = get_object_or_404(DossierMaterial.objects.select_related("request__case"), pk=pk)
    item = get_object_or_404(services.visible_dossiers(request.user), pk=found.request_id)
    if not services.readable_materials(request.user, item).filter(pk=found.pk).exists():
        raise Http404("案卷材料尚未提供")
    services.open_material(request.user, found)
    return stored_file(request, found.file, owner_agency_id=item.agency_id)
