from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from liangfa.accountability import services
from liangfa.accountability.choices import (
    GROUND_BASIS,
    REFERRAL_BASIS,
    FileStatus,
    Ground,
    Outcome,
    ReferralKind,
)
from liangfa.agencies.models import Agency
from liangfa.agencies.permissions import (
    may_decide_accountability,
    may_manage_accountability,
    may_open_accountability,
)
from liangfa.core.errors import DomainError
from liangfa.core.http import id_param


@login_required
def index(request):
    user = request.user
    files = list(services.visible_files(user)[:300])
    services.read_list(user, files)
    return render(request, "accountability/index.html", {"files": files, "may_open": may_open_accountability(user)})


def chosen_records(user, data, now):
    clue = transfer = None
    if id_param(data.get("clue")):
        clue = services.overdue(services.visible_clues(user), now).filter(pk=id_param(data.get("clue"))).first()
        if clue is None:
            raise DomainError("线索：该线索不存在、无权查看或不属于应移未移")
    if id_param(data.get("transfer")):
        transfer = services.late_transfers(now).filter(pk=id_param(data.get("transfer"))).first()
        if transfer is None:
            raise DomainError("移送案件：该移送案件不存在，或未逾期、未被不批准移送")
    return clue, transfer


@login_required
def new(request):
    user = request.user
    if not may_open_accountability(user):
        raise Http404("只有人民检察院的检察官、司法行政机关或监察机关的工作人员可以立问责卷")
    now = timezone.now()
    data = request.POST if request.method == "POST" else request.GET
    form = {k: (data.get(k) or "")[:4000] for k in ("ground", "facts", "responsible", "evidence")}
    form.update(clue=id_param(data.get("clue")) or "", transfer=id_param(data.get("transfer")) or "")
    if request.method == "POST":
        try:
            clue, transfer = chosen_records(user, request.POST, now)
            item = services.open_file(actor=user, ground=form["ground"], facts=request.POST.get("facts", ""),
                                      responsible=request.POST.get("responsible", ""),
                                      evidence=request.POST.get("evidence", ""), clue=clue, transfer=transfer, now=now)
            messages.success(request, "已立问责卷")
            return redirect("accountability_detail", pk=item.pk)
        except DomainError as exc:
            messages.error(request, str(exc))
    clues, transfers = services.candidates(user, now)
    return render(request, "accountability/new.html", {
        "form": form, "clues": clues, "transfers": transfers,
        "grounds": [(g.value, g.label, GROUND_BASIS[g]) for g in Ground]})


@login_required
def detail(request, pk: int):
    user = request.user
    item = get_object_or_404(services.visible_files(user), pk=pk)
    services.read_file(user, item)
    manage = may_manage_accountability(user, item)
    targets = services.referral_targets(item) if manage and item.status == FileStatus.OPEN else {}
    return render(request, "accountability/detail.html", {
        "f": item, "events": item.events.select_related("agency"), "evidence": services.evidence_rows(item),
        "ground_basis": GROUND_BASIS[item.ground],
        "referral_basis": REFERRAL_BASIS.get(item.referral_kind, ""),
        "may_amend": manage and item.status == FileStatus.OPEN,
        "targets": [(k, ReferralKind(k).label, REFERRAL_BASIS[k], agencies) for k, agencies in targets.items()],
        "may_conclude": may_decide_accountability(user, item) and item.status == FileStatus.REFERRED,
        "outcomes": Outcome.choices})


@login_required
@require_POST
def act(request, pk: int, action: str):
    user, data = request.user, request.POST
    item = get_object_or_404(services.visible_files(user), pk=pk)
    try:
        if action == "amend":
            services.amend(item, actor=user, responsible=data.get("responsible", ""), evidence=data.get("evidence", ""))
        elif action == "refer":
            kind = data.get("kind", "")
            to = Agency.objects.filter(pk=id_param(data.get(f"to_{kind}") or data.get("to"))).first()
            services.refer(item, actor=user, kind=kind, to=to, note=data.get("note", ""))
        elif action == "conclude":
            services.conclude(item, actor=user, outcome=data.get("outcome", ""), note=data.get("note", ""))
        else:
            raise Http404("没有这项操作")
        messages.success(request, "已办理")
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect("accountability_detail", pk=item.pk)
