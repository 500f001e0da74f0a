from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from liangfa.core.downloads import download
from liangfa.core.errors import DomainError
from liangfa.reports.figures import gap_figures
from liangfa.reports.services import (
    build_bulletin,
    current_quarter,
    parse_period,
    recent_periods,
    to_excel,
    to_word,
)


@login_required
def bulletin(request):
    default = current_quarter(timezone.localdate())
    written = request.GET.get("period", "").strip()
    fmt = request.GET.get("format")
    try:
        period = parse_period(written) if written else default
    except DomainError as exc:
        messages.error(request, str(exc))
        period, fmt = default, None  # a file of another period than asked for would mislead: show the page
    data = build_bulletin(request.user, period)
    name = f"情况通报-{period.label}"
    if fmt == "xlsx":
        return download(to_excel(data), f"{name}.xlsx")
    if fmt == "docx":
        organ = request.user.agency.name if request.user.agency else "两法衔接工作联席会议办公室"
        return download(to_word(data, organ, timezone.now()), f"{name}.docx")
    return render(request, "reports/bulletin.html", {"data": data, "period_text": written or period.label,
                                                     "choices": recent_periods(timezone.localdate())})


@login_required
def gap(request):
    """移送率: transfers and clues per 1,000 penalties, by agency and violation type, against peers and last year."""
    return render(request, "reports/gap.html", {"data": gap_figures(request.user)})
