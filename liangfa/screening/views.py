from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from liangfa.agencies.permissions import is_admin, may_handle_clue, reads_region
from liangfa.core.errors import DomainError
from liangfa.core.receipts import Read, record_reads
from liangfa.screening import services
from liangfa.screening.choices import ClueStatus, FindingKind
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
    shown = list(clues.order_by("-updated_at")[:500])
    record_reads(request.user, [Read(c.agency_id, "screening.clue", str(c.pk), c.case.decision_no) for c in shown],
                 what="涉罪线索列表", via="页面")
    return render(request, "screening/list.html", {
        "clues": shown, "status": status, "statuses": ClueStatus.choices,
        "kinds": FindingKind.choices, "counts": {c["status"]: c["n"] for c in counts},
        "kind": request.GET.get("kind", ""), "review": request.GET.get("review", ""),
        "title": "应移未移线索" if reads_region(request.user) else "线索",
        "rules": rules_status(),
    })


@login_required
def clue_detail(request, pk: int):
    clue = services.listed_for(request.user, [get_object_or_404(services.visible_clues(request.user), pk=pk)])[0]
    return render(request, "screening/detail.html", {
        "clue": clue, "events": clue.events.all(), "can_act": may_handle_clue(request.user, clue),
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
def rules(request):
    if not (is_admin(request.user) or reads_region(request.user)):
        raise HttpForbidden("只有管理员和监督机关可以查看规则集")
    books = services.rulebooks()
    return render(request, "screening/rules.html", {"books": books, "catalogue": CatalogueEntry.objects.all(),
                                                    "rules": rules_status()})
