from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from liangfa.core.downloads import download
from liangfa.core.errors import DomainError
from liangfa.reports.figures import gap_figures
from liangfa.reports.services import build_bulletin, parse_period, to_excel, to_word


def _period(request):
    today = timezone.localdate()
    default = f"{today.year}Q{(today.month - 1) // 3 + 1}"
    return parse_period(request.GET.get("period") or default)


@login_required
def bulletin(request):
    try:
        period = _period(request)
    except DomainError as exc:
        messages.error(request, str(exc))
        period = parse_period(str(timezone.localdate().year))
    data = build_bulletin(request.user, period)
    fmt = request.GET.get("format")
    name = f"情况通报-{period.label}"
    if fmt == "xlsx":
        return download(to_excel(data), f"{name}.xlsx")
    if fmt == "docx":
        organ = request.user.agency.name if request.user.agency else "两法衔接工作联席会议办公室"
        return download(to_word(data, organ, timezone.now()), f"{name}.docx")
    return render(request, "reports/bulletin.html", {"data": data, "period_text": request.GET.get("period", "")})



@login_required
def gap(request):
    """移送率: transfers and clues per 1,000 penalties, by agency and violation type, against peers and last year."""
    return render(request, "reports/gap.html", {"data": gap_figures(request.user)})
