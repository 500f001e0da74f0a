from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from liangfa.agencies.models import Agency
from liangfa.agencies.permissions import may_draft_annual_report
from liangfa.core.downloads import download
from liangfa.core.errors import DomainError
from liangfa.core.http import id_param
from liangfa.reports.annual import annual_docx, build_annual, default_year
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


@login_required
def annual(request):
    """法治政府建设情况报告（草稿）: the organ's year in figures, each with its source page; Word on request."""
    agency_id = id_param(request.GET.get("agency")) if request.GET.get("agency") else request.user.agency_id
    agency = get_object_or_404(Agency, pk=agency_id) if agency_id else None
    try:
        year = int(request.GET.get("year") or default_year(timezone.localdate()))
        if not 2000 <= year <= timezone.localdate().year:
            raise ValueError
    except ValueError:
        messages.error(request, f"年度应为 2000 至 {timezone.localdate().year} 之间的四位数字，如 2025")
        year = default_year(timezone.localdate())
    if agency is None or not may_draft_annual_report(request.user, agency):
        messages.error(request, "无权生成该机关的法治政府建设情况报告：须为本机关工作人员或监督机关")
        return render(request, "reports/annual.html", {"sections": [], "year": year, "agency": agency}, status=403)
    sections = build_annual(agency, year, request.user)
    if request.GET.get("format") == "docx":
        return download(annual_docx(agency, year, sections), f"{agency.name}{year}年度法治政府建设情况报告（草稿）.docx")
    agencies = Agency.objects.order_by("kind", "code") if request.user.agency and request.user.agency.is_supervising \
        else [agency]
    return render(request, "reports/annual.html", {"sections": sections, "year": year, "agency": agency,
                                                   "agencies": agencies})
