from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from liangfa.core.errors import DomainError
from liangfa.parties import links
from liangfa.parties.choices import LinkStatus


@login_required
def link_list(request):
    items = links.visible_links(request.user).filter(status=request.GET.get("status", LinkStatus.CANDIDATE))[:300]
    rows = [{"link": link, "a": links.shown_side(request.user, link.a), "b": links.shown_side(request.user, link.b),
             "mine_agreed": request.user.agency_id in link.consents} for link in items]
    return render(request, "parties/links.html", {"rows": rows, "statuses": LinkStatus.choices,
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
