from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from liangfa.core.errors import DomainError
from liangfa.screening import figures, links, services
from liangfa.screening.choices import ClueStatus, FindingKind, LinkStatus
from liangfa.screening.models import CatalogueEntry
from liangfa.screening.rulesets import rules_status


@login_required
def clue_list(request):
    clues = services.visible_clues(request.user)
    status = request.GET.get("status", "open")
    if status == "open":
        clues = clues.filter(status__in=[ClueStatus.NEW, ClueStatus.CHECKING, ClueStatus.SUGGESTED])
    elif status:
        clues = clues.filter(status=status)
    for name in ("agency", "rule_key", "kind"):
        if request.GET.get(name):
            clues = clues.filter(**{name if name != "agency" else "agency__code": request.GET[name]})
    if request.GET.get("review") in ("0", "1"):
        clues = clues.filter(needs_review=request.GET["review"] == "1")
    counts = services.visible_clues(request.user).values("status").annotate(n=Count("id"))
    return render(request, "screening/list.html", {
        "clues": clues.order_by("-updated_at")[:500], "status": status, "statuses": ClueStatus.choices,
        "kinds": FindingKind.choices, "counts": {c["status"]: c["n"] for c in counts},
        "kind": request.GET.get("kind", ""), "review": request.GET.get("review", ""),
        "title": "应移未移线索" if request.user.agency and request.user.agency.is_supervising else "线索",
        "rules": rules_status(),
    })


@login_required
def clue_detail(request, pk: int):
    clue = get_object_or_404(services.visible_clues(request.user), pk=pk)
    return render(request, "screening/detail.html", {
        "clue": clue, "events": clue.events.all(), "can_act": services._can_act(request.user, clue),
        "S": ClueStatus,
    })


@login_required
@require_POST
def clue_act(request, pk: int, to: str):
    clue = get_object_or_404(services.visible_clues(request.user), pk=pk)
    try:
        services.move_clue(clue, to, actor=request.user, reason=request.POST.get("reason", ""))
        messages.success(request, f"线索已改为“{ClueStatus(to).label}”")
        if to == ClueStatus.SUGGESTED:
            return redirect(f"/transfers/new/{clue.case_id}/?crime={clue.crime_name}")
    except (DomainError, ValueError) as exc:
        messages.error(request, str(exc))
    return redirect("clue_detail", pk=clue.pk)


@login_required
def link_list(request):
    items = links.visible_links(request.user).filter(status=request.GET.get("status", LinkStatus.CANDIDATE))[:300]
    return render(request, "screening/links.html", {"links": items, "statuses": LinkStatus.choices,
                                                    "status": request.GET.get("status", "candidate")})


@login_required
@require_POST
def link_decide(request, pk: int):
    link = get_object_or_404(links.visible_links(request.user), pk=pk)
    try:
        links.decide_link(link, actor=request.user, confirm=request.POST.get("confirm") == "1")
        messages.success(request, "已记录判断")
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect("link_list")


@login_required
def gap(request):
    """移送率: transfers and clues per 1,000 penalties, by agency and violation type, against peers and last year."""
    data = figures.gap_figures(request.user)
    return render(request, "screening/gap.html", {"data": data})


@login_required
def rules(request):
    if not (request.user.is_platform_admin or request.user.agency and request.user.agency.is_supervising):
        raise HttpForbidden("只有管理员和监督机关可以查看规则集")
    books = services.rulebooks()
    return render(request, "screening/rules.html", {"books": books, "catalogue": CatalogueEntry.objects.all(),
                                                    "rules": rules_status()})
